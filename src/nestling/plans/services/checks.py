"""Checks of a care plan's values shared by its services. Each adds every problem it finds to an errors
dict (field → messages), so a form shows them all at once; dates are judged by the one date policy
(`families.validation`)."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nestling.families.validation import Errors
from nestling.plans.models import CarePlan


def merge(errors: Errors, more: Errors) -> None:
    for field, messages in more.items():
        errors.setdefault(field, []).extend(messages)


def add(errors: Errors, field: str, message: str) -> None:
    errors.setdefault(field, []).append(message)


def text_checked(errors: Errors, field: str, value: str, *, limit: int, required: str = "") -> str:
    """The text stripped; `required` is the message when it is empty (empty is fine without one), and
    one past `limit` characters says how long it may be."""
    text = (value or "").strip()
    if required and not text:
        add(errors, field, required)
    if len(text) > limit:
        add(
            errors,
            field,
            _("This is %(length)d characters long: keep it to %(limit)d.")
            % {"length": len(text), "limit": limit},
        )
    return text


def day(value: date) -> str:
    return date_format(value, "j M Y")


def plan_is_open(errors: Errors, plan: CarePlan) -> None:
    if plan.closed_on is not None:
        add(
            errors,
            "",
            _("This plan was closed on %(on)s; it stays as it was. Start a new plan for a new episode.")
            % {"on": day(plan.closed_on)},
        )
