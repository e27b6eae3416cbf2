"""Browser journeys: Python Playwright steering Debian's Chromium against a live server.

Chromium comes from Debian (`make system-browser`), never `playwright install`.
When it is missing the journeys are skipped with one line saying so — unless
REQUIRE_BROWSER=1 (CI), where a missing browser fails every journey.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; Django's ORM refuses
# to run where a loop is running unless told it is safe (it is: one thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
PASSWORD = "demo-pass-2020"


def browser_missing() -> str | None:
    """Why the journeys cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (make install-dev)"
    if not (CHROMIUM.exists() or shutil.which(str(CHROMIUM))):
        return f"Chromium not found at {CHROMIUM} (install it: sudo make system-browser)"
    return None


def browser_required() -> bool:
    return os.environ.get("REQUIRE_BROWSER", "") in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    reason = browser_missing()
    if reason is None:
        return
    journeys = [item for item in items if "tests/e2e/" in str(item.fspath).replace(os.sep, "/")]
    if not journeys:
        return
    config._browser_missing = (reason, len(journeys))
    for item in journeys:
        if browser_required():
            item.add_marker(pytest.mark.usefixtures("_fail_without_browser"))
        else:
            item.add_marker(pytest.mark.skip(reason=f"browser journeys skipped: {reason}"))


def pytest_terminal_summary(terminalreporter, config):
    missing = getattr(config, "_browser_missing", None)
    if missing:
        reason, count = missing
        verb = "FAILED (REQUIRE_BROWSER=1)" if browser_required() else "skipped"
        terminalreporter.write_line(f"browser journeys: {count} {verb}: {reason}")


@pytest.fixture
def _fail_without_browser():
    pytest.fail(f"REQUIRE_BROWSER=1 but {browser_missing()}", pytrace=False)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, demo, request):
    """A fresh browser context; its last page is saved as a full-page screenshot
    under tests/e2e/artifacts/ (a CI artefact, git-ignored)."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        accept_downloads=True,
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def log_in(page):
    def as_user(username: str, next_url: str = "/"):
        page.goto(f"/login/?next={next_url}")
        page.fill("#id_username", username)
        page.fill("#id_password", PASSWORD)
        with page.expect_navigation():
            page.click("main form button[type=submit]")
        return page

    return as_user


@pytest.fixture
def second_page(browser, live_server):
    """Another person's browser, for journeys with two people."""
    context = browser.new_context(base_url=live_server.url, locale="zh-CN")
    yield context.new_page()
    context.close()
