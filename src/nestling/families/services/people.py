"""Caregivers, children, births, relationships and what is observed in them."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require
from nestling.accounts.models import User
from nestling.families import dates
from nestling.families.age import TERM_DAYS, Gestation
from nestling.families.contributions import dates_corrected
from nestling.families.duplicates import possible_duplicates
from nestling.families.errors import PossibleDuplicate
from nestling.families.models import (
    Caregiver,
    Child,
    CustodyKind,
    Family,
    HouseholdMembership,
    ObservationKind,
    Relationship,
    RelationshipKind,
    RelationshipObservation,
    Sex,
    subject_of,
)
from nestling.families.validation import (
    Errors,
    birth_detail_errors,
    caregiver_errors,
    child_errors,
    date_errors,
    happened_errors,
    recorded_errors,
)
from nestling.records.errors import RecordInvalid
from nestling.records.writes import (
    already_created,
    audit_create,
    insert_once,
    record_update,
)

CAREGIVER_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "date_of_birth",
        "phone",
        "email",
        "preferred_language",
        "pregnancy_due_date",
    }
)
CHILD_FIELDS = frozenset(
    {
        "given_name",
        "family_name",
        "date_of_birth",
        "due_date",
        "sex",
        "gestation_weeks",
        "gestation_days",
        "birth_weight_grams",
    }
)
RELATIONSHIP_FIELDS = frozenset({"kind", "is_primary", "legal_custody", "since", "strengths", "concerns"})


def _join_household(*, family: Family, person: Caregiver | Child, on: date) -> None:
    HouseholdMembership.objects.create(
        organization_id=family.organization_id,
        family=family,
        caregiver=person if isinstance(person, Caregiver) else None,
        child=person if isinstance(person, Child) else None,
        starts_on=on,
    )


def caregiver_create(
    *,
    family: Family,
    by: User,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    phone: str = "",
    email: str = "",
    preferred_language: str = "",
    pregnancy_due_date: date | None = None,
    client_id: UUID | None = None,
    confirm_duplicate: bool = False,
) -> Caregiver:
    """Add a caregiver to the household.

    Refuses (PossibleDuplicate) when someone with a similar name and the same date of birth is already
    recorded in the organization, unless `confirm_duplicate`. A repeated `client_id` returns the caregiver
    the first submission created.
    """
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Caregiver, family=family, client_id=client_id)
    if existing is not None:
        return existing
    values: dict[str, Any] = {
        "given_name": given_name.strip(),
        "family_name": family_name.strip(),
        "date_of_birth": date_of_birth,
        "phone": phone.strip(),
        "email": email.strip(),
        "preferred_language": preferred_language.strip(),
        "pregnancy_due_date": pregnancy_due_date,
    }
    errors = caregiver_errors(values)
    if errors:
        raise RecordInvalid(errors)
    matches = possible_duplicates(
        Caregiver,
        organization_id=family.organization_id,
        given_name=values["given_name"],
        family_name=values["family_name"],
        date_of_birth=date_of_birth,
    )
    if matches and not confirm_duplicate:
        raise PossibleDuplicate(matches)
    with transaction.atomic():
        caregiver, created = insert_once(
            Caregiver(
                organization_id=family.organization_id,
                family=family,
                client_id=client_id,
                created_by=by,
                **values,
            )
        )
        if created:
            subject_of(caregiver)
            _join_household(family=family, person=caregiver, on=timezone.localdate())
            audit_create(
                by=by,
                record=caregiver,
                family=family,
                detail={"duplicate_confirmed": [str(m.uuid) for m in matches]} if matches else None,
            )
    return caregiver


def caregiver_update(*, caregiver: Caregiver, by: User, version: int, **changes: Any) -> Caregiver:
    """Change a caregiver's details; refuses a stale `version` with the other person's changes."""
    require(by, Action.FAMILY_EDIT, caregiver.family)
    values = {name: getattr(caregiver, name) for name in CAREGIVER_FIELDS} | changes
    errors = caregiver_errors(values, stored_birth_date=caregiver.date_of_birth)
    if errors:
        raise RecordInvalid(errors)
    updated, _before = record_update(
        caregiver, by=by, version=version, changes=changes, allowed=CAREGIVER_FIELDS, family=caregiver.family
    )
    return updated


def child_create(
    *,
    family: Family,
    by: User,
    family_name: str,
    given_name: str = "",
    date_of_birth: date | None = None,
    due_date: date | None = None,
    sex: str = Sex.UNKNOWN,
    gestation_weeks: int | None = None,
    gestation_days: int | None = None,
    birth_weight_grams: int | None = None,
    client_id: UUID | None = None,
    confirm_duplicate: bool = False,
) -> Child:
    """Add a child: born (date of birth) or prenatal (expected due date only).

    Duplicates and repeated submissions are handled as in `caregiver_create`.
    """
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Child, family=family, client_id=client_id)
    if existing is not None:
        return existing
    values: dict[str, Any] = {
        "given_name": given_name.strip(),
        "family_name": family_name.strip(),
        "date_of_birth": date_of_birth,
        "due_date": due_date,
        "sex": sex,
        "gestation_weeks": gestation_weeks,
        "gestation_days": gestation_days,
        "birth_weight_grams": birth_weight_grams,
    }
    errors = child_errors(values)
    if errors:
        raise RecordInvalid(errors)
    matches = possible_duplicates(
        Child,
        organization_id=family.organization_id,
        given_name=values["given_name"],
        family_name=values["family_name"],
        date_of_birth=date_of_birth,
        due_date=due_date,
    )
    if matches and not confirm_duplicate:
        raise PossibleDuplicate(matches)
    with transaction.atomic():
        child, created = insert_once(
            Child(
                organization_id=family.organization_id,
                family=family,
                client_id=client_id,
                created_by=by,
                **values,
            )
        )
        if created:
            subject_of(child)
            _join_household(family=family, person=child, on=date_of_birth or timezone.localdate())
            audit_create(
                by=by,
                record=child,
                family=family,
                detail={"duplicate_confirmed": [str(m.uuid) for m in matches]} if matches else None,
            )
    return child


def child_update(*, child: Child, by: User, version: int, **changes: Any) -> Child:
    """Change a child's details; a prenatal child becomes born through `birth_record`, not here."""
    require(by, Action.FAMILY_EDIT, child.family)
    if child.is_prenatal and changes.get("date_of_birth") is not None:
        raise RecordInvalid({"date_of_birth": [_("Record the birth to enter the date of birth.")]})
    values = {name: getattr(child, name) for name in CHILD_FIELDS} | changes
    errors = child_errors(values, stored_birth_date=child.date_of_birth)
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        updated, before = record_update(
            child, by=by, version=version, changes=changes, allowed=CHILD_FIELDS, family=child.family
        )
        if {"date_of_birth", "due_date"} & set(before):
            dates_corrected(by=by, family=updated.family, what="birth")
    return updated


