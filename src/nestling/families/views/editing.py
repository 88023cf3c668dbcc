"""What every family-record form view does the same way: find a record inside a family (or 404, audited),
turn domain errors into form errors, and show a stale save with the other person's changes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from uuid import UUID

from django import forms
from django.contrib import messages
from django.db.models import Model, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _lazy

from nestling.access.denials import AccessDenied
from nestling.access.policy import granted_categories, shown_to
from nestling.accounts.http import AuthedRequest
from nestling.audit.models import AuditAction
from nestling.audit.services import audit_record
from nestling.families.duplicates import DuplicateWarning, duplicate_warning
from nestling.families.errors import PossibleDuplicate
from nestling.families.models import Family
from nestling.records.errors import OtherChange, RecordInvalid, StaleEdit
from nestling.records.writes import category_of

M = TypeVar("M", bound=Model)


def record_in_family(
    request: AuthedRequest, queryset: QuerySet[M], family: Family, record_uuid: UUID, *, kind: str
) -> M:
    """The record of this family with this id, or AccessDenied (a 404, audited once) like a family."""
    record = queryset.filter(family=family, uuid=record_uuid).first()
    if record is None:
        raise AccessDenied(
            actor=request.user,
            action="record.open",
            category=kind,
            subject_type=kind,
            subject_id=record_uuid,
            family_uuid=family.uuid,
            organization_id=family.organization_id,
        )
    sensitive = getattr(record, "sensitive_category", "")
    shown = not sensitive or shown_to(record, granted_categories(request.user, family))
    if request.method in ("GET", "HEAD") and shown:
        # The form shows the record: a read of it, under its own category (a sensitive factor's, say). A
        # record the reader may not see is refused by its view, and that refusal is what is audited.
        audit_record(
            actor=request.user,
            action=AuditAction.READ,
            category=category_of(record),
            organization_id=family.organization_id,
            subject_type=record._meta.model_name or kind,
            subject_id=getattr(record, "uuid", record_uuid),
            family_uuid=family.uuid,
            detail={"path": request.path},
        )
    return record


def add_errors(form: forms.Form, refusal: RecordInvalid) -> None:
    for field, problems in refusal.errors.items():
        for message in problems:
            form.add_error(field if field in form.fields else None, message)


def rebased(request: AuthedRequest, refusal: StaleEdit) -> QueryDict:
    """The submitted values moved onto the current version, so that saving again loses nothing.

    A field the other person changed and this editor left as they found it takes the other person's value;
    a field both changed keeps this editor's value (they see both and decide).
    """
    data = request.POST.copy()
    data["version"] = str(refusal.current_version)
    first_seen: dict[str, Any] = {}
    latest: dict[str, Any] = {}
    for change in refusal.changes:
        first_seen.setdefault(change.field, change.before_value)
        latest[change.field] = change.after_value
    for name, original in first_seen.items():
        if _as_submitted(original) == _submitted(request.POST, name, original):
            value = _as_submitted(latest[name])
            if value is None:
                data.pop(name, None)
            else:
                data[name] = value
    return data


def _as_submitted(value: Any) -> str | None:
    """How a stored value comes back from a form: checkboxes present or absent, empty as ""."""
    if isinstance(value, bool):
        return "on" if value else None
    return "" if value is None else str(value)


def _submitted(post: QueryDict, name: str, like: Any) -> str | None:
    if isinstance(like, bool):
        return "on" if post.get(name) else None
    return post.get(name, "")


def changed(form: forms.Form, names: list[str]) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in names if name in form.cleaned_data}


def render_form(
    request: AuthedRequest,
    *,
    family: Family | None,
    form: forms.Form,
    title: str,
    submit: str,
    intro: str = "",
    stale: list[OtherChange] | None = None,
    duplicates: DuplicateWarning | None = None,
    back_url: str = "",
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "families/record_form.html",
        {
            "family": family,
            "form": form,
            "title": title,
            "submit": submit,
            "intro": intro,
            "stale": stale,
            "duplicates": duplicates,
            "back_url": back_url
            or (reverse("family_detail", args=[family.uuid]) if family is not None else reverse("caseload")),
        },
        status=status,
    )


STALE_MESSAGE = _lazy(
    "Someone else saved this record after you opened it, so nothing of yours was saved yet. Their changes "
    "are shown below and are already in the form, except where you changed the same thing: check, then save."
)


def edit_flow(
    request: AuthedRequest,
    *,
    family: Family,
    form_class: type[forms.Form],
    names: list[str],
    record: Any,
    save: Callable[[int, dict[str, Any]], Any],
    title: str,
    submit: str,
    done: str,
    next_url: str,
    form_kwargs: dict[str, Any] | None = None,
    intro: str = "",
    suggested: dict[str, Any] | None = None,
) -> HttpResponse:
    """GET shows the record's values; POST saves through `save(version, changes)`.

    `suggested` fills fields the record leaves empty (today's date for a revocation) in the form only: the
    record itself is never touched before the save, so the service sees it as stored.
    A refusal keeps what was typed; a stale save also shows what the other person changed.
    """
    kwargs = form_kwargs or {}
    stale = None
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                save(form.cleaned_data["version"], changed(form, names))
            except StaleEdit as refusal:
                form = form_class(rebased(request, refusal), **kwargs)
                form.is_valid()
                form.add_error(None, STALE_MESSAGE)
                stale = refusal.changes
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, done)
                return redirect(next_url)
    else:
        initial = {name: _initial(getattr(record, name)) for name in names if hasattr(record, name)}
        for name, value in (suggested or {}).items():
            if initial.get(name) in (None, ""):
                initial[name] = value
        form = form_class(initial={"version": record.version, **initial}, **kwargs)
    return render_form(
        request,
        family=family,
        form=form,
        title=title,
        submit=submit,
        intro=intro,
        stale=stale,
        back_url=next_url,
        status=409 if stale else 200,
    )


def _initial(value: Any) -> Any:
    # Choice fields limited to the family are keyed by UUID.
    return getattr(value, "uuid", value)


def create_flow(
    request: AuthedRequest,
    *,
    family: Family,
    form_class: type[forms.Form],
    save: Callable[[dict[str, Any]], Any],
    title: str,
    submit: str,
    done: str,
    next_url: Callable[[Any], str],
    form_kwargs: dict[str, Any] | None = None,
    initial: dict[str, Any] | None = None,
    intro: str = "",
) -> HttpResponse:
    """GET shows an empty form with a fresh client id; POST creates through `save(cleaned_data)`.

    A possible duplicate is shown and must be confirmed; a repeated submission lands on the record the
    first one made.
    """
    kwargs = form_kwargs or {}
    duplicates = None
    if request.method == "POST":
        form = form_class(request.POST, **kwargs)
        if form.is_valid():
            try:
                record = save(form.cleaned_data)
            except PossibleDuplicate as refusal:
                duplicates = duplicate_warning(user=request.user, family=family, matches=refusal.matches)
            except RecordInvalid as refusal:
                add_errors(form, refusal)
            else:
                messages.success(request, done)
                return redirect(next_url(record))
    else:
        form = form_class(initial=initial or {}, **kwargs)
    return render_form(
        request,
        family=family,
        form=form,
        title=title,
        submit=submit,
        intro=intro,
        duplicates=duplicates,
        back_url=reverse("family_detail", args=[family.uuid]),
    )
