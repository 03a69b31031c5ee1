"""The browsable API's root page: eventsite's brand and icon, links to the docs and every resource."""

import pytest
from playwright.sync_api import expect

from .conftest import screenshot

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_api_root_page_is_branded_and_links_the_docs(page, offline, live_server):
    page.goto(f"{live_server.url}/")
    expect(page.locator(".navbar-brand")).to_have_text("eventsite API")
    expect(page).to_have_title("Api Root \N{EN DASH} eventsite API")
    body = page.locator(".response-info")
    for path in ("/docs", "/redoc", "/schema", "/users/me/rsvps", "/public/events.ics"):
        expect(body.locator(f"a[href='{live_server.url}{path}']")).to_have_count(1)
    page.wait_for_load_state("networkidle")
    screenshot(page, "api-root")

    favicon = page.request.get(f"{live_server.url}/favicon.ico")
    assert favicon.status == 200
    assert favicon.url.endswith("/static/eventsite/favicon.ico")
    assert favicon.body().startswith(b"\x00\x00\x01\x00")  # an ICO file
    assert offline == []
