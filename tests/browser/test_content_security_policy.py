"""Every HTML page carries the Content-Security-Policy and still works under it in Chromium.

Each test's ``page`` also checks this for every page it opens (``conftest.PolicyWatch``); here
each kind of page is opened once and shown to work: its scripts ran, nothing was blocked.
"""

import re

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, submit_login_form

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def assert_strict_policy(csp, url: str) -> None:
    policy = csp.policies[url]
    script_sources = re.search(r"script-src ([^;]*)", policy).group(1).split()
    assert "'self'" in script_sources
    assert not {"'unsafe-inline'", "'unsafe-eval'", "*"} & set(script_sources)
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_admin_pages_run_their_scripts_under_the_policy(page, csp, live_server, superuser):
    page.goto(f"{live_server.url}/admin/")
    submit_login_form(page, superuser.email)
    expect(page.locator("#site-name")).to_have_text("eventsite administration")

    page.goto(f"{live_server.url}/admin/events/event/add/")
    # The date and time shortcuts are written by the admin's scripts.
    expect(page.locator(".datetimeshortcuts").first).to_be_visible()
    screenshot(page, "csp-admin-event-form")

    assert_strict_policy(csp, f"{live_server.url}/admin/login/?next=/admin/")
    assert_strict_policy(csp, f"{live_server.url}/admin/events/event/add/")
    assert csp.violations == []


def test_browsable_api_and_its_login_work_under_the_policy(page, csp, live_server, user):
    page.goto(f"{live_server.url}/api-auth/login/?next=/events")
    submit_login_form(page, user.email)
    expect(page.locator(".response-info")).to_contain_text("HTTP 200 OK")
    # prettify.js colours the JSON answer; jQuery and Bootstrap open the user menu.
    expect(page.locator(".response-info .prettyprint span").first).to_be_attached()
    page.click(f".navbar .dropdown-toggle:has-text('{user.email}')")
    screenshot(page, "csp-browsable-api")
    page.click(".navbar .dropdown-menu :text('Log out')")
    expect(page.locator(".response-info")).to_contain_text("401 Unauthorized")
    expect(page.locator(".navbar")).to_contain_text("Log in")

    assert_strict_policy(csp, f"{live_server.url}/api-auth/login/?next=/events")
    assert_strict_policy(csp, f"{live_server.url}/events")
    assert csp.violations == []


def test_swagger_ui_and_redoc_render_under_the_policy(page, csp, live_server):
    page.goto(f"{live_server.url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("eventsite API")
    expect(page.locator(".opblock")).not_to_have_count(0)

    page.goto(f"{live_server.url}/redoc")
    expect(page.locator("h1").first).to_contain_text("eventsite API")
    expect(page.locator("[data-section-id^='tag/'], [data-section-id^='operation/']").first).to_be_attached()
    screenshot(page, "csp-redoc", full_page=False)

    assert_strict_policy(csp, f"{live_server.url}/docs")
    assert_strict_policy(csp, f"{live_server.url}/redoc")
    assert "'nonce-" in csp.policies[f"{live_server.url}/docs"]
    assert csp.violations == []
