"""Reports: the measures dashboard and data quality are for whoever reports on families — a manager on
the program, a supervisor on the team, a practitioner on their own caseload; the funder's table and its
files are the manager's. Drill-down lists only the reader's families, and a measure in a sensitive
category (intimate-partner violence) is drilled into only with a grant, which no persona holds."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from nestling.reports.models import DataExport, ExportStatus
from tests.access.matrix.shapes import GET, GET_POST, Pattern, Scene, Target, only
from tests.access.matrix.world import MatrixWorld

REPORTERS = ("practitioner", "colleague", "supervisor", "manager", "outsider")


def _page(route: str, name: str, who: tuple[str, ...]) -> Pattern:
    return Pattern(route, name, GET, (Target("page", lambda w, u: Scene(), {"GET": only(*who)}),))


def _measure(key: str):  # type: ignore[no-untyped-def]
    def scene(world: MatrixWorld, user: object) -> Scene:
        return Scene(kwargs={"measure_key": key}, query="?part=not_met")

    return scene


def _managers_export(world: MatrixWorld, user: object) -> Scene:
    """The manager's own finished export (made on first use): nobody else's to open."""
    manager = world.persona("manager")
    export, _made = DataExport.objects.get_or_create(
        requested_by=manager,
        defaults={
            "organization_id": manager.organization_id,
            "program": world.own.program,
            "period_start": timezone.localdate() - timedelta(days=90),
            "period_end": timezone.localdate(),
            "status": ExportStatus.DONE,
            "content": b"synthetic",
            "rows": 1,
            "finished_at": timezone.now(),
            "expires_at": timezone.now() + timedelta(days=1),
        },
    )
    return Scene(kwargs={"export_uuid": export.uuid})


def _unknown_export(world: MatrixWorld, user: object) -> Scene:
    return Scene(kwargs={"export_uuid": uuid.uuid4()})


def _export_request(world: MatrixWorld, user: object) -> Scene:
    today = timezone.localdate()
    return Scene(
        data={
            "period_start": (today - timedelta(days=30)).isoformat(),
            "period_end": today.isoformat(),
            "dates": "month",
        }
    )


PATTERNS: list[Pattern] = [
    _page("reports/", "reports_dashboard", REPORTERS),
    Pattern(
        "reports/measures/<slug:measure_key>/families/",
        "reports_drilldown",
        GET,
        (
            Target("a measure", _measure("depression-screening"), {"GET": only(*REPORTERS)}),
            Target("a sensitive measure", _measure("ipv-screening"), {"GET": only()}),
            Target("a measure not recorded yet", _measure("well-child-visit"), {"GET": only()}),
            Target("a measure of practitioners, not families", _measure("rsc-hours"), {"GET": only()}),
            Target("no such measure", _measure("no-such-measure"), {"GET": only()}),
        ),
    ),
    _page("reports/funder/", "reports_funder", ("manager",)),
    _page("reports/funder/download/", "reports_funder_download", ("manager",)),
    _page("reports/data-quality/", "reports_data_quality", REPORTERS),
    Pattern(
        "reports/exports/",
        "reports_exports",
        GET_POST,
        (Target("page", _export_request, {"GET": only("manager"), "POST": only("manager", outcome=302)}),),
    ),
    Pattern(
        "reports/exports/<uuid:export_uuid>/",
        "reports_export",
        GET,
        (
            Target("the manager's export", _managers_export, {"GET": only("manager")}),
            Target("unknown export", _unknown_export, {"GET": only()}),
        ),
    ),
    Pattern(
        "reports/exports/<uuid:export_uuid>/download/",
        "reports_export_download",
        GET,
        (
            Target("the manager's export", _managers_export, {"GET": only("manager")}),
            Target("unknown export", _unknown_export, {"GET": only()}),
        ),
    ),
]
