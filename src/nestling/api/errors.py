"""The API's errors as JSON: every refusal names the field or header it is about (4xx), never a 500.

- AccessDenied → 404 (audited once, like the pages), or 403 with its explanation when it gives nothing away;
- RecordInvalid → 422 with the field errors; StaleEdit → 412 with the current version (and its ETag);
- AlreadyClosed, a possible duplicate, a measurement awaiting confirmation → 409 saying what to send;
- a body or parameter that does not fit the schema → 422 naming the field.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError

from nestling.access.denials import AccessDenied, access_denial_audit
from nestling.families.errors import PossibleDuplicate
from nestling.growth.errors import MeasurementNeedsConfirmation
from nestling.records.errors import AlreadyClosed, RecordInvalid, StaleEdit


class ErrorOut(Schema):
    """What every refusal answers: a sentence, and the messages by field ("" for the whole record)."""

    detail: str
    errors: dict[str, list[str]] = {}
    current_version: int | None = None


# Declared on every operation, so the OpenAPI document says what a client may get back.
READ_ERRORS: dict[int, Any] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}
WRITE_ERRORS: dict[int, Any] = {**READ_ERRORS, 409: ErrorOut}
UPDATE_ERRORS: dict[int, Any] = {**WRITE_ERRORS, 412: ErrorOut, 428: ErrorOut}


class ScopeMissing(Exception):
    def __init__(self, needed: set[str]) -> None:
        self.needed = needed
        super().__init__(" ".join(sorted(needed)))


class PreconditionRequired(Exception):
    """An update sent without If-Match: the API does not overwrite a record blind."""


def _json(api: NinjaAPI, request: HttpRequest, status: int, detail: str, **more: Any) -> HttpResponse:
    return api.create_response(request, {"detail": detail, **more}, status=status)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    # ninja says where a value came from ("body", "query", "path", "header") before the field's name.
    parts = [str(part) for part in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "form", "cookie"):
        parts = parts[1:]
    if parts and parts[0] == "payload":
        parts = parts[1:]
    return ".".join(parts)


E = TypeVar("E", bound=Exception)


def _on(api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]) -> None:
    # ninja's annotation also admits the class itself as the second argument; it passes the instance.
    api.add_exception_handler(exc_class, cast(Any, handler))


def install(api: NinjaAPI) -> None:
    """Register the handlers on the API."""

    def denied(request: HttpRequest, exc: AccessDenied) -> HttpResponse:
        # The refused work's transaction is gone by now: this row stays whatever was rolled back.
        access_denial_audit(exc, writing=request.method not in ("GET", "HEAD"), path=request.path)
        if exc.explanation:
            return _json(api, request, 403, exc.explanation)
        return _json(api, request, 404, _("Not found."))

    def stale(request: HttpRequest, exc: StaleEdit) -> HttpResponse:
        response = _json(
            api,
            request,
            412,
            " ".join(exc.errors.get("", [])),
            errors=exc.errors,
            current_version=exc.current_version,
        )
        response["ETag"] = f'"{exc.current_version}"'
        return response

    def closed(request: HttpRequest, exc: AlreadyClosed) -> HttpResponse:
        return _json(api, request, 409, str(exc), errors=exc.errors)

    def invalid(request: HttpRequest, exc: RecordInvalid) -> HttpResponse:
        return _json(api, request, 422, _("Nothing was saved: correct the fields named."), errors=exc.errors)

    def duplicate(request: HttpRequest, exc: PossibleDuplicate) -> HttpResponse:
        return _json(
            api,
            request,
            409,
            _(
                "Someone with a similar name and the same date of birth is already recorded; send "
                "confirm_duplicate: true to add this person anyway."
            ),
            errors={"confirm_duplicate": [_("Confirm this is a different person.")]},
        )

    def unconfirmed(request: HttpRequest, exc: MeasurementNeedsConfirmation) -> HttpResponse:
        if exc.implausible:
            field, message = "confirm_implausible", exc.implausible
        else:
            field = "same_day"
            message = _(
                'This child has a measurement of this kind on the same day: send same_day "correct" to '
                'replace it or "keep" to keep both.'
            )
        return _json(api, request, 409, message, errors={field: [message]})

    def unfit(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            errors.setdefault(_location(error.get("loc", ())), []).append(str(error.get("msg", "")))
        return _json(api, request, 422, _("The request does not fit the API's schema."), errors=errors)

    def unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = _json(api, request, 401, _("Send a valid access token: Authorization: Bearer <token>."))
        response["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response

    def scope_missing(request: HttpRequest, exc: ScopeMissing) -> HttpResponse:
        names = " ".join(sorted(exc.needed))
        response = _json(
            api,
            request,
            403,
            _("This token does not carry the scope(s) it needs: %(scopes)s.") % {"scopes": names},
        )
        response["WWW-Authenticate"] = f'Bearer error="insufficient_scope", scope="{names}"'
        return response

    def precondition(request: HttpRequest, exc: PreconditionRequired) -> HttpResponse:
        message = _("Send If-Match with the ETag you read: an update names the version it changes.")
        return _json(api, request, 428, message, errors={"If-Match": [message]})

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _json(api, request, exc.status_code, str(exc))

    _on(api, AccessDenied, denied)
    _on(api, StaleEdit, stale)
    _on(api, AlreadyClosed, closed)
    _on(api, RecordInvalid, invalid)
    _on(api, PossibleDuplicate, duplicate)
    _on(api, MeasurementNeedsConfirmation, unconfirmed)
    _on(api, ValidationError, unfit)
    _on(api, AuthenticationError, unauthenticated)
    _on(api, ScopeMissing, scope_missing)
    _on(api, PreconditionRequired, precondition)
    _on(api, HttpError, http_error)
