"""Swagger UI and the admin with their static files on S3 behind a CDN (``STATIC_STORAGE=s3``):
the emulator's bucket stands in for the CDN, and the pages render under the
Content-Security-Policy (the ``page`` fixture fails the test on any violation)."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from .conftest import screenshot, submit_login_form

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cdn_answers(page, static_on_s3) -> list[tuple[int, str]]:
    """Status and URL of every answer the page got from the CDN."""
    host = urlsplit(static_on_s3.cdn_url).netloc
    answers: list[tuple[int, str]] = []
    page.on(
        "response", lambda r: answers.append((r.status, r.url)) if urlsplit(r.url).netloc == host else None
    )
    return answers


def test_swagger_ui_renders_its_operations_from_the_cdn(page, live_server, static_on_s3, cdn_answers):
    page.goto(f"{live_server.url}/docs")

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("eventsite API")
    expect(page.locator(".opblock")).not_to_have_count(0)
    screenshot(page, "docs-swagger-ui-static-on-s3", full_page=False)
    scripts = [url for status, url in cdn_answers if url.endswith(".js")]
    assert any("swagger-ui-bundle" in url for url in scripts), cdn_answers
    assert all(status == 200 for status, _ in cdn_answers), cdn_answers


def test_the_admin_login_is_styled_from_the_cdn(page, live_server, static_on_s3, cdn_answers, superuser):
    page.goto(f"{live_server.url}/admin/login/")

    header = page.locator("#header")
    expect(header).to_have_css("background-color", "rgb(65, 118, 144)")
    assert any(url.endswith(".css") for _, url in cdn_answers), cdn_answers
    assert all(status == 200 for status, _ in cdn_answers), cdn_answers
    submit_login_form(page, superuser.email)
    expect(page.locator("#site-name")).to_have_text("eventsite administration")
    screenshot(page, "admin-index-static-on-s3", full_page=False)
