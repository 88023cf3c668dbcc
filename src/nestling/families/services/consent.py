"""Consents given, and revoked."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can_see_category, require
from nestling.accounts.models import User
from nestling.audit.categories import SensitiveCategory
from nestling.families.models import CONSENT_CATEGORIES, Caregiver, Consent, ConsentKind, Family
from nestling.families.selectors import consent_active
from nestling.families.validation import consent_errors
from nestling.records.errors import RecordInvalid
from nestling.records.writes import already_created, audit_create, insert_once, record_update


def consent_create(
    *,
    family: Family,
    by: User,
    kind: str,
    given_on: date,
    given_by: Caregiver | None = None,
    given_by_other: str = "",
    expires_on: date | None = None,
    expiry_event: str = "",
    recipient: str = "",
    purpose: str = "",
    discloser: str = "",
    information: str = "",
    right_to_revoke_explained: bool = False,
    signed: bool = False,
    client_id: UUID | None = None,
) -> Consent:
    """Record a consent. A 42 CFR Part 2 consent is refused unless it has every required element, and
    unless `by` has a grant for substance use: it is shown to no one else."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Consent, family=family, client_id=client_id)
    if existing is not None:
        return existing
    values = {
        "kind": kind,
        "given_on": given_on,
        "given_by": given_by,
        "given_by_other": given_by_other.strip(),
        "expires_on": expires_on,
        "expiry_event": expiry_event.strip(),
        "recipient": recipient.strip(),
        "purpose": purpose.strip(),
        "discloser": discloser.strip(),
        "information": information.strip(),
        "right_to_revoke_explained": right_to_revoke_explained,
        "signed": signed,
    }
    errors = consent_errors(values)
    category = CONSENT_CATEGORIES.get(kind, "")
    if category and not can_see_category(by, category, family):
        errors.setdefault("kind", []).append(
            _("Recording this consent needs a grant for %(category)s: ask your privacy officer.")
            % {"category": SensitiveCategory(category).label.lower()}
        )
    if given_by is not None and given_by.family_id != family.pk:
        errors.setdefault("given_by", []).append(_("Choose a caregiver of this household."))
    if given_by is not None and values["given_by_other"]:
        # Both filled in: which one gave it? Keeping one and dropping the other would lose what was typed.
        errors.setdefault("given_by_other", []).append(
            _("Choose the caregiver who gave it, or type the name of someone else — not both.")
        )
    if not errors:
        same_kind = consent_active(family=family, kind=kind, on=given_on, recipient=recipient.strip())
        if kind == ConsentKind.PORTAL:
            # Each caregiver agrees to their own portal account: separated parents consent apart.
            same_kind = same_kind.filter(given_by=given_by)
        same = same_kind.first()
        if same is not None:
            errors.setdefault("", []).append(
                _(
                    "The same consent is already in force (given on %(on)s). Revoke that one first if this "
                    "one replaces it."
                )
                % {"on": date_format(same.given_on, "j M Y")}
            )
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        consent, created = insert_once(
            Consent(
                organization_id=family.organization_id,
                family=family,
                client_id=client_id,
                created_by=by,
                **values,
            )
        )
        if created:
            audit_create(by=by, record=consent, family=family)
    return consent


def consent_revoke(*, consent: Consent, by: User, version: int, revoked_on: date, note: str = "") -> Consent:
    """Revoke a consent from `revoked_on`; from then on it no longer counts anywhere."""
    require(by, Action.FAMILY_EDIT, consent.family)
    errors: dict[str, list[str]] = {}
    if consent.revoked_on is not None:
        errors[""] = [_("This consent is already revoked.")]
    if revoked_on > timezone.localdate():
        errors["revoked_on"] = [_("This date is in the future.")]
    elif revoked_on < consent.given_on:
        errors["revoked_on"] = [_("Revocation cannot be before the consent was given.")]
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        updated, _before = record_update(
            consent,
            by=by,
            version=version,
            changes={"revoked_on": revoked_on, "revocation_note": note.strip()},
            allowed=frozenset({"revoked_on", "revocation_note"}),
            family=consent.family,
        )
    return updated
