"""The family's clinical records: screening results (read, and answers sent to be scored), measurements,
tasks, visits, care plans and formulations. Each reads through the door the pages use and hides what a
sensitive category covers unless the reader holds a grant, auditing each category shown."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from nestling.access.policy import granted_categories
from nestling.api import scopes
from nestling.api.errors import READ_ERRORS, WRITE_ERRORS
from nestling.api.family_operations import Within, family_list, family_record
from nestling.api.http import (
    absent,
    authed,
    family_of,
    idempotency_id,
    needs,
    record_of,
    tagged,
)
from nestling.api.schemas import (
    CarePlanOut,
    FormulationOut,
    FormulationVersionOut,
    MeasurementIn,
    MeasurementOut,
    ScreeningIn,
    ScreeningResultOut,
    TaskOut,
    VisitOut,
)
from nestling.api.selectors import child_measurements, family_plans, person_in_family
from nestling.families.models import Child
from nestling.formulation.selectors import formulation_of, versions_of
from nestling.growth.services import measurement_record
from nestling.records.errors import RecordInvalid
from nestling.screening.models import ScreeningResult
from nestling.screening.selectors import family_results
from nestling.screening.services import screening_record
from nestling.tasks.selectors import open_tasks_seen, shown_categories
from nestling.visits.selectors import family_visits

router = Router(tags=["records"])


family_list(
    router,
    "/families/{uuid:family_uuid}/screening-results",
    name="api_screening_results",
    operation="screening_results",
    module=__name__,
    out=ScreeningResultOut,
    scope=scopes.read("screening"),
    category="screening",
    granted_only=True,
    rows=lambda asked: family_results(family=asked.family),
    doc="The family's screening results, newest first (those of a sensitive category only with a grant).",
)


@router.post(
    "/families/{uuid:family_uuid}/screening-results",
    response={201: ScreeningResultOut, **WRITE_ERRORS},
    auth=needs(scopes.write("screening")),
    url_name="api_screening_results",
)
def screening_submit(
    request: HttpRequest, family_uuid: UUID, payload: ScreeningIn, response: HttpResponse
) -> Any:
    """Send a person's answers to be scored by the same engine as the pages; the result comes back, with
    any follow-up and safety alert raised as on the page. Send an Idempotency-Key."""
    family = family_of(request, family_uuid, write=True, category="screening")
    person = person_in_family(family=family, person_uuid=payload.subject)
    if person is None:
        message = _("There is no such caregiver, child or relationship in this family.")
        raise RecordInvalid({"subject": [message]})
    answers = [tuple(a) if isinstance(a, list) else a for a in payload.answers]
    result = screening_record(
        family=family,
        subject=person,
        instrument_id=payload.instrument,
        answers=answers,
        by=authed(request).user,
        administered_on=payload.administered_on,
        context=payload.context,
        client_id=idempotency_id(request),
        stopped_early=payload.stopped_early,
    )
    tagged(response, result.version)
    return Status(201, result)


family_record(
    router,
    "/families/{uuid:family_uuid}/screening-results/{uuid:result_uuid}",
    name="api_screening_result",
    operation="screening_result",
    module=__name__,
    out=ScreeningResultOut,
    scope=scopes.read("screening"),
    category="screening",
    param="result_uuid",
    queryset=ScreeningResult.objects.all,
    kind="screeningresult",
    granted_only=True,
)


family_list(
    router,
    "/families/{uuid:family_uuid}/children/{uuid:child_uuid}/measurements",
    name="api_measurements",
    operation="measurements",
    module=__name__,
    out=MeasurementOut,
    scope=scopes.read("growth"),
    category="growth",
    within=Within("child_uuid", Child.objects.all, "child"),
    rows=lambda asked: child_measurements(child=asked.within),
    doc="The child's measurements in force (a corrected value gives way to its correction), oldest first.",
)


@router.post(
    "/families/{uuid:family_uuid}/children/{uuid:child_uuid}/measurements",
    response={201: MeasurementOut, **WRITE_ERRORS},
    auth=needs(scopes.write("growth")),
    url_name="api_measurements",
)
def measurement_add(
    request: HttpRequest, family_uuid: UUID, child_uuid: UUID, payload: MeasurementIn, response: HttpResponse
) -> Any:
    """Record a measurement, checked as on the page (a value beyond WHO's flags, or a second one of the
    same kind that day, asks to be confirmed: 409 naming the field to send). Send an Idempotency-Key."""
    family = family_of(request, family_uuid, write=True, category="growth")
    child = record_of(request, Child.objects.all(), family, child_uuid, kind="child")
    made = measurement_record(
        child=child,
        by=authed(request).user,
        client_id=idempotency_id(request),
        **payload.dict(),
    )
    tagged(response, made.version)
    return Status(201, made)


family_list(
    router,
    "/families/{uuid:family_uuid}/tasks",
    name="api_tasks",
    operation="tasks",
    module=__name__,
    out=TaskOut,
    scope=scopes.read("tasks"),
    category="task",
    rows=lambda asked: open_tasks_seen(
        family=asked.family, categories=granted_categories(asked.user, asked.family)
    ),
    shape=TaskOut.from_row,
    categories=shown_categories,
    doc="The family's open tasks, soonest due first; a task of a sensitive category the reader has no "
    "grant for shows only its due date.",
)
family_list(
    router,
    "/families/{uuid:family_uuid}/visits",
    name="api_visits",
    operation="visits",
    module=__name__,
    out=VisitOut,
    scope=scopes.read("visits"),
    category="visit",
    rows=lambda asked: family_visits(actor=asked.user, family=asked.family),
    doc="The family's visits, newest first (what was planned and held; a note's status, not its text).",
)


def _plan(plan: Any) -> dict[str, Any]:
    return {
        "uuid": plan.uuid,
        "started_on": plan.started_on,
        "review_on": plan.review_on,
        "summary": plan.summary,
        "closed_on": plan.closed_on,
        "goals": list(plan.goals.all()),
        "version": plan.version,
    }


family_list(
    router,
    "/families/{uuid:family_uuid}/care-plans",
    name="api_care_plans",
    operation="care_plans",
    module=__name__,
    out=CarePlanOut,
    scope=scopes.read("plans"),
    category="careplan",
    rows=lambda asked: family_plans(family=asked.family),
    shape=_plan,
    doc="The family's care plans, newest first, each with its goals.",
)


@router.get(
    "/families/{uuid:family_uuid}/children/{uuid:child_uuid}/formulation",
    response={200: FormulationOut, **READ_ERRORS},
    auth=needs(scopes.read("formulation")),
    url_name="api_formulation",
)
def formulation(request: HttpRequest, family_uuid: UUID, child_uuid: UUID) -> Any:
    """The child's DC:0-5 formulation and its versions (404 when none was made)."""
    user = authed(request).user
    family = family_of(request, family_uuid, category="formulation")
    child = record_of(request, Child.objects.all(), family, child_uuid, kind="child")
    found = formulation_of(actor=user, child=child)
    if found is None:
        # No formulation yet: the same answer as any record that is not there, audited once.
        absent(request, family, child_uuid, kind="formulation")
    views = versions_of(actor=user, family=family, formulation=found)
    return {
        "uuid": found.uuid,
        "child": child.uuid,
        "latest_number": found.latest_number,
        "latest_on": found.latest_on,
        "versions": [
            FormulationVersionOut(
                number=v.version.number, formulated_on=v.version.formulated_on, occasion=v.version.occasion
            )
            for v in views
        ],
    }