def birth_record(
    *,
    child: Child,
    by: User,
    version: int,
    date_of_birth: date,
    sex: str | None = None,
    given_name: str | None = None,
    gestation_weeks: int | None = None,
    gestation_days: int | None = None,
    birth_weight_grams: int | None = None,
) -> Child:
    """Turn a prenatal child into a born one.

    Without a gestation, it is worked out from the due date (280 days − days before the due date), which
    is how a baby born early gets a corrected age. The birth mother's pregnancy is closed.
    """
    require(by, Action.FAMILY_EDIT, child.family)
    errors: Errors = {}
    if not child.is_prenatal:
        errors[""] = [_("This child's birth is already recorded.")]
    today = timezone.localdate()
    errors.update(date_errors("date_of_birth", dates.child_birth(date_of_birth, today=today)))
    if gestation_weeks is None and child.due_date is not None and "date_of_birth" not in errors:
        total = TERM_DAYS - (child.due_date - date_of_birth).days
        try:
            estimated = Gestation.at_birth(total // 7, total % 7)
        except ValueError:
            errors.setdefault("date_of_birth", []).append(
                _("This date is too far from the due date (%(due)s); check both.") % {"due": child.due_date}
            )
        else:
            gestation_weeks, gestation_days = estimated.weeks, estimated.days
    values = {
        "gestation_weeks": gestation_weeks,
        "gestation_days": gestation_days,
        "birth_weight_grams": birth_weight_grams,
    }
    # the gestation is judged against the due date the birth was expected on
    for field, messages in birth_detail_errors(
        {**values, "date_of_birth": date_of_birth, "due_date": child.due_date}
    ).items():
        errors.setdefault(field, []).extend(messages)
    if errors:
        raise RecordInvalid(errors)
    changes: dict[str, Any] = {"date_of_birth": date_of_birth, **values}
    if sex is not None:
        changes["sex"] = sex
    if given_name is not None and given_name.strip():
        changes["given_name"] = given_name.strip()
    with transaction.atomic():
        updated, _before = record_update(
            child,
            by=by,
            version=version,
            changes=changes,
            allowed=CHILD_FIELDS,
            family=child.family,
            detail={"event": "birth"},
        )
        HouseholdMembership.objects.filter(child=updated, ends_on__isnull=True).update(
            starts_on=date_of_birth
        )
        mothers = Caregiver.objects.filter(
            relationships__child=updated,
            relationships__kind=RelationshipKind.BIOLOGICAL_MOTHER,
            pregnancy_due_date__isnull=False,
        )
        for mother in mothers:
            record_update(
                mother,
                by=by,
                version=mother.version,
                changes={"pregnancy_due_date": None},
                allowed=CAREGIVER_FIELDS,
                family=child.family,
                detail={"event": "birth", "child": str(updated.uuid)},
            )
        # what counted from the due date now counts from the day the baby was born
        dates_corrected(by=by, family=updated.family, what="birth")
    return updated


def _since_errors(since: date | None, *, child: Child) -> Errors:
    """ "Caring since" is not in the future, nor before the child was born (nor set before the birth)."""
    if since is not None and child.is_prenatal:
        return {"since": [_("Enter this once the birth is recorded: a caregiver cares for a born child.")]}
    return happened_errors("since", since, born=child.date_of_birth, born_whom=child.full_name)


def relationship_create(
    *,
    family: Family,
    by: User,
    caregiver: Caregiver,
    child: Child,
    kind: str,
    is_primary: bool = False,
    legal_custody: str = CustodyKind.UNKNOWN,
    since: date | None = None,
    strengths: str = "",
    concerns: str = "",
    client_id: UUID | None = None,
) -> Relationship:
    """Record how a caregiver is related to a child: the relationship becomes a patient of its own."""
    require(by, Action.FAMILY_EDIT, family)
    existing = already_created(Relationship, family=family, client_id=client_id)
    if existing is not None:
        return existing
    errors: dict[str, list[str]] = {}
    if caregiver.family_id != family.pk:
        errors["caregiver"] = [_("Choose a caregiver of this household.")]
    if child.family_id != family.pk:
        errors["child"] = [_("Choose a child of this household.")]
    if Relationship.objects.filter(caregiver=caregiver, child=child).exists():
        errors[""] = [_("This caregiver's relationship with this child is already recorded.")]
    errors.update(_since_errors(since, child=child))
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        relationship, created = insert_once(
            Relationship(
                organization_id=family.organization_id,
                family=family,
                caregiver=caregiver,
                child=child,
                kind=kind,
                is_primary=is_primary,
                legal_custody=legal_custody,
                since=since,
                strengths=strengths.strip(),
                concerns=concerns.strip(),
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            subject_of(relationship)
            audit_create(by=by, record=relationship, family=family)
    return relationship


def relationship_update(
    *, relationship: Relationship, by: User, version: int, **changes: Any
) -> Relationship:
    require(by, Action.FAMILY_EDIT, relationship.family)
    errors = _since_errors(changes["since"], child=relationship.child) if "since" in changes else {}
    if errors:
        raise RecordInvalid(errors)
    updated, _before = record_update(
        relationship,
        by=by,
        version=version,
        changes=changes,
        allowed=RELATIONSHIP_FIELDS,
        family=relationship.family,
    )
    return updated


def relationship_observe(
    *,
    relationship: Relationship,
    by: User,
    text: str,
    observed_on: date,
    kind: str = ObservationKind.NOTE,
    client_id: UUID | None = None,
) -> RelationshipObservation:
    """Add a dated observation of the caregiver and child together. Observations are never edited."""
    require(by, Action.FAMILY_EDIT, relationship.family)
    family = relationship.family
    existing = already_created(RelationshipObservation, family=family, client_id=client_id)
    if existing is not None:
        return existing
    errors: dict[str, list[str]] = {}
    if not text.strip():
        errors["text"] = [_("Write what you observed.")]
    child = relationship.child
    errors.update(
        recorded_errors("observed_on", observed_on, born=child.date_of_birth, born_whom=child.full_name)
    )
    if errors:
        raise RecordInvalid(errors)
    with transaction.atomic():
        observation, created = insert_once(
            RelationshipObservation(
                organization_id=family.organization_id,
                relationship=relationship,
                observed_on=observed_on,
                kind=kind,
                text=text.strip(),
                observer=by,
                client_id=client_id,
                created_by=by,
            )
        )
        if created:
            audit_create(
                by=by, record=observation, family=family, detail={"relationship": str(relationship.uuid)}
            )
    return observation
