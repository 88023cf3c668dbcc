from django.urls import path

from nestling.families.views import discharge, household, people, records

F = "families/<uuid:family_uuid>/"

urlpatterns = [
    path("caseload/", household.caseload, name="caseload"),
    path("search/", household.family_search_view, name="family_search"),
    path("families/new/", household.family_add, name="family_add"),
    path(F, household.family_detail, name="family_detail"),
    path(F + "edit/", household.family_edit, name="family_edit"),
    path(F + "history/", household.family_timeline_view, name="family_timeline"),
    path(
        F + "household/<uuid:membership_uuid>/leave/",
        household.household_member_leave_view,
        name="household_member_leave",
    ),
    path(F + "caregivers/new/", people.caregiver_add, name="caregiver_add"),
    path(F + "caregivers/<uuid:caregiver_uuid>/edit/", people.caregiver_edit, name="caregiver_edit"),
    path(F + "children/new/", people.child_add, name="child_add"),
    path(F + "children/<uuid:child_uuid>/edit/", people.child_edit, name="child_edit"),
    path(F + "children/<uuid:child_uuid>/birth/", people.birth_record_view, name="birth_record"),
    path(F + "relationships/new/", people.relationship_add, name="relationship_add"),
    path(
        F + "relationships/<uuid:relationship_uuid>/", people.relationship_detail, name="relationship_detail"
    ),
    path(
        F + "relationships/<uuid:relationship_uuid>/edit/", people.relationship_edit, name="relationship_edit"
    ),
    path(F + "enrollments/new/", records.enrollment_add, name="enrollment_add"),
    path(F + "enrollments/<uuid:enrollment_uuid>/edit/", records.enrollment_edit, name="enrollment_edit"),
    path(
        F + "enrollments/<uuid:enrollment_uuid>/discharge/",
        discharge.enrollment_discharge_view,
        name="enrollment_discharge",
    ),
    path(F + "consents/new/", records.consent_add, name="consent_add"),
    path(F + "consents/<uuid:consent_uuid>/revoke/", records.consent_revoke_view, name="consent_revoke"),
    path(F + "factors/new/", records.risk_factor_add, name="risk_factor_add"),
    path(F + "factors/<uuid:factor_uuid>/edit/", records.risk_factor_edit, name="risk_factor_edit"),
]
