"""The referral letter: a PDF holding only what the referral shares, checked against the consents when
the letter is made (a consent revoked or expired since stops the letter), with the confidentiality header
— the redisclosure notice of 42 CFR Part 2 when substance use information is in it — and who made it
when. Making one is a disclosure: audited as an export of the family's information to the service."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from nestling.access.policy import Action, require, require_category
from nestling.accounts.models import User
from nestling.audit.categories import SensitiveCategory
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.documents.pdf import render_pdf
from nestling.families.models import Caregiver, Child, Relationship, RiskFactor
from nestling.records.errors import RecordInvalid
from nestling.referrals.models import Referral, Shared
from nestling.referrals.services.referrals import ReferralDraft, sharing_errors
from nestling.screening.models import ScreeningResult
from nestling.screening.scoring import UnknownInstrument, default_library
from nestling.screening.words import name_in_sentence

# 42 CFR § 2.32: the notice that accompanies each disclosure made with the patient's written consent.
PART2_NOTICE = (
    "This record which has been disclosed to you is protected by federal confidentiality rules "
    "(42 CFR part 2). These rules prohibit you from using or disclosing this record, or testimony that "
    "describes the information contained in this record, in any civil, criminal, administrative, or "
    "legislative proceedings by any Federal, State, or local authority, against the patient, unless "
    "authorized by the consent of the patient, except as provided at 42 CFR 2.12(c)(5) or as authorized "
    "by a court in accordance with 42 CFR 2.64 or 2.65. In addition, the federal rules prohibit you from "
    "making any other disclosure of this record unless at least one of the following applies: disclosure "
    "is expressly permitted by the written consent of the person to whom it pertains or as otherwise "
    "permitted by 42 CFR part 2; or disclosure is of information that is not identifiable. A general "
    "authorization for the release of medical or other information is NOT sufficient to meet the required "
    "elements of written consent to further disclose this record (see 42 CFR 2.31)."
)


@dataclass(frozen=True)
class Letter:
    pdf: bytes
    filename: str


def _draft(referral: Referral) -> ReferralDraft:
    return ReferralDraft(
        subject=referral.subject,
        reason=referral.reason,
        referred_on=referral.referred_on,
        expected_by=referral.expected_by,
        from_result=referral.from_result,
        from_alert=referral.from_alert,
        from_diagnosis=referral.from_diagnosis,
        from_stressor=referral.from_stressor,
        shared=list(referral.shared),
        consent=referral.consent,
        part2_consent=referral.part2_consent,
    )


def letter_refusal(referral: Referral, *, on: date | None = None) -> str:
    """Why a letter for this referral cannot be made today ("" when it can)."""
    on = on or timezone.localdate()
    if not referral.shared:
        return _("This referral shares nothing: choose what is shared (and under which consent) first.")
    errors = sharing_errors(_draft(referral), family=referral.family, on=on)
    if errors.get("consent"):
        return _(
            "The consent to share information with %(service)s is no longer in force (revoked or expired): "
            "no letter can be made. Record a new consent and choose it on the referral."
        ) % {"service": referral.service_label}
    if errors.get("part2_consent"):
        return _(
            "The 42 CFR Part 2 consent is no longer in force (revoked or expired): no letter with substance "
            "use information can be made. Take substance use information out of what is shared, or record "
            "a new Part 2 consent."
        )
    if errors:
        return " ".join(message for messages in errors.values() for message in messages)
    return ""


def _instrument_title(result: ScreeningResult) -> str:
    try:
        # the letter is written in the language it is made in: its English title only in an English one
        return name_in_sentence(default_library().get(result.definition))
    except UnknownInstrument:
        return result.definition


def _person_facts(referral: Referral) -> dict[str, Any]:
    person = referral.subject.person
    caregiver = person.caregiver if isinstance(person, Relationship) else person
    child = person.child if isinstance(person, Relationship) else person
    facts: dict[str, Any] = {"name": str(person)}
    if isinstance(person, Child | Relationship) and isinstance(child, Child):
        facts["child_born"] = child.date_of_birth
    if isinstance(caregiver, Caregiver):
        facts["phone"] = caregiver.phone
        facts["email"] = caregiver.email
        facts["caregiver"] = caregiver.full_name
    family = referral.family
    facts["address"] = ", ".join(
        part for part in (family.address_line, family.address_locality, family.address_region) if part
    )
    return facts


def _substance_use(referral: Referral) -> dict[str, Any]:
    """The substance use information of the person referred: their screens and noted factors."""
    person = referral.subject.person
    caregiver = person if isinstance(person, Caregiver) else getattr(person, "caregiver", None)
    results = ScreeningResult.objects.filter(
        family=referral.family,
        subject_id=referral.subject_id,
        instrument="audit-c",
        entered_in_error_at__isnull=True,
    ).order_by("-administered_on")[:3]
    factors = (
        RiskFactor.objects.filter(
            family=referral.family, caregiver=caregiver, sensitive_category=SensitiveCategory.SUBSTANCE_USE
        )
        if caregiver is not None
        else RiskFactor.objects.none()
    )
    return {
        "results": [
            {"title": _instrument_title(r), "on": r.administered_on, "total": r.total, "band": r.band}
            for r in results
        ],
        "factors": [f.description for f in factors],
    }


def referral_letter_make(*, referral: Referral, by: User) -> Letter:
    """The referral's letter as a PDF, or RecordInvalid saying why not (nothing shared, a consent no
    longer in force). Audited as a disclosure to the service, naming what it held and under which
    consents."""
    family = referral.family
    require(by, Action.FAMILY_EDIT, family)
    require_category(
        by,
        referral.sensitive_category,
        family,
        action="referral.letter",
        subject_type="referral",
        subject_id=referral.uuid,
    )
    refusal = letter_refusal(referral)
    if refusal:
        raise RecordInvalid({"": [refusal]})
    shared = set(referral.shared)
    context: dict[str, Any] = {"referral": referral, "shared": shared}
    if Shared.CONTACT in shared:
        context["person"] = _person_facts(referral)
    if Shared.REASON in shared:
        context["reason"] = referral.reason
    if Shared.SCREENING in shared and referral.from_result is not None:
        result = referral.from_result
        context["screen"] = {
            "title": _instrument_title(result),
            "on": result.administered_on,
            "total": result.total,
            "band": result.band,
            "positive": result.positive,
        }
    if Shared.FORMULATION in shared:
        finding = referral.from_diagnosis or referral.from_stressor
        context["finding"] = str(getattr(finding, "name", "") or getattr(finding, "description", ""))
        code = getattr(referral.from_diagnosis, "icd10", "") if referral.from_diagnosis else ""
        context["finding_code"] = code
    part2 = Shared.SUBSTANCE_USE in shared
    if part2:
        context["substance_use"] = _substance_use(referral)
    made_at = timezone.now()
    pdf = render_pdf(
        "referrals/letter.html",
        context,
        title=_("Referral to %(service)s") % {"service": referral.service_label},
        made_by=by.display_name,
        made_at=made_at,
        confidentiality=PART2_NOTICE if part2 else None,
    )
    consents = [c for c in (referral.consent, referral.part2_consent if part2 else None) if c is not None]
    audit_record(
        actor=by,
        action=AuditAction.EXPORT,
        category=referral.sensitive_category or "referral",
        organization_id=family.organization_id,
        subject_type="referral",
        subject_id=referral.uuid,
        family_uuid=family.uuid,
        detail={
            "disclosure": "referral_letter",
            "to": referral.service_label,
            "shared": sorted(shared),
            "consents": [str(c.uuid) for c in consents],
            "part2": part2,
            "made_at": made_at.isoformat(),
        },
    )
    return Letter(pdf=pdf, filename=f"referral-{referral.referred_on.isoformat()}.pdf")
