"""The organization's workforce settings, read with their defaults when it has saved none."""

from __future__ import annotations

from nestling.workforce.models import WorkforcePolicy


def workforce_policy(*, organization_id: int) -> WorkforcePolicy:
    """The organization's settings (unsaved defaults when it has none yet; one query)."""
    found = WorkforcePolicy.objects.filter(organization_id=organization_id).first()
    return found or WorkforcePolicy(organization_id=organization_id)
