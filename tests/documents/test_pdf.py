"""The one PDF path: what the template says is what the document holds, with its header, and nothing
outside Nestling's static files can be fetched while laying it out."""

from __future__ import annotations

import datetime as dt

import pytest

from nestling.documents.pdf import DocumentResourceRefused, _static_path, pdf_text, render_pdf

BODY = '{%% extends "documents/base.html" %%}{%% block content %%}%s{%% endblock %%}'


def _with_templates_in(settings, directory):
    """Assigning the setting (not mutating it) makes Django rebuild its template engines."""
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], directory]}]


def test_a_document_holds_its_text_its_confidentiality_line_and_who_made_it(settings, tmp_path):
    template = tmp_path / "letter.html"
    template.write_text(BODY % "<p>Seen at home with her son.</p>")
    _with_templates_in(settings, tmp_path)
    data = render_pdf(
        "letter.html",
        {},
        title="Referral letter",
        made_by="Ana Practitioner",
        made_at=dt.datetime(2026, 11, 3, 10, 30, tzinfo=dt.UTC),
    )
    text = pdf_text(data)
    assert data.startswith(b"%PDF")
    assert "Seen at home with her son." in text
    assert "Confidential" in text
    assert "Ana Practitioner" in text
    assert "2026" in text


@pytest.mark.parametrize(
    "url", ["https://example.org/x.css", "file:///etc/passwd", "static:../../settings.py"]
)
def test_nothing_outside_the_static_files_is_fetched(url):
    with pytest.raises(DocumentResourceRefused):
        _static_path(url)


def test_a_static_stylesheet_is_found_on_disk():
    with open(_static_path("static:nestling/documents.css"), "rb") as handle:
        assert b"@page" in handle.read()


def test_a_document_naming_a_remote_resource_is_not_made(settings, tmp_path):
    from weasyprint.urls import FatalURLFetchingError

    (tmp_path / "remote.html").write_text(BODY % '<img src="https://example.org/x.png">')
    _with_templates_in(settings, tmp_path)
    with pytest.raises(FatalURLFetchingError):
        render_pdf("remote.html", {}, title="x", made_by="y")


def test_the_documents_stylesheet_is_read_as_css(settings, tmp_path, caplog):
    (tmp_path / "styled.html").write_text(BODY % "<p>Styled.</p>")
    _with_templates_in(settings, tmp_path)
    with caplog.at_level("WARNING", logger="weasyprint"):
        render_pdf("styled.html", {}, title="x", made_by="y")
    assert not [r for r in caplog.records if "stylesheet" in r.getMessage().lower()]
