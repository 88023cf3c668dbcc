"""The role-aware navigation shown in the base layout."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from nestling.access.policy import Action, can, roles_of
from nestling.accounts.models import Role


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "current_organization": None}
    match = getattr(request, "resolver_match", None)
    current = match.url_name if match else None
    entries: list[tuple[str, str, list[str]]] = []
    if can(user, Action.CASELOAD_VIEW):
        entries.append((_("Caseload"), "caseload", ["caseload", "family_detail"]))
        entries.append((_("Worklist"), "worklist", ["worklist"]))
        entries.append((_("Week"), "week_schedule", ["week_schedule", "calendar_feed"]))
    if can(user, Action.CASELOAD_VIEW) or can(user, Action.PROGRAM_VIEW):
        entries.append((_("Find a family"), "family_search", ["family_search"]))
    if can(user, Action.TEAM_VIEW):
        entries.append((_("My team"), "team", ["team"]))
    if can(user, Action.PROGRAM_VIEW):
        entries.append((_("Program"), "program_overview", ["program_overview"]))
    if can(user, Action.PROGRAM_VIEW) or can(user, Action.TEAM_VIEW) or can(user, Action.CASELOAD_VIEW):
        report_pages = ["reports_dashboard", "reports_drilldown", "reports_funder", "reports_data_quality"]
        entries.append((_("Measures"), "reports_dashboard", report_pages))
    if can(user, Action.DIRECTORY_VIEW):
        directory_pages = ["referral_directory", "referral_directory_add", "referral_directory_edit"]
        entries.append((_("Service directory"), "referral_directory", directory_pages))
    roles = roles_of(user)
    if roles:
        entries.append((_("My practice"), "my_practice", ["my_practice"]))
        entries.append((_("RS/C"), "rsc_log", ["rsc_log", "rsc_session", "rsc_session_add"]))
    if Role.MANAGER in roles:
        entries.append((_("Endorsement rules"), "endorsement_rules", ["endorsement_rules"]))
    if can(user, Action.STAFF_VIEW):
        entries.append((_("Staff"), "staff_list", ["staff_list", "staff_person", "staff_invite"]))
    if can(user, Action.ASSIGNMENTS_MANAGE):
        entries.append(
            (_("Assignments"), "assignments", ["assignments", "family_assignment", "caseload_move"])
        )
        entries.append((_("Supervision"), "supervision", ["supervision"]))
    if can(user, Action.SETTINGS_MANAGE):
        entries.append((_("Settings"), "organization_settings", ["organization_settings"]))
    if can(user, Action.SERVICE_TYPES_MANAGE):
        entries.append((_("Services"), "service_types", ["service_types", "service_type_edit"]))
    if can(user, Action.AUDIT_VIEW):
        entries.append((_("Audit trail"), "audit_list", ["audit_list"]))
        entries.append((_("Emergency access review"), "break_glass_review", ["break_glass_review"]))
    if can(user, Action.GRANTS_MANAGE):
        entries.append((_("Grants"), "sensitive_grants", ["sensitive_grants"]))
    if can(user, Action.BREAK_GLASS_OPEN):
        entries.append((_("Emergency access"), "break_glass_open", ["break_glass_open"]))
    entries.append((_("Account security"), "mfa_index", ["mfa_index"]))
    items = [
        {"label": label, "url": reverse(name), "current": current in names} for label, name, names in entries
    ]
    return {
        "nav_items": items,
        "current_organization": user.organization,
        "session_idle_seconds": settings.SESSION_IDLE_TIMEOUT_MINUTES * 60,
    }
