"""The "something is hidden" notice's helpers: a category's label and who gives grants."""

from __future__ import annotations

from typing import Any

from django import template

from nestling.access.hidden import category_label, grant_givers

register = template.Library()


@register.filter(name="category_label")
def category_label_filter(code: str) -> str:
    """`task.sensitive_category|category_label`: the category's name, as staff read it."""
    return category_label(code)


@register.simple_tag(takes_context=True)
def grant_givers_names(context: dict[str, Any]) -> str:
    """The names of the organization's privacy officers, read once per page (only where a notice shows)."""
    cache = context.get("_grant_givers")
    if cache is None:
        user = context.get("user")
        organization_id = getattr(user, "organization_id", None)
        people = list(grant_givers(organization_id)) if organization_id else []
        cache = ", ".join(person.display_name for person in people)
        # Kept on the render context's root, so a page with several notices asks once.
        context.dicts[0]["_grant_givers"] = cache  # type: ignore[attr-defined]
    return str(cache)
