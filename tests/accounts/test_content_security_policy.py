"""A strict Content-Security-Policy holds only while no template carries inline code: the matrix checks
the headers on every route, the browser tests fail on anything the policy refuses, and this reads every
template Nestling ships (and the Python that draws SVG) for what the policy would refuse."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import nestling

SOURCE = Path(nestling.__file__).parent
TEMPLATES = sorted(SOURCE.rglob("templates/**/*.html"))

INLINE = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "a <style> block": re.compile(r"<style\b", re.IGNORECASE),
    "a style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "an event-handler attribute": re.compile(r"\son[a-z]+\s*=\s*[\"']", re.IGNORECASE),
    "a javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_there_are_templates_to_read():
    assert len(TEMPLATES) > 50


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(SOURCE)))
def test_no_template_carries_inline_code(template):
    text = template.read_text()
    found = [what for what, pattern in INLINE.items() if pattern.search(text)]
    assert not found, f"{template.relative_to(SOURCE)} has {', '.join(found)}"


def test_no_python_draws_a_style_attribute():
    offenders = [
        str(path.relative_to(SOURCE))
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts and re.search(r"""\sstyle=\\?["']""", path.read_text())
    ]
    assert not offenders, offenders
