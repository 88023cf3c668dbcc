from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    """Certificates go to a private directory of the test's own."""
    settings.DATA_DIR = tmp_path
