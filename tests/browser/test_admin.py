"""The Django admin, used through Chromium as a staff member would."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from tests.factories import RsvpFactory, UserFactory

from .conftest import screenshot, submit_login_form

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def test_staff_adds_an_event_finds_it_and_sees_its_attendees(page, live_server, superuser):
    creator = UserFactory(email="organiser@example.com")
    page.goto(f"{live_server.url}/admin/")
    submit_login_form(page, superuser.email)
    expect(page.locator("#site-name")).to_have_text("eventsite administration")
    screenshot(page, "admin-index")

    page.goto(f"{live_server.url}/admin/events/event/add/")
    expect(page.locator(".field-id")).to_have_count(0)
    page.fill("#id_title", "Browser Summit")
    page.fill("#id_description", "Added through the admin form")
    page.fill("#id_date_0", "2031-03-14")
    page.fill("#id_date_1", "18:30:00")
    page.fill("#id_location", "Lisbon")
    page.click(".field-created_by .select2-selection")
    page.fill(".select2-search__field", "organiser")
    page.click(".select2-results__option:has-text('organiser@example.com')")
    screenshot(page, "admin-event-add")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist .success")).to_contain_text("Browser Summit")

    event = Event.objects.get(title="Browser Summit")
    assert event.created_by == creator
    assert event.location == "Lisbon"
    RsvpFactory(event=event, user=UserFactory(email="attendee@example.com"))

    page.fill("#searchbar", "Summit")
    page.click("#changelist-search [type=submit]")
    page.click("#changelist-filter a:has-text('Published')")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Browser Summit")
    assert "q=Summit" in page.url and "status__exact=published" in page.url
    screenshot(page, "admin-event-search-filter")

    rows.first.locator("th a").click()
    expect(page.locator("#id_title")).to_have_value("Browser Summit")
    expect(page.locator(".field-id")).to_contain_text(str(event.pk))
    attendees = page.locator("#rsvps-group")
    expect(attendees).to_contain_text("attendee@example.com")
    expect(attendees).to_contain_text("Going")
    screenshot(page, "admin-event-change-attendees")


def test_event_list_at_1280_pixels_shows_every_column_in_the_viewport(browser, live_server, superuser):
    long_title = "An annual conference with a rather long title about many things"
    for index in range(3):
        RsvpFactory(event__title=f"{long_title} {index}", event__location="Palais des Congrès, Paris")
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/")
    submit_login_form(page, superuser.email)
    page.goto(f"{live_server.url}/admin/events/event/")
    expect(page.locator("#result_list tbody tr")).to_have_count(3)

    last_column = page.locator("#result_list thead th").last.bounding_box()
    # The table scrolls inside this box: a column past its right edge is clipped.
    results = page.locator("#changelist .results").bounding_box()
    screenshot(page, "admin-event-list-1280", full_page=False)
    context.close()

    assert last_column["x"] + last_column["width"] <= results["x"] + results["width"]
    assert results["x"] + results["width"] <= 1280
