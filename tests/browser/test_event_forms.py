"""The browsable API's event forms in Chromium: create with a capacity, a refused form, an edit."""

import re

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.factories import EventFactory, UserFactory

from .conftest import screenshot, submit_login_form

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, path: str) -> None:
    user = UserFactory(email="ada@example.com")
    page.goto(f"{live_server.url}/api-auth/login/?next={path}")
    submit_login_form(page, user.email)
    expect(page).to_have_url(f"{live_server.url}{path}")


def test_user_creates_an_event_with_a_capacity_through_the_html_form(page, live_server):
    log_in(page, live_server, "/events/create")
    expect(page).to_have_title(re.compile(r"^Create an event\b"))
    expect(page.locator(".response-info")).to_contain_text("HTTP 200 OK")

    form = page.locator("#post-object-form")
    expect(form.locator("label:has-text('End date')")).to_be_visible()
    expect(form.locator("label:has-text('Time zone')")).to_be_visible()
    form.locator("[name=title]").fill("Capacity launch")
    form.locator("textarea[name=description]").fill("First line\nSecond line")
    form.locator("[name=date]").fill("2031-06-01T10:00")
    form.locator("[name=endDate]").fill("2031-06-01T12:00")
    form.locator("[name=capacity]").fill("25")
    screenshot(page, "api-event-form-capacity")
    form.locator("button:has-text('POST')").click()

    expect(page.locator(".response-info")).to_contain_text("HTTP 201 Created")
    expect(page.locator(".response-info")).to_contain_text('"capacity": 25')
    expect(page.locator(".response-info")).to_contain_text('"spotsLeft": 25')
    screenshot(page, "api-event-created-capacity")
    assert Event.objects.get(title="Capacity launch").capacity == 25


def test_a_refused_form_keeps_what_was_typed_and_shows_the_errors_by_their_fields(page, live_server):
    log_in(page, live_server, "/events")

    form = page.locator("#post-object-form")
    form.locator("[name=title]").fill("Kept title")
    form.locator("textarea[name=description]").fill("Kept description")
    form.locator("[name=date]").fill("2031-06-01T10:00")
    form.locator("select[name=timezone]").select_option("Asia/Tokyo")
    form.locator("[name=endDate]").fill("2031-06-01T09:00")
    form.locator("[name=capacity]").fill("0")
    form.locator("button:has-text('POST')").click()

    expect(page.locator(".response-info")).to_contain_text("HTTP 400 Bad Request")
    form = page.locator("#post-object-form")
    expect(form.locator("[name=title]")).to_have_value("Kept title")
    expect(form.locator("[name=description]")).to_have_value("Kept description")
    expect(form.locator("[name=capacity]")).to_have_value("0")
    capacity = form.locator(".form-group.has-error", has=page.locator("[name=capacity]"))
    expect(capacity).to_contain_text("Ensure this value is greater than or equal to 1.")
    end_date = form.locator(".form-group.has-error", has=page.locator("[name=endDate]"))
    expect(end_date).to_contain_text("Must be after the start date.")
    expect(form.locator("select[name=timezone]")).to_have_value("Asia/Tokyo")
    expect(form.locator(".form-group.has-error")).to_have_count(2)
    screenshot(page, "api-event-form-refused")
    assert not Event.objects.exists()


def test_user_edits_an_event_through_its_prefilled_form_in_the_event_time_zone(page, live_server):
    user = UserFactory(email="grace@example.com")
    event = EventFactory(
        created_by=user,
        title="Before",
        description="Kept",
        capacity=10,
        date="2031-06-01T08:00:00Z",
        time_zone="Europe/Paris",
    )
    page.goto(f"{live_server.url}/api-auth/login/?next=/events/{event.pk}")
    submit_login_form(page, user.email)

    form = page.locator("#put-object-form")
    expect(form.locator("[name=title]")).to_have_value("Before")
    expect(form.locator("[name=description]")).to_have_value("Kept")
    expect(form.locator("[name=capacity]")).to_have_value("10")
    expect(form.locator("[name=date]")).to_have_value("2031-06-01T10:00")
    expect(form.locator("select[name=timezone]")).to_have_value("Europe/Paris")
    screenshot(page, "api-event-edit-form")
    form.locator("[name=title]").fill("After")
    form.locator("[name=capacity]").fill("12")
    form.locator("button:has-text('PUT')").click()

    expect(page.locator(".response-info")).to_contain_text("HTTP 200 OK")
    expect(page.locator(".response-info")).to_contain_text('"title": "After"')
    expect(page.locator(".response-info")).to_contain_text('"capacity": 12')
    expect(page.locator(".response-info")).to_contain_text('"date": "2031-06-01T08:00:00.000Z"')
    expect(page.locator(".response-info")).to_contain_text('"description": "Kept"')
    screenshot(page, "api-event-edited")
    event.refresh_from_db()
    assert (event.title, event.capacity, event.description, event.time_zone) == (
        "After",
        12,
        "Kept",
        "Europe/Paris",
    )
