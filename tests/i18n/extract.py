"""The catalogues as `makemessages` would make them now, made in a copy of the source so the real files are
never rewritten by a test. The rules are the ones the catalogues are made with (see docs/translating.md)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from django.core.management import call_command
from django.test import override_settings

from tests.i18n.catalogue import LOCALE, SOURCE, TRANSLATED

# The options the catalogues are refreshed with; a maintainer runs the same (docs/translating.md).
MAKEMESSAGES_OPTIONS = {"no_obsolete": True, "add_location": "file", "ignore_patterns": ["static/*"]}


def extract_into(copy: Path) -> Path:
    """Copy the source (and its catalogues) under `copy`, run makemessages there; the copy's locale dir."""
    if shutil.which("xgettext") is None:
        raise RuntimeError(
            "GNU gettext (xgettext, msgmerge) is needed to check the catalogues: apt-get install gettext"
        )
    tree = copy / "nestling"
    shutil.copytree(
        SOURCE,
        tree,
        ignore=shutil.ignore_patterns("__pycache__", "static", "*.mo", "*.pyc"),
    )
    here = os.getcwd()
    try:
        os.chdir(tree)
        with override_settings(LOCALE_PATHS=[str(tree / "locale")]):
            call_command("makemessages", locale=list(TRANSLATED), verbosity=0, **MAKEMESSAGES_OPTIONS)
    finally:
        os.chdir(here)
    return tree / "locale"


__all__ = ["LOCALE", "extract_into"]
