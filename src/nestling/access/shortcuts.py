"""The web layer's door into access control: fetch a family for a request, or refuse (AccessDenied: a 404,
audited once by the middleware).

Foreign and missing families look the same (404) so that existence does not leak.
"""

from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from django.db.models import QuerySet
from django.utils import timezone

from nestling.access.denials import AccessDenied
from nestling.access.models import BreakGlassAccess
from nestling.access.policy import Action, can, mark_checked, visibility_q
from nestling.access.policy import require as policy_require
from nestling.accounts.http import AuthedRequest
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.models import Family


def family_for_request(
    request: AuthedRequest,
    family_uuid: UUID,
    *,
    action: Action = Action.FAMILY_VIEW,
    category: str = "family",
    queryset: QuerySet[Family] | None = None,
) -> Family:
    """The family with this id if the user may do `action` on it; otherwise Http404 after auditing."""
    user = request.user
    base = queryset if queryset is not None else Family.objects.all()
    # Look the family up by its id first and test visibility on that one row; nesting the whole
    # visible set as a subquery made SQLite read every family of the organization.
    visible = visibility_q(user)
    family = base.filter(visible, uuid=family_uuid).first() if visible is not None else None
    allowed = family is not None and (action == Action.FAMILY_VIEW or can(user, action, family))
    if not allowed or family is None:
        raise AccessDenied(
            actor=user,
            action=str(action),
            category=category,
            subject_type="family",
            subject_id=family_uuid,
            organization_id=user.organization_id,
        )
    mark_checked(family, user, Action.FAMILY_VIEW, action)
    # Every page that shows the family is a read of it, edit forms included (they show names, dates of
    # birth, a factor's text); a write's own rows are its service's.
    if action == Action.FAMILY_VIEW or request.method in ("GET", "HEAD"):
        glass = (
            BreakGlassAccess.objects.filter(user=user, family=family, expires_at__gt=timezone.now())
            .order_by("-started_at")
            .values_list("reason", flat=True)
            .first()
        )
        audit_record(
            actor=user,
            action=AuditAction.READ,
            category=category,
            subject_type="family",
            subject_id=family.uuid,
            family_uuid=family.uuid,
            reason=f"break-the-glass: {glass}" if glass else "",
            detail={"path": request.path},
        )
    return family


def audit_category_reads(
    request: AuthedRequest,
    family: Family,
    categories: Iterable[str],
    *,
    subject_type: str = "family",
    subject_id: UUID | str = "",
) -> None:
    """Showing a sensitive category is a read of that category: one audit row for each category shown on
    the page, under its own name (about the family, or the one record the page is about)."""
    for category in sorted(set(categories) - {""}):
        audit_record(
            actor=request.user,
            action=AuditAction.READ,
            category=category,
            subject_type=subject_type,
            subject_id=subject_id or family.uuid,
            family_uuid=family.uuid,
            detail={"path": request.path},
        )


def require(request: AuthedRequest, action: Action) -> None:
    """Let the request through if the user may do `action`; otherwise AccessDenied (a 404, audited once)."""
    policy_require(request.user, action)
