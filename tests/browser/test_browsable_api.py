"""The browsable API, used through Chromium: session login, the HTML form, pagination."""

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory, UserFactory

from .conftest import screenshot, submit_login_form

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_user_logs_in_creates_an_event_and_pages_through_the_list(page, live_server):
    user = UserFactory(email="ada@example.com")
    EventFactory.create_batch(3, created_by=user, date="2030-01-01T09:00:00Z")

    page.goto(f"{live_server.url}/events/all")
    expect(page.locator(".response-info")).to_contain_text("401 Unauthorized")
    page.click("a:has-text('Log in')")
    assert page.url.startswith(f"{live_server.url}/api-auth/login/")
    screenshot(page, "api-login")
    submit_login_form(page, user.email)

    expect(page).to_have_url(f"{live_server.url}/events/all")
    expect(page.locator(".response-info")).to_contain_text("HTTP 200 OK")
    expect(page.locator(".navbar")).to_contain_text("ada@example.com")
    expect(page.locator(".page-header + div")).to_contain_text("/events/all")
    expect(page.locator(".page-header + div")).not_to_contain_text("``")  # no raw reST markup on show
    screenshot(page, "api-events-all")

    page.goto(f"{live_server.url}/events")
    form = page.locator("#post-object-form")
    form.locator("[name=title]").fill("Browsable launch")
    form.locator("[name=description]").fill("Created through the HTML form")
    form.locator("[name=date]").fill("2031-06-01T10:00")
    form.locator("[name=location]").fill("Online")
    screenshot(page, "api-event-form")
    form.locator("button:has-text('POST')").click()
    expect(page.locator(".response-info")).to_contain_text("HTTP 201 Created")
    expect(page.locator(".response-info")).to_contain_text('"title": "Browsable launch"')
    expect(page.locator(".response-info")).to_contain_text('"date": "2031-06-01T10:00:00')
    expect(page.locator(".response-info")).to_contain_text('"status": "published"')
    screenshot(page, "api-event-created")

    page.goto(f"{live_server.url}/events/all?pageSize=2")
    expect(page.locator(".response-info")).to_contain_text('"count": 4')
    expect(page.locator(".response-info")).not_to_contain_text("Browsable launch")
    page.locator(".pagination a[aria-label=Next]").click()
    expect(page).to_have_url(f"{live_server.url}/events/all?page=2&pageSize=2")
    expect(page.locator(".response-info")).to_contain_text("Browsable launch")
    screenshot(page, "api-events-page-2")
    page.locator(".pagination a[aria-label=Previous]").click()
    expect(page).to_have_url(f"{live_server.url}/events/all?pageSize=2")
    expect(page.locator(".response-info")).to_contain_text('"previous": null')
    expect(page.locator(".response-info")).not_to_contain_text("Browsable launch")
