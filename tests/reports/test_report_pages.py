"""The report pages on the suite's personas: the manager's program, the supervisor's team, the
practitioner's caseload; the funder's table as CSV, XLSX and PDF; drill-down limited to the reader's
families; query counts that do not grow with the families."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nestling.audit.models import AuditEvent
from nestling.documents.pdf import pdf_text
from nestling.reports.measures.periods import last_complete
from tests.factories.families import (
    CaregiverFactory,
    CaseloadAssignmentFactory,
    EnrollmentFactory,
    FamilyFactory,
)
from tests.factories.screening import ScreeningResultFactory

pytestmark = pytest.mark.django_db

TODAY = date.today()
QUARTER = last_complete("quarter", TODAY)


def _enrolled_for_quarter(family, *, screened_on_day: int | None, by):
    """Enrolled so that the 90-day window closes on the quarter's 10th day; screened on that day, or not."""
    enrolled = QUARTER.start + timedelta(days=9) - timedelta(days=90)
    EnrollmentFactory(family=family, enrolled_on=enrolled)
    caregiver = CaregiverFactory(family=family)
    if screened_on_day is not None:
        ScreeningResultFactory(
            family=family,
            caregiver=caregiver,
            administered_on=enrolled + timedelta(days=screened_on_day),
            administered_by=by,
        )


@pytest.fixture
def families(world):
    # A screened on day 90 (counts), B on day 91 (does not), C (the colleague's) never.
    _enrolled_for_quarter(world.family_a, screened_on_day=90, by=world.practitioner)
    _enrolled_for_quarter(world.family_b, screened_on_day=91, by=world.practitioner)
    _enrolled_for_quarter(world.family_c, screened_on_day=None, by=world.colleague)
    return world


def _query(period=QUARTER, **extra):
    values = {"period": "quarter", "value": period.key, **extra}
    return "?" + "&".join(f"{k}={v}" for k, v in values.items())


def test_the_manager_sees_the_program_rate_against_the_quarter_before(families, signed_in):
    client = signed_in(families.manager)
    response = client.get(reverse("reports_dashboard") + _query())
    assert response.status_code == 200
    body = response.content.decode()
    card = body.split('data-testid="measure-depression-screening"')[1].split("</section>")[0]
    assert "33%" in card  # 1 of 3
    assert ">1</a> of <a" in card and ">3</a>" in card
    assert 'data-testid="draft-well-child-visit"' in body  # not recorded yet, not 0


def test_a_supervisor_drills_only_into_supervisees_families(families, signed_in):
    client = signed_in(families.supervisor)
    url = reverse("reports_drilldown", args=["depression-screening"]) + _query(scope="team", part="not_met")
    body = client.get(url).content.decode()
    assert "Household B" in body
    assert "Household C" not in body  # the colleague's family is no supervisee's
    # The program scope is not theirs.
    assert client.get(url.replace("scope=team", "scope=program")).status_code == 404


def test_the_manager_drills_into_the_families_not_screened(families, signed_in):
    client = signed_in(families.manager)
    url = reverse("reports_drilldown", args=["depression-screening"]) + _query(part="not_met")
    body = client.get(url).content.decode()
    assert "Household B" in body and "Household C" in body and "Household A" not in body
    reads = AuditEvent.objects.filter(action="read", category="family", detail__part="not_met")
    assert {e.family_uuid for e in reads} == {families.family_b.uuid, families.family_c.uuid}


def test_an_ipv_drilldown_needs_the_grant(families, signed_in, grant):
    client = signed_in(families.manager)
    url = reverse("reports_drilldown", args=["ipv-screening"]) + _query(part="not_met")
    assert client.get(url).status_code == 404
    grant(families.manager, "intimate_partner_violence")
    assert client.get(url).status_code == 200


def test_a_practitioner_reports_on_their_own_caseload_only(families, signed_in):
    client = signed_in(families.practitioner)
    body = client.get(reverse("reports_dashboard") + _query()).content.decode()
    card = body.split('data-testid="measure-depression-screening"')[1].split("</section>")[0]
    assert "50%" in card  # A and B: 1 of 2
    assert client.get(reverse("reports_funder") + _query()).status_code == 404


def test_the_funder_table_downloads_as_csv_xlsx_and_pdf(families, signed_in):
    client = signed_in(families.manager)
    base = reverse("reports_funder_download") + _query()
    rows = list(csv.reader(io.StringIO(client.get(base + "&format=csv").content.decode("utf-8-sig"))))
    depression = next(r for r in rows if r[1] == "Caregiver depression screening")
    assert depression[3:7] == ["depression-screening@1", "3", "1", "33.3"]
    referral = next(r for r in rows if r[1] == "Completed depression referrals")
    assert referral[3] == "depression-referrals@1" and referral[12] == "Reported"
    draft = next(r for r in rows if r[1] == "Well-child visit")
    assert draft[4:8] == ["", "", "", ""] and draft[12].startswith("Not recorded yet")
    book = load_workbook(io.BytesIO(client.get(base + "&format=xlsx").content))
    values = [[c.value for c in row] for row in book.active.iter_rows()]
    assert next(v for v in values if v[1] == "Caregiver depression screening")[1:7] == [
        "Caregiver depression screening",
        "MIECHV Form 2 #3",
        "depression-screening@1",
        3,
        1,
        33.3,
    ]
    text = " ".join(pdf_text(client.get(base + "&format=pdf").content).split())
    assert "Caregiver depression screening" in text and "Not recorded yet" in text
    exports = AuditEvent.objects.filter(action="export", subject_type="funder_table")
    assert sorted(e.detail["format"] for e in exports) == ["csv", "pdf", "xlsx"]


def test_a_period_that_makes_no_sense_says_so(families, signed_in):
    client = signed_in(families.manager)
    response = client.get(reverse("reports_dashboard") + "?period=quarter&value=2026-Q9")
    assert response.status_code == 200
    assert "Write the period as" in response.content.decode()


def test_the_dashboard_reads_in_a_fixed_number_of_queries(families, signed_in, django_assert_max_num_queries):
    client = signed_in(families.manager)
    url = reverse("reports_dashboard") + _query()
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    for index in range(12):
        family = FamilyFactory(program=families.program, name=f"More {index}")
        CaseloadAssignmentFactory(family=family, practitioner=families.colleague)
        _enrolled_for_quarter(family, screened_on_day=index % 3 or None, by=families.colleague)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


def test_data_quality_lists_families_without_an_enrollment(world, signed_in):
    client = signed_in(world.manager)
    body = client.get(reverse("reports_data_quality")).content.decode()
    assert 'data-testid="gap-no_enrollment"' in body and "Household A" in body


@pytest.mark.parametrize(
    "page",
    [
        lambda: reverse("reports_drilldown", args=["depression-screening"]) + _query(part="not_met"),
        lambda: reverse("reports_data_quality") + _query(),
        lambda: reverse("reports_funder_download") + _query(format="csv"),
    ],
    ids=["drill-down", "data quality", "funder CSV"],
)
def test_the_other_report_pages_read_in_a_fixed_number_of_queries(
    page, families, signed_in, django_assert_max_num_queries
):
    client = signed_in(families.manager)
    with django_assert_max_num_queries(40) as few:
        assert client.get(page()).status_code == 200
    for index in range(12):
        family = FamilyFactory(program=families.program, name=f"More {index}")
        CaseloadAssignmentFactory(family=family, practitioner=families.colleague)
        _enrolled_for_quarter(family, screened_on_day=None, by=families.colleague)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(page()).status_code == 200
