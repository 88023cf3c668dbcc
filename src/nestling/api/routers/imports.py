"""Importing families and children from a CSV over HTTP (the columns `fhir.importing.spreadsheet`
reads, the same import as the `import-fhir --csv` command): a dry run says what each household would
make and every problem by line, writing nothing; a real run writes nothing while any problem remains, and
is idempotent on each household's name and reference (the same file again makes nothing new)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from nestling.api import scopes
from nestling.api.errors import WRITE_ERRORS
from nestling.api.http import authed, needs
from nestling.fhir.importing.bundle import BundleImportRefused
from nestling.fhir.importing.households import households_import
from nestling.records.errors import RecordInvalid

router = Router(tags=["import"])
CSV_LIMIT = 5 * 1024 * 1024  # a program's spreadsheet, not a data warehouse


class ImportQuery(Schema):
    program: UUID
    dry_run: bool = False
    accept_duplicates: bool = False


class RowProblemOut(Schema):
    line: int | None
    message: str


class HouseholdOut(Schema):
    name: str
    reference: str
    created: bool
    already_imported: bool
    counts: dict[str, int]


class ImportOut(Schema):
    dry_run: bool
    households: list[HouseholdOut]
    problems: list[RowProblemOut]


CSV_BODY = {
    "requestBody": {
        "required": True,
        "content": {"text/csv": {"schema": {"type": "string", "maxLength": CSV_LIMIT}}},
    }
}


@router.post(
    "/imports/households",
    response={200: ImportOut, 201: ImportOut, **WRITE_ERRORS},
    auth=needs(scopes.IMPORT),
    url_name="api_import_households",
    openapi_extra=CSV_BODY,
)
def households(request: HttpRequest, query: Query[ImportQuery]) -> Any:
    """Import the households of a CSV file (UTF-8, a header row naming the columns) into a program of your
    organization: `dry_run=true` lists what would be made and every problem, by line. With a problem,
    nothing is written (422, the problems listed). Made: 201; nothing new (imported before): 200."""
    if len(request.body) > CSV_LIMIT:
        raise RecordInvalid({"": [_("The file is larger than 5 MB: split it, and send each part.")]})
    try:
        content = request.body.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RecordInvalid({"": [_("The file is not UTF-8 text: save it as CSV (UTF-8).")]}) from None
    try:
        report = households_import(
            content=content,
            by=authed(request).user,
            program_uuid=query.program,
            dry_run=query.dry_run,
            accept_duplicates=query.accept_duplicates,
        )
    except BundleImportRefused as refused:
        raise RecordInvalid({"program": refused.problems}) from None
    body = {
        "dry_run": report.dry_run,
        "households": report.households,
        "problems": report.problems,
    }
    if report.problems and not report.dry_run:
        return Status(422, {"detail": _("Nothing was imported: correct the lines named."), **_errors(report)})
    return Status(201 if report.written else 200, body)


def _errors(report: Any) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    for problem in report.problems:
        key = f"line {problem.line}" if problem.line is not None else ""
        errors.setdefault(key, []).append(problem.message)
    return {"errors": errors}
