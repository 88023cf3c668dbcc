"""Materials for parents: one Markdown file per material and language (`materials/<language>/<slug>.md`),
each opening with its title and the date it was last reviewed. Rendered safely: Markdown without raw HTML,
then cleaned to an allow-list of tags, so a file can never carry a script or a style into a page."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import nh3
from markdown_it import MarkdownIt

MATERIALS_DIR = Path(__file__).parent / "materials"
DEFAULT_LANGUAGE = "en"
SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
_TAGS = {"h2", "h3", "p", "ul", "ol", "li", "strong", "em", "blockquote", "a", "br"}


class MaterialInvalid(ValueError):
    pass


@dataclass(frozen=True)
class Material:
    slug: str
    language: str  # the language of the file read (English when the asked-for one has no copy)
    title: str
    reviewed_on: datetime.date
    html: str  # safe to show as it is


def _front_matter(text: str, where: str) -> tuple[dict[str, str], str]:
    if not text.startswith("---\n"):
        raise MaterialInvalid(
            f"{where}: a material starts with its title and reviewed date between --- lines"
        )
    head, _sep, body = text[4:].partition("\n---\n")
    fields = {}
    for line in head.splitlines():
        key, _colon, value = line.partition(":")
        fields[key.strip()] = value.strip()
    if not fields.get("title") or not fields.get("reviewed"):
        raise MaterialInvalid(f"{where}: title and reviewed are required")
    return fields, body


def material_render(markdown: str) -> str:
    """Markdown to HTML a page may show: raw HTML in the source is escaped, then only plain tags are kept."""
    html = MarkdownIt("commonmark", {"html": False}).render(markdown)
    return nh3.clean(html, tags=_TAGS, attributes={"a": {"href"}}, url_schemes={"https", "mailto", "tel"})


def material_read(text: str, *, slug: str, language: str) -> Material:
    fields, body = _front_matter(text, f"{language}/{slug}")
    try:
        reviewed = datetime.date.fromisoformat(fields["reviewed"])
    except ValueError:
        raise MaterialInvalid(f"{language}/{slug}: reviewed must be a date such as 2026-11-30") from None
    return Material(slug, language, fields["title"], reviewed, material_render(body))


@cache
def _load(slug: str, language: str) -> Material | None:
    path = MATERIALS_DIR / language / f"{slug}.md"
    if not path.is_file():
        return None
    return material_read(path.read_text(encoding="utf-8"), slug=slug, language=language)


def material_get(slug: str, language: str) -> Material | None:
    """The material in `language`, else in English; None when there is no such material."""
    if not slug or not set(slug) <= SLUG_CHARS:
        return None
    language = language.split("-")[0].lower()
    if not set(language) <= SLUG_CHARS:
        language = DEFAULT_LANGUAGE
    return _load(slug, language) or _load(slug, DEFAULT_LANGUAGE)


def material_slugs() -> list[str]:
    """Every material there is (each has at least its English file)."""
    return sorted(path.stem for path in (MATERIALS_DIR / DEFAULT_LANGUAGE).glob("*.md"))
