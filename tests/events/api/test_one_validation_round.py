"""Every bad field of an event write is reported in one 400."""

import pytest

from tests.helpers import assert_field_errors

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/events", "/events/create"])
def test_create_with_a_bad_title_and_an_end_before_the_start_reports_both(auth_client, path):
    body = {"title": "", "date": "2027-03-01T09:00:00Z", "endDate": "2027-03-01T08:00:00Z", "timezone": ""}

    assert_field_errors(auth_client.post(path, body, format="json"), "title", "endDate")


def test_update_with_a_bad_capacity_and_an_end_before_the_start_reports_both(auth_client, event):
    body = {"capacity": 0, "endDate": "2000-01-01T00:00:00Z"}

    assert_field_errors(auth_client.patch(f"/events/{event.pk}", body, format="json"), "capacity", "endDate")
