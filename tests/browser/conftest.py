"""Real Chromium (Debian's package, never Playwright's download) driven by Playwright."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Response, sync_playwright

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


# Each page reports what its Content-Security-Policy blocked (``securitypolicyviolation``).
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (violation) => window.reportCspViolation(
  `${violation.effectiveDirective} blocked ${violation.blockedURI || "inline"} in ${violation.sourceFile}`
  + `:${violation.lineNumber} ${violation.sample}`
));
"""


@dataclass
class PolicyWatch:
    """What the HTML pages of one browser context showed of the Content-Security-Policy."""

    policies: dict[str, str] = field(default_factory=dict)  # page URL: its policy
    without_policy: list[str] = field(default_factory=list)  # HTML pages answered without one
    violations: list[str] = field(default_factory=list)  # reported by the pages or on the console

    def watch(self, context: BrowserContext) -> None:
        context.expose_binding(
            "reportCspViolation", lambda source, text: self._violated(source["page"], text)
        )
        context.add_init_script(REPORT_VIOLATIONS)
        context.on("response", self._seen)
        context.on("console", self._console)

    def _seen(self, response: Response) -> None:
        if response.request.resource_type != "document":
            return
        if not response.headers.get("content-type", "").startswith("text/html"):
            return
        policy = response.headers.get("content-security-policy")
        if policy is None:
            self.without_policy.append(response.url)
        else:
            self.policies[response.url] = policy

    def _console(self, message) -> None:
        if "Content Security Policy" in message.text:
            self._violated(message.page, message.text)

    def _violated(self, page: Page | None, text: str) -> None:
        self.violations.append(f"{page.url if page else '?'}: {text}")

    def assert_kept(self) -> None:
        """Every HTML page carried a policy, and none of them broke it."""
        assert self.without_policy == [], "HTML pages without a Content-Security-Policy"
        assert self.violations == [], "Content-Security-Policy violations"


@pytest.fixture
def csp() -> PolicyWatch:
    return PolicyWatch()


@pytest.fixture
def page(browser, csp) -> Iterator[Page]:
    """A page in a context of its own; every HTML page it opens must carry the
    Content-Security-Policy and work under it (checked when the test ends)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    csp.watch(context)
    yield context.new_page()
    context.close()
    csp.assert_kept()


@pytest.fixture
def requested_hosts(page) -> set[str]:
    """Host of every request the page makes, recorded from the first navigation on."""
    hosts: set[str] = set()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    return hosts


LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


@pytest.fixture
def offline(page) -> list[str]:
    """Every request to a host other than this machine's is aborted and listed: pages must work
    offline, as on Lambda, which has no internet."""
    refused: list[str] = []

    def route(route, request) -> None:
        if urlsplit(request.url).hostname in LOOPBACK_HOSTS or not request.url.startswith("http"):
            route.continue_()
        else:
            refused.append(request.url)
            route.abort()

    page.route("**/*", route)
    return refused


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
