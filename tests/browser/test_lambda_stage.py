"""The packaged app through Zappa's handler behind a local API Gateway, in a real browser.

Every page lives under the ``/dev`` stage prefix, so styles, links, redirects and forms
only work if the app generates stage-prefixed URLs.
"""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.factories import DEFAULT_PASSWORD

from .api_gateway_proxy import STAGE, ApiGatewayProxy
from .conftest import screenshot, submit_login_form

pytestmark = pytest.mark.slow

STAFF_EMAIL = "staff@example.com"
CREATE_STAFF = (
    "from accounts.models import User; "
    f"User.objects.create_superuser({STAFF_EMAIL!r}, {DEFAULT_PASSWORD!r}, name='Stage Staff')"
)


@pytest.fixture(scope="module")
def gateway(lambda_app):
    # What ``zappa invoke dev --raw`` sends: Python run inside the function.
    assert lambda_app.invoke({"raw_command": CREATE_STAFF}) is None
    with ApiGatewayProxy(lambda_app) as proxy:
        yield proxy


@pytest.fixture
def responses(page) -> list:
    answered: list = []
    page.on("response", lambda response: answered.append(response))
    return answered


def links_outside_the_stage(page: Page) -> list[str]:
    """Site-relative links on the page that lost the stage prefix (none expected)."""
    hrefs = page.eval_on_selector_all("a[href]", "links => links.map(link => link.getAttribute('href'))")
    assert any(href.startswith(f"{STAGE}/") for href in hrefs), hrefs
    return [
        href
        for href in hrefs
        if href.startswith("/") and href.split("?")[0] != STAGE and not href.startswith(f"{STAGE}/")
    ]


def test_admin_under_the_stage_is_styled_and_keeps_the_prefix(page, responses, gateway):
    page.goto(f"{gateway.stage_url}/admin/")

    expect(page).to_have_url(f"{gateway.stage_url}/admin/login/?next={STAGE}/admin/")
    stylesheets = [
        response
        for response in responses
        if urlsplit(response.url).path.startswith(f"{STAGE}/static/admin/css/")
    ]
    assert stylesheets, [response.url for response in responses]
    assert {response.status for response in stylesheets} == {200}
    assert all(response.headers["content-type"].startswith("text/css") for response in stylesheets)
    header_colour = page.locator("#header").evaluate("header => getComputedStyle(header).backgroundColor")
    assert header_colour not in ("rgba(0, 0, 0, 0)", "transparent")
    screenshot(page, "lambda-admin-login")

    submit_login_form(page, STAFF_EMAIL)
    expect(page).to_have_url(f"{gateway.stage_url}/admin/")
    expect(page.locator("#site-name")).to_have_text("eventsite administration")
    assert links_outside_the_stage(page) == []
    screenshot(page, "lambda-admin-index")

    page.click("#content-main .model-event th a")
    expect(page).to_have_url(f"{gateway.stage_url}/admin/events/event/")
    expect(page.locator("#changelist")).to_be_visible()


def test_browsable_api_under_the_stage_logs_in_creates_and_pages(page, responses, gateway):
    registered = page.request.post(
        f"{gateway.stage_url}/users/register",
        data={"name": "Stage User", "email": "stage.user@example.com", "password": DEFAULT_PASSWORD},
    )
    assert registered.status == 200, registered.text()
    token = registered.json()["token"]
    for day in (1, 2, 3):
        created = page.request.post(
            f"{gateway.stage_url}/events/create",
            data={"title": f"Stage warm-up {day}", "date": f"2030-02-0{day}T09:00:00Z"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert created.status == 201, created.text()

    page.goto(f"{gateway.stage_url}/events/all")
    page.click("a:has-text('Log in')")
    assert page.url.startswith(f"{gateway.stage_url}/api-auth/login/")
    submit_login_form(page, "stage.user@example.com")
    expect(page).to_have_url(f"{gateway.stage_url}/events/all")
    expect(page.locator(".response-info")).to_contain_text("HTTP 200 OK")
    bootstrap = [response for response in responses if "/static/rest_framework/css/" in response.url]
    assert bootstrap and all(
        response.url.startswith(f"{gateway.stage_url}/static/") for response in bootstrap
    )
    assert {response.status for response in bootstrap} == {200}
    assert links_outside_the_stage(page) == []

    page.goto(f"{gateway.stage_url}/events")
    form = page.locator("#post-object-form")
    form.locator("[name=title]").fill("Stage finale")
    form.locator("[name=date]").fill("2031-01-01T20:00")
    form.locator("button:has-text('POST')").click()
    expect(page.locator(".response-info")).to_contain_text("HTTP 201 Created")
    expect(page.locator(".response-info")).to_contain_text('"title": "Stage finale"')

    page.goto(f"{gateway.stage_url}/events/all?pageSize=2")
    expect(page.locator(".response-info")).to_contain_text('"count": 4')
    page.locator(".pagination a[aria-label=Next]").click()
    expect(page).to_have_url(f"{gateway.stage_url}/events/all?page=2&pageSize=2")
    expect(page.locator(".response-info")).to_contain_text("Stage finale")
    screenshot(page, "lambda-api-events-page-2")
