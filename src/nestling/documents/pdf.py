"""One way to make a PDF: a Django template rendered to HTML, laid out by WeasyPrint.

Every document carries a confidentiality line and says who made it and when, so a printed page that
leaves the program still says what it is. WeasyPrint may fetch nothing from the network: the only
resources a document can name are Nestling's own static files, read from disk."""

from __future__ import annotations

import datetime as dt
import mimetypes
from collections.abc import Mapping
from typing import Any

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

STATIC_PREFIX = "static:"


class DocumentResourceRefused(Exception):
    """A document named a resource outside Nestling's static files."""


def _static_path(url: str) -> str:
    """The file on disk behind a `static:` URL, or DocumentResourceRefused."""
    if not url.startswith(STATIC_PREFIX):
        raise DocumentResourceRefused(url)
    try:
        path = finders.find(url.removeprefix(STATIC_PREFIX).lstrip("/"))
    except SuspiciousFileOperation as error:
        raise DocumentResourceRefused(url) from error
    if not path or isinstance(path, list):
        raise DocumentResourceRefused(url)
    return str(path)


def _static_fetcher() -> Any:
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            try:
                path = _static_path(url)
            except DocumentResourceRefused as error:
                raise FatalURLFetchingError(str(error)) from error
            kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
            with open(path, "rb") as handle:
                return URLFetcherResponse(url, handle.read(), headers={"Content-Type": kind})

    return StaticOnly(fail_on_errors=True)


def render_pdf(
    template_name: str,
    context: Mapping[str, Any],
    *,
    title: str,
    made_by: str,
    made_at: dt.datetime | None = None,
    confidentiality: str | None = None,
) -> bytes:
    """The PDF of `template_name` (which extends `documents/base.html`). `made_by` is the name shown as
    the document's author; `confidentiality` replaces the default header line where a document needs a
    stronger one (for example, the redisclosure notice of 42 CFR Part 2)."""
    from weasyprint import HTML  # imported here: loading Pango costs time the rest of the app never pays

    made_at = made_at or timezone.now()
    html = render_to_string(
        template_name,
        {
            **context,
            "document_title": title,
            "document_made_by": made_by,
            "document_made_at": timezone.localtime(made_at),
            "document_confidentiality": confidentiality
            or _(
                "Confidential: this document holds health information about a family. "
                "Do not share it further."
            ),
        },
    )
    return bytes(HTML(string=html, url_fetcher=_static_fetcher()).write_pdf())


def pdf_text(data: bytes) -> str:
    """The text of a PDF, page after page: how a test (or a person checking a disclosure) reads what a
    document really holds."""
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
