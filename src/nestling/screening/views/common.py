"""What the screening pages share: the family door, the labels of a licensed copy, refusals."""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import get_language

from nestling.access.denials import AccessDenied
from nestling.access.policy import Action, require_category
from nestling.access.shortcuts import family_for_request
from nestling.accounts.http import AuthedRequest
from nestling.families.models import Caregiver, Child, Family, Relationship, SubjectKind
from nestling.screening.charts import ResultsChart, all_charted, results_charts
from nestling.screening.labels import InstrumentLabels
from nestling.screening.licensed_wording import instrument_wording_for
from nestling.screening.models import (
    ScreeningResult,
)
from nestling.screening.scoring import (
    Definition,
)
from nestling.screening.selectors import PersonScreening
from nestling.tasks.models import Task

CATEGORY = "screening"
SUBJECT_MODELS: dict[str, type[Caregiver] | type[Child] | type[Relationship]] = {
    SubjectKind.CAREGIVER: Caregiver,
    SubjectKind.CHILD: Child,
    SubjectKind.RELATIONSHIP: Relationship,
}


def _family(request: AuthedRequest, family_uuid: UUID, action: Action = Action.FAMILY_VIEW) -> Family:
    return family_for_request(
        request,
        family_uuid,
        action=action,
        category=CATEGORY,
        queryset=Family.objects.select_related("program", "program__screening_schedule"),
    )


def _labels(family: Family, definition: Definition) -> InstrumentLabels:
    """The words to show for this family's organization: its licensed copy in the reader's language."""
    licensed = instrument_wording_for(
        organization_id=family.organization_id, definition=definition, language=get_language() or "en"
    )
    return InstrumentLabels(definition=definition, licensed=licensed)


def _refuse(
    request: AuthedRequest, family: Family, subject_type: str, subject_id: UUID | str
) -> AccessDenied:
    """A record not in this family (or not for this user): refused against the family (a 404, audited
    once by the middleware)."""
    return AccessDenied(
        actor=request.user,
        action="record.open",
        category=CATEGORY,
        organization_id=family.organization_id,
        subject_type="family",
        subject_id=family.uuid,
        family_uuid=family.uuid,
        detail={"record": f"{subject_type}:{subject_id}"},
    )


def _require_shown(
    request: AuthedRequest,
    family: Family,
    record: ScreeningResult | Task,
    categories: frozenset[str] | None = None,
) -> None:
    """Refuse a result or task in a sensitive category the reader has no grant for as if it were not
    there (a 404, audited once under its category)."""
    require_category(
        request.user,
        record.sensitive_category,
        family,
        action="record.open",
        subject_type=record._meta.model_name or "",
        subject_id=record.uuid,
        granted=categories,
    )


def _charts(person: PersonScreening) -> tuple[list[ResultsChart], bool]:
    charts = results_charts(subject=person.subject, results=person.results)
    return charts, all_charted(person.results, charts)
