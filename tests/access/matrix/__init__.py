"""The access matrix: every URL pattern of the project, every method, every persona, own and foreign objects.

- `shapes` says what a row holds; `cases_*` hold the rows, one module per part of the application;
- `cases_allauth` is the smaller table for django-allauth's account pages, which hold no clinical data;
- `coverage` says which URL patterns the rows do not describe;
- `defects` lists what the application gets wrong today: each case it names is an xfail(strict=True),
  so the suite stays green, the defect stays visible, and the fix makes the case pass and the xfail go.
"""

from tests.access.matrix import (
    cases_allauth,
    cases_api,
    cases_families,
    cases_fhir,
    cases_formulation,
    cases_growth,
    cases_plans,
    cases_portal,
    cases_referrals,
    cases_reports,
    cases_screening,
    cases_staff,
    cases_staffing,
    cases_visits,
    cases_workforce,
    cases_worklist,
)
from tests.access.matrix.cases_allauth import AccountPage
from tests.access.matrix.shapes import Pattern

PATTERNS: list[Pattern] = [
    *cases_staff.PATTERNS,
    *cases_staffing.PATTERNS,
    *cases_families.PATTERNS,
    *cases_growth.PATTERNS,
    *cases_screening.PATTERNS,
    *cases_formulation.PATTERNS,
    *cases_plans.PATTERNS,
    *cases_worklist.PATTERNS,
    *cases_visits.PATTERNS,
    *cases_referrals.PATTERNS,
    *cases_workforce.PATTERNS,
    *cases_reports.PATTERNS,
    *cases_portal.PATTERNS,
    *cases_api.PATTERNS,
    *cases_fhir.PATTERNS,
]
ACCOUNT_PAGES: list[AccountPage] = cases_allauth.PAGES
