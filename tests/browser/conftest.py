"""Browser test fixtures: Debian's headless Chromium driven by Playwright, with axe-core.

Fixtures
- ``browser``: one Chromium for the session (skipped, or failed when ``CI`` is set, if
  ``/usr/bin/chromium`` is missing: ``apt-get install chromium chromium-driver``).
- ``new_context``: factory of isolated browser contexts (one per simultaneous person),
  each based at the live server; pages opened in them are watched for console errors.
- ``page``: a page in a fresh context.
- ``sign_in``: ``sign_in(page, live_server, username, password=PASSWORD)`` signs in
  through the real form and returns the page.
- ``assert_accessible``: ``assert_accessible(page)`` runs axe-core (WCAG 2.0/2.1/2.2 A and
  AA) and fails with a readable list of violations.
- ``console_errors``: the list of console errors seen so far; a test that provokes one on
  purpose (e.g. a 404 page) calls ``console_errors.allow(substring)``.

Any console error or uncaught page exception not allowed fails the test at teardown.
Tests using these fixtures run against a live server with ``transactional_db`` and a
serialized rollback, so the reference data from migrations (the 33 authorities, the role
groups) is restored for the tests that follow. Mark browser tests ``@pytest.mark.browser``.
"""

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to
# run beside it. Safe here: the test and Playwright never touch the ORM concurrently.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

PROJECT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
AXE_JS = PROJECT / "node_modules" / "axe-core" / "axe.min.js"
MAIN_CSS = PROJECT / "static" / "build" / "main.css"
PASSWORD = "correct-horse-battery-staple"  # tests.factories.UserFactory's password
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TIMEOUT_MS = 10_000


def _missing(message: str) -> None:
    """Skip on a developer's machine; fail in CI, where a skip would hide a gap."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        _missing(
            f"{CHROMIUM} not found: install Debian's Chromium with "
            "`apt-get install chromium chromium-driver` (never `playwright install`)"
        )
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # While Playwright's event loop runs, Django looks connections up per async context,
    # not per thread, so the tests get new connection objects that lack the database
    # contents pytest-django serialized at set-up: carry them over, so the serialized
    # rollback still restores the reference data after each browser test.
    serialized = {
        c.alias: c._test_serialized_contents
        for c in connections.all()
        if hasattr(c, "_test_serialized_contents")
    }
    with sync_playwright() as playwright:
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


class ConsoleErrors(list):
    """Console errors and page exceptions, each as text; ``allow`` tolerates expected ones."""

    def __init__(self):
        super().__init__()
        # Browsers ask for /favicon.ico on their own; its absence is not the page's error.
        self.allowed: list[str] = ["/favicon.ico]"]

    def allow(self, substring: str) -> None:
        self.allowed.append(substring)

    def unexpected(self) -> list[str]:
        return [e for e in self if not any(a in e for a in self.allowed)]


@pytest.fixture
def console_errors():
    return ConsoleErrors()


def _watch(page, errors: ConsoleErrors) -> None:
    def on_console(message):
        if message.type == "error":
            source = message.location.get("url") or page.url
            errors.append(f"console error on {page.url}: {message.text} [{source}]")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: errors.append(f"uncaught exception on {page.url}: {exc}"))


@pytest.fixture
def new_context(
    browser, live_server, django_db_serialized_rollback, transactional_db, console_errors
):
    """``new_context(**playwright_context_options)`` -> a new, isolated browser context."""
    if not MAIN_CSS.exists():
        pytest.fail(f"{MAIN_CSS.relative_to(PROJECT)} is missing: run `make assets` first")
    contexts = []

    def make(**options):
        context = browser.new_context(base_url=live_server.url, locale="en-GB", **options)
        context.set_default_timeout(TIMEOUT_MS)
        context.on("page", lambda page: _watch(page, console_errors))
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()
    unexpected = console_errors.unexpected()
    assert not unexpected, "The browser reported errors:\n" + "\n".join(unexpected)


@pytest.fixture
def page(new_context):
    return new_context().new_page()


def _sign_in(page, live_server, username: str, password: str = PASSWORD):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


@pytest.fixture
def sign_in():
    """The helper ``sign_in(page, live_server, username, password=PASSWORD)``."""
    return _sign_in


def _format_violations(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact') or 'unknown impact'}): "
            f"{violation['help']}\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:10]:
            target = " ".join(str(part) for part in node["target"])
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    at {target}: {summary}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def _assert_accessible(page, *, exclude: list[str] | None = None) -> None:
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(PROJECT)} is missing: run `make assets` (npm ci)")
    # Evaluated through the DevTools protocol, which the page's strict CSP does not govern.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    context = {"exclude": [[selector] for selector in exclude]} if exclude else "document"
    results = page.evaluate(
        """async ([context, tags]) => {
            const target = context === "document" ? document : context;
            return await axe.run(target, {runOnly: {type: "tag", values: tags}});
        }""",
        [context, AXE_TAGS],
    )
    violations = results["violations"]
    assert not violations, f"axe found accessibility problems on {page.url}:\n" + (
        _format_violations(violations)
    )


@pytest.fixture
def assert_accessible():
    """The check ``assert_accessible(page, exclude=None)`` (``exclude``: CSS selectors)."""
    return _assert_accessible
