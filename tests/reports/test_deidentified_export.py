"""The de-identified export holds no name, no date of birth and no free text (read from the file), keeps
sensitive screens out unless granted and asked, suppresses small cells, is audited with its row counts,
runs in the background when large, and expires."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nestling.audit.models import AuditEvent
from nestling.reports.deidentified import export_build_task, export_request
from nestling.reports.models import DataExport, ExportStatus
from tests.factories.families import CaregiverFactory, ChildFactory, EnrollmentFactory
from tests.factories.screening import ScreeningResultFactory

pytestmark = pytest.mark.django_db
START, END = date.today() - timedelta(days=200), date.today()


@pytest.fixture
def records(world):
    family = world.family_a
    EnrollmentFactory(family=family, enrolled_on=date.today() - timedelta(days=100))
    caregiver = CaregiverFactory(family=family, given_name="Zenobia", family_name="Quillfeather")
    ChildFactory(family=family, given_name="Tamsin", date_of_birth=date.today() - timedelta(days=50))
    ScreeningResultFactory(family=family, caregiver=caregiver, administered_by=world.practitioner)
    ScreeningResultFactory(
        family=family,
        caregiver=caregiver,
        instrument="hits",
        definition="hits@1",
        administered_by=world.practitioner,
        flags=[],
    )
    return world


def _files(export: DataExport) -> dict[str, str]:
    with zipfile.ZipFile(io.BytesIO(bytes(export.content))) as archive:
        return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_export_holds_no_name_no_birth_date_and_no_free_text(records, signed_in):
    client = signed_in(records.manager)
    response = client.post(
        reverse("reports_exports"),
        {"period_start": START.isoformat(), "period_end": END.isoformat(), "dates": "shift"},
    )
    export = DataExport.objects.get()
    assert response.status_code == 302 and export.status == ExportStatus.DONE
    download = client.get(reverse("reports_export_download", args=[export.uuid]))
    with zipfile.ZipFile(io.BytesIO(download.content)) as archive:
        text = "".join(archive.read(n).decode() for n in archive.namelist())
    born = (date.today() - timedelta(days=50)).isoformat()
    for secret in (
        "Zenobia",
        "Quillfeather",
        "Tamsin",
        "Household A",
        born,
        str(records.family_a.uuid),
        "TST-",
    ):
        assert secret not in text
    rows = list(csv.DictReader(io.StringIO(_files(export)["rows.csv"])))
    assert {r["kind"] for r in rows} == {"enrollment", "birth", "screen"}
    assert {r["instrument"] for r in rows if r["kind"] == "screen"} == {"phq-9"}  # the HITS stays out
    assert len({r["family"] for r in rows}) == 1
    audits = AuditEvent.objects.filter(subject_type="deidentified_export", action="export")
    made = next(a for a in audits if "downloaded" not in a.detail)
    assert made.detail["rows"] == len(rows) == 3
    assert any(a.detail.get("downloaded") for a in audits)


def test_months_only_and_small_cells_are_hidden(records, settings):
    settings.REPORTS_SMALL_CELL = 5
    export = export_request(
        actor=records.manager, program=records.program, period_start=START, period_end=END, dates="month"
    )
    files = _files(export)
    rows = list(csv.DictReader(io.StringIO(files["rows.csv"])))
    assert all(len(r["when"]) == 7 for r in rows)  # YYYY-MM
    counts = list(csv.DictReader(io.StringIO(files["counts.csv"])))
    assert counts and all(c["count"] == "<5" for c in counts)


def test_a_sensitive_category_needs_the_grant_and_the_asking(records, grant):
    from nestling.records.errors import RecordInvalid

    with pytest.raises(RecordInvalid):
        export_request(
            actor=records.manager,
            program=records.program,
            period_start=START,
            period_end=END,
            dates="month",
            include_categories=frozenset({"intimate_partner_violence"}),
        )
    grant(records.manager, "intimate_partner_violence")
    export = export_request(
        actor=records.manager,
        program=records.program,
        period_start=START,
        period_end=END,
        dates="month",
        include_categories=frozenset({"intimate_partner_violence"}),
    )
    rows = list(csv.DictReader(io.StringIO(_files(export)["rows.csv"])))
    assert {r["instrument"] for r in rows if r["kind"] == "screen"} == {"phq-9", "hits"}


def test_a_large_export_is_queued_with_progress_and_its_file_expires(
    records, settings, signed_in, django_capture_on_commit_callbacks
):
    settings.REPORTS_EXPORT_INLINE_FAMILIES = 1
    with django_capture_on_commit_callbacks(execute=False):
        export = export_request(
            actor=records.manager, program=records.program, period_start=START, period_end=END, dates="month"
        )
    assert export.status == ExportStatus.QUEUED
    client = signed_in(records.manager)
    page = client.get(reverse("reports_export", args=[export.uuid])).content.decode()
    assert "<progress" in page
    export_build_task.call(export.pk)  # what the worker does
    export.refresh_from_db()
    assert export.status == ExportStatus.DONE and export.progress == export.total == 3
    download = reverse("reports_export_download", args=[export.uuid])
    assert client.get(download).status_code == 200
    DataExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert client.get(download).status_code == 404


def test_someone_elses_export_is_not_found(records, signed_in):
    export = export_request(
        actor=records.manager, program=records.program, period_start=START, period_end=END, dates="month"
    )
    client = signed_in(records.supervisor)
    assert client.get(reverse("reports_export_download", args=[export.uuid])).status_code == 404
