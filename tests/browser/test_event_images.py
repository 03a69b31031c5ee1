"""A cover image chosen in the browsable API's form: uploaded, processed, shown on the event."""

import pytest
from playwright.sync_api import expect

from tests.events.images.images import image_bytes
from tests.factories import EventFactory, UserFactory

from .conftest import screenshot, submit_login_form

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_owner_uploads_a_cover_image_through_the_browsable_api_form(page, live_server, media_folder):
    owner = UserFactory(email="grace@example.com")
    event = EventFactory(created_by=owner, title="Harbour walk")

    page.goto(f"{live_server.url}/api-auth/login/?next=/events/{event.pk}/image")
    submit_login_form(page, owner.email)
    expect(page).to_have_url(f"{live_server.url}/events/{event.pk}/image")
    form = page.locator("form[data-method=PUT][enctype='multipart/form-data']")
    form.locator("input[type=file][name=image]").set_input_files(
        {"name": "harbour.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}
    )
    screenshot(page, "api-event-image-form")
    form.locator("button:has-text('PUT')").click()

    expect(page.locator(".response-info")).to_contain_text("HTTP 202 Accepted")
    page.goto(f"{live_server.url}/events/{event.pk}")
    expect(page.locator(".response-info")).to_contain_text('"imageStatus": "ready"')
    expect(page.locator(".response-info")).to_contain_text('"thumbnailUrl": "/media/')
    screenshot(page, "api-event-with-image")
    assert any(path.suffix == ".png" for path in media_folder.rglob("*"))
