"""Real-browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _WatchedBrowser:
    """The browser, whose every context reports what the Content-Security-Policy refused: a page that
    needs inline code or a foreign resource fails its test instead of quietly losing a script or a style."""

    def __init__(self, browser, refused: list[str]) -> None:
        self._browser = browser
        self._refused = refused

    def new_context(self, **options):
        context = self._browser.new_context(**options)

        def on_console(message) -> None:
            if "Content Security Policy" in message.text:
                self._refused.append(f"{message.page.url if message.page else ''}: {message.text}")

        context.on("console", on_console)
        return context

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


_CSP_REFUSALS: list[str] = []


@pytest.fixture(autouse=True)
def _nothing_refused_by_the_content_security_policy():
    _CSP_REFUSALS.clear()
    yield
    assert not _CSP_REFUSALS, "the Content-Security-Policy refused:\n" + "\n".join(_CSP_REFUSALS)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("Chromium is required in CI (apt-get install chromium)")
        pytest.skip("Chromium is not installed; browser tests skipped")
    # The live server runs in a thread; Django's async-safety check would otherwise refuse ORM calls made
    # from the test while Playwright's event loop is running.
    # It is set only while the browser tests run, so it never reaches other tests or their subprocesses.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield _WatchedBrowser(browser, _CSP_REFUSALS)
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture
def assert_accessible(axe):
    def check(page, label: str, within: str | None = None) -> None:
        """Run axe on the page, or only on the part `within` selects."""
        results = axe.run(
            page,
            context=within,
            options={"runOnly": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
        )
        assert results.violations_count == 0, f"{label}: {results.generate_report()}"

    return check
