"""``api_exception_handler`` with each kind of ``ApplicationError``: the status, envelope and headers."""

import json

import pytest
from rest_framework.request import Request
from rest_framework.test import APIRequestFactory
from rest_framework.views import APIView

from events.services import CapacityBelowAttendance, EventHasRsvps, EventNotOpen
from eventsite.api.exceptions import STATUS_BY_ERROR, api_exception_handler
from eventsite.runtime.errors import (
    ApplicationError,
    Conflict,
    InvalidCredentials,
    InvalidInput,
    InvalidToken,
    NotFound,
    RateLimited,
)

BEARER = 'Bearer realm="api"'


class BearerView(APIView):
    def get_authenticate_header(self, request):
        return BEARER


class NoChallengeView(APIView):
    def get_authenticate_header(self, request):
        return None


class Unlisted(ApplicationError):
    """A kind the handler's table does not name."""

    code = "unlisted"
    default_message = "Something the domain refuses."


def handle(error: ApplicationError, view: type[APIView] = BearerView):
    request = Request(APIRequestFactory().post("/anywhere"))
    response = api_exception_handler(error, {"view": view(), "request": request})
    response.accepted_renderer = request.accepted_renderer
    response.accepted_media_type = request.accepted_media_type
    response.renderer_context = {}
    response.render()
    return response


@pytest.mark.parametrize(
    ("error", "status", "body"),
    [
        (
            InvalidInput(errors={"email": ["Enter a valid email."]}),
            400,
            {
                "message": "Invalid input.",
                "code": "invalid",
                "errors": {"email": ["Enter a valid email."]},
            },
        ),
        (
            CapacityBelowAttendance("Must be at least 2."),
            400,
            {"message": "Invalid input.", "code": "invalid", "errors": {"capacity": ["Must be at least 2."]}},
        ),
        (
            Conflict("A user with this email already exists."),
            409,
            {"message": "A user with this email already exists.", "code": "conflict"},
        ),
        (EventHasRsvps(), 409, {"message": EventHasRsvps.default_message, "code": "event_has_rsvps"}),
        (
            EventNotOpen("This event is cancelled and does not take RSVPs."),
            409,
            {"message": "This event is cancelled and does not take RSVPs.", "code": "event_not_open"},
        ),
        (
            RateLimited(wait=900),
            429,
            {"message": "Request was throttled. Expected available in 900 seconds.", "code": "throttled"},
        ),
        (NotFound(), 404, {"message": "Not found.", "code": "not_found"}),
        (Unlisted(), 400, {"message": "Something the domain refuses.", "code": "unlisted"}),
    ],
)
def test_each_kind_of_error_gets_its_status_and_envelope(error, status, body):
    response = handle(error)

    assert response.status_code == status
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == body
    assert not response.has_header("WWW-Authenticate")


@pytest.mark.parametrize(
    ("error", "body"),
    [
        (
            InvalidCredentials("Invalid email or password."),
            {"message": "Invalid email or password.", "code": "invalid_credentials"},
        ),
        (
            InvalidToken("Refresh token is invalid or expired."),
            {"message": "Refresh token is invalid or expired.", "code": "token_not_valid"},
        ),
    ],
)
def test_invalid_credentials_get_401_with_the_views_challenge(error, body):
    response = handle(error)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == BEARER
    assert json.loads(response.content) == body


def test_invalid_credentials_get_403_where_the_view_has_no_challenge():
    response = handle(InvalidCredentials(), view=NoChallengeView)

    assert response.status_code == 403
    assert not response.has_header("WWW-Authenticate")
    assert json.loads(response.content) == {
        "message": "Invalid email or password.",
        "code": "invalid_credentials",
    }


def test_rate_limited_says_when_to_retry():
    assert handle(RateLimited(wait=1))["Retry-After"] == "1"
    assert handle(RateLimited(wait=0.3))["Retry-After"] == "1"
    assert handle(RateLimited(wait=42))["Retry-After"] == "42"


def test_only_rate_limited_gets_retry_after():
    assert not handle(Conflict()).has_header("Retry-After")


def test_an_unlisted_subclass_of_a_listed_kind_is_answered_as_that_kind():
    class Taken(Conflict):
        code = "taken"

    response = handle(Taken("Already there."))

    assert response.status_code == 409
    assert json.loads(response.content) == {"message": "Already there.", "code": "taken"}


def test_nested_and_form_wide_field_errors_are_flattened_as_drfs_are():
    response = handle(InvalidInput(errors={"__all__": ["Bad."], "dates": {"end": ["After the start."]}}))

    assert json.loads(response.content)["errors"] == {
        "nonFieldErrors": ["Bad."],
        "dates.end": ["After the start."],
    }


def test_an_error_without_field_errors_has_no_errors_key():
    assert "errors" not in json.loads(handle(InvalidInput("Nothing to say per field.")).content)


def test_every_status_in_the_table_is_a_client_error():
    assert all(400 <= status < 500 for status in STATUS_BY_ERROR.values())
    assert ApplicationError in STATUS_BY_ERROR
