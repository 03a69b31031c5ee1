"""A multipart body whose parts are not named form fields is malformed, not an empty form."""

import pytest

from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

MULTIPART = "multipart/form-data; boundary=b0undary"
UNNAMED_PART = b"--b0undary\r\n[]--b0undary--\r\n"


def test_a_partial_profile_update_with_an_unnamed_part_is_a_parse_error(auth_client, user):
    response = auth_client.generic("PATCH", "/users/me", UNNAMED_PART, content_type=MULTIPART)

    assert_error(response, 400, "parse_error")


def test_an_event_patch_with_a_part_without_a_name_is_refused(auth_client, event):
    body = b'--b0undary\r\nContent-Type: text/plain\r\n\r\nx\r\n--b0undary--\r\n'

    assert_error(auth_client.generic("PATCH", f"/events/{event.pk}", body, content_type=MULTIPART), 400)
