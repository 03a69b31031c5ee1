"""Real Chromium (Debian's package, never Playwright's download) driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from tests.factories import DEFAULT_PASSWORD

CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


@pytest.fixture(scope="package")
def browser() -> Iterator[Browser]:
    """One per run of this package, not per session: while Playwright's sync API runs, its
    event loop is the running loop of this thread and Django refuses ORM calls there unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. The variable is set only while the browser is up, for
    this package's tests (which all drive it), never for other tests."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message}; .ci/run installs it, so CI must not skip the browser tests")
        pytest.skip(f"{message} (skipped for a local run only; CI fails instead)")
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


@pytest.fixture
def requested_hosts(page) -> set[str]:
    """Host of every request the page makes, recorded from the first navigation on."""
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    return hosts


def screenshot(page: Page, name: str, *, full_page: bool = True) -> Path:
    """A PNG under ``test-artifacts/browser/`` for a person to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=path, full_page=full_page)
    return path


def submit_login_form(page: Page, email: str, password: str = DEFAULT_PASSWORD) -> None:
    """Fill the open Django login form (the admin's and the browsable API's share field names)."""
    page.fill("input[name=username]", email)
    page.fill("input[name=password]", password)
    page.click("[type=submit]")
