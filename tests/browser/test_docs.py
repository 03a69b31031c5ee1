"""Swagger UI at /docs, rendered from the packaged assets and used to call the API."""

import json
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_renders_offline_and_tries_out_health(page, requested_hosts, live_server):
    page.goto(f"{live_server.url}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("eventsite API")
    health = page.locator(".opblock-get", has=page.locator(".opblock-summary-path[data-path='/health']"))
    expect(page.locator(".opblock")).not_to_have_count(0)
    screenshot(page, "docs-swagger-ui", full_page=False)

    health.locator(".opblock-summary-control").click()
    health.locator("button.try-out__btn").click()
    health.locator("button.execute").click()
    live_status = health.locator(".live-responses-table .response .response-col_status")
    expect(live_status).to_have_text("200")
    expect(health.locator(".live-responses-table .microlight").first).to_contain_text('"status": "ok"')
    health.scroll_into_view_if_needed()
    screenshot(page, "docs-try-health", full_page=False)

    assert requested_hosts == {urlsplit(live_server.url).netloc}


def test_redoc_renders_with_no_request_to_another_server(page, offline, csp, live_server):
    page.goto(f"{live_server.url}/redoc")
    expect(page.locator("h1").first).to_contain_text("eventsite API")
    expect(page.locator("[data-section-id^='operation/']").first).to_be_attached()
    page.wait_for_load_state("networkidle")
    screenshot(page, "docs-redoc", full_page=False)

    assert offline == []
    assert csp.violations == []


def test_swagger_ui_renders_with_no_request_to_another_server(page, offline, live_server):
    page.goto(f"{live_server.url}/docs")
    expect(page.locator(".opblock")).not_to_have_count(0)
    page.wait_for_load_state("networkidle")

    assert offline == []


def try_out(page, method: str, path: str):
    """Open an operation, try it out with its example body as shown, and return its block."""
    block = page.locator(f".opblock-{method}", has=page.locator(f".opblock-summary-path[data-path='{path}']"))
    block.locator(".opblock-summary-control").click()
    block.locator("button.try-out__btn").click()
    block.locator("button.execute").click()
    return block


def test_a_newcomer_registers_authorizes_and_creates_an_event_in_swagger_ui(page, offline, live_server):
    page.goto(f"{live_server.url}/docs")

    register = try_out(page, "post", "/users/register")
    expect(register.locator(".live-responses-table .response .response-col_status")).to_have_text("200")
    answer = register.locator(".live-responses-table .microlight").first.inner_text()
    token = json.loads(answer)["token"]

    page.locator(".scheme-container button.authorize").click()
    page.locator(".modal-ux .auth-container", has_text="jwtAuth").locator("input").fill(token)
    page.locator(".modal-ux .auth-container", has_text="jwtAuth").locator("button.authorize").click()
    page.locator(".modal-ux button.close-modal").click()

    create = try_out(page, "post", "/events/create")
    expect(create.locator(".live-responses-table .response .response-col_status")).to_have_text("201")
    created = json.loads(create.locator(".live-responses-table .microlight").first.inner_text())
    assert created["event"]["title"] == "Tech Conference 2025"
    create.scroll_into_view_if_needed()
    screenshot(page, "docs-try-create-event", full_page=False)
    assert offline == []
