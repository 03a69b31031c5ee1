"""OWASP API Security Top 10 (2023), one group per item that applies to this API.

API6 (business flows), API7 (SSRF: the API fetches no URLs) and API10 (unsafe consumption: it
calls no third-party APIs) do not apply. Login brute force (API2/API4) is in
``tests/accounts/test_lockout.py``, the production headers (API8) in ``test_production_settings.py``.
"""

import re
import uuid
from collections import Counter

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.models import User
from events.models import Event
from tests.factories import DEFAULT_PASSWORD, EventFactory, UserFactory, create_events
from tests.helpers import (
    assert_error,
    bearer_client,
    expired_token,
    refresh_as_access,
    rsvp_race,
    run_race,
    set_throttle_rates,
    shared_database_url,
    unsigned_token,
    wrongly_signed_token,
)

pytestmark = pytest.mark.django_db

EVENT_BODY = {"title": "Mine now", "date": "2031-05-01T10:00:00.000Z", "location": "Oslo"}
FOREIGN_WRITES = [("put", EVENT_BODY), ("patch", {"title": "Mine now"}), ("delete", None)]


def call(client: APIClient, method: str, path: str, body: dict | None = None):
    return (
        getattr(client, method)(path, body, format="json")
        if body is not None
        else getattr(client, method)(path)
    )


@pytest.fixture
def protected_operations(schema) -> list[tuple[str, str]]:
    """Every (method, path template) of the schema that requires credentials."""
    return [
        (method, path)
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if {} not in operation.get("security", [{}])
    ]


def concrete(path: str, event: Event) -> str:
    return re.sub(r"{eventId}", str(event.pk), path)


# API1: broken object-level authorization


@pytest.mark.parametrize(("method", "body"), FOREIGN_WRITES)
def test_api1_writes_on_someone_elses_event_are_403_and_change_nothing(other_user, event, method, body):
    response = call(bearer_client(other_user), method, f"/events/{event.pk}", body)

    assert_error(response, 403, "permission_denied")
    event.refresh_from_db()
    assert (event.title, event.created_by_id) != ("Mine now", other_user.pk)
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(("method", "body"), FOREIGN_WRITES)
def test_api1_staff_may_write_on_any_event(staff_user, event, method, body):
    response = call(bearer_client(staff_user), method, f"/events/{event.pk}", body)

    assert response.status_code in (200, 204)


def test_api1_ids_are_random_uuid4_not_guessable(auth_client):
    created = [auth_client.post("/events", EVENT_BODY, format="json").json()["event"] for _ in range(3)]
    registered = APIClient().post(
        "/users/register",
        {"name": "Eve", "email": "eve@example.com", "password": DEFAULT_PASSWORD},
        format="json",
    )

    ids = [uuid.UUID(event["eventId"]) for event in created] + [
        uuid.UUID(registered.json()["user"]["userId"])
    ]
    assert {identifier.version for identifier in ids} == {4}
    assert len(set(ids)) == len(ids)


# API2: broken authentication


def token_after_password_change(user) -> str:
    authorization = f"Bearer {RefreshToken.for_user(user).access_token}"
    response = bearer_client(user).post(
        "/users/me/password",
        {"currentPassword": DEFAULT_PASSWORD, "newPassword": "a-Brand-new-passw0rd"},
        format="json",
    )
    assert response.status_code == 204
    return authorization


def token_of_deactivated_user(user) -> str:
    authorization = f"Bearer {RefreshToken.for_user(user).access_token}"
    user.is_active = False
    user.save()
    return authorization


@pytest.mark.parametrize(
    "bad_token",
    [
        expired_token,
        wrongly_signed_token,
        unsigned_token,
        refresh_as_access,
        token_of_deactivated_user,
        token_after_password_change,
    ],
)
def test_api2_every_protected_operation_refuses_bad_tokens_with_401(
    protected_operations, user, event, bad_token
):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=bad_token(user))

    assert protected_operations
    for method, path in protected_operations:
        response = call(
            client, method, concrete(path, event), {} if method in ("post", "put", "patch") else None
        )
        assert_error(response, 401)
        assert "WWW-Authenticate" in response, (method, path)


def test_api2_an_access_token_is_not_a_refresh_token(api_client, user):
    access = str(RefreshToken.for_user(user).access_token)

    assert_error(api_client.post("/users/token/refresh", {"refreshToken": access}, format="json"), 401)


# API3: broken object-property-level authorization


def test_api3_event_server_fields_in_the_body_are_ignored(auth_client, user, other_user):
    forged = {
        "eventId": str(uuid.uuid4()),
        "createdBy": str(other_user.pk),
        "createdAt": "2000-01-01T00:00:00.000Z",
        "updatedAt": "2000-01-01T00:00:00.000Z",
    }
    created = auth_client.post("/events", {**EVENT_BODY, **forged}, format="json").json()["event"]
    patched = auth_client.patch(f"/events/{created['eventId']}", forged, format="json").json()["event"]

    for event in (created, patched):
        assert event["eventId"] != forged["eventId"]
        assert event["createdBy"] == str(user.pk)
        assert event["createdAt"] != forged["createdAt"]


def test_api3_users_cannot_make_themselves_staff(api_client):
    body = {"name": "Mallory", "email": "mallory@example.com", "password": DEFAULT_PASSWORD}
    forged = {"isStaff": True, "is_staff": True, "isSuperuser": True, "userId": str(uuid.uuid4())}
    registered = api_client.post("/users/register", {**body, **forged}, format="json").json()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {registered['token']}")
    client.patch("/users/me", {"name": "Mallory", **forged, "email": "other@example.com"}, format="json")

    me = client.get("/users/me").json()["user"]
    assert me["userId"] == registered["user"]["userId"] != forged["userId"]
    assert me["email"] == "mallory@example.com"
    assert not set(me) & {"isStaff", "password", "isSuperuser"}
    stored = User.objects.get(pk=me["userId"])
    assert not (stored.is_staff or stored.is_superuser)


# API4: unrestricted resource consumption


def test_api4_page_size_is_capped(auth_client, user):
    create_events(501, created_by=user)

    body = auth_client.get("/events", {"pageSize": 100000}).json()

    assert body["count"] == 501
    assert len(body["events"]) == 500


def test_api4_oversized_bodies_are_refused_before_parsing(auth_client, settings):
    settings.MAX_REQUEST_BODY_BYTES = 1024
    response = auth_client.post("/events", {**EVENT_BODY, "description": "x" * 2000}, format="json")

    assert_error(response, 413)


@pytest.mark.parametrize(
    ("field", "value"), [("title", "t" * 201), ("description", "d" * 5001), ("location", "l" * 256)]
)
def test_api4_string_lengths_are_bounded(auth_client, field, value):
    response = auth_client.post("/events", {**EVENT_BODY, field: value}, format="json")

    assert set(assert_error(response, 400, "invalid")["errors"]) == {field}


def test_api4_register_and_login_are_rate_limited(api_client, settings, monkeypatch):
    set_throttle_rates(settings, monkeypatch, auth="2/min")
    body = {"email": "someone@example.com", "password": "wrong"}
    statuses = [api_client.post("/users/login", body, format="json").status_code for _ in range(3)]

    assert statuses[:2] == [401, 401]
    response = api_client.post("/users/register", {"name": "N", **body}, format="json")
    assert_error(response, 429, "throttled")
    assert int(response["Retry-After"]) > 0


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("q", "x" * 201),
        ("location", "l" * 256),
        ("from", "9" * 5000),
        ("to", "99999-01-01T00:00:00Z"),
        ("createdBy", "u" * 5000),
        ("ordering", "password"),
    ],
)
def test_api4_list_query_parameters_are_bounded_and_named(auth_client, param, value):
    response = auth_client.get("/events", {param: value})

    assert set(assert_error(response, 400, "invalid")["errors"]) == {param}


@pytest.mark.parametrize("page_size", ["-5", "abc", "1e9"])
def test_api4_malformed_page_sizes_are_refused_by_name(auth_client, page_size):
    response = auth_client.get("/events", {"pageSize": page_size})

    assert set(assert_error(response, 400, "invalid")["errors"]) == {"pageSize"}


def test_api4_huge_page_numbers_are_404_not_errors(auth_client):
    assert_error(auth_client.get("/events", {"page": "9" * 30}), 404, "not_found")


@pytest.mark.parametrize("capacity", [10**30, 1_000_001])
def test_api4_capacity_is_bounded(auth_client, capacity):
    response = auth_client.post("/events", {**EVENT_BODY, "capacity": capacity}, format="json")

    assert set(assert_error(response, 400, "invalid")["errors"]) == {"capacity"}


def test_api4_general_request_rates_apply_to_users_and_anonymous_clients(
    settings, monkeypatch, auth_client, api_client
):
    set_throttle_rates(settings, monkeypatch, user="1/min", anon="1/min")

    assert auth_client.get("/events").status_code == 200
    assert api_client.get("/health").status_code == 200
    assert_error(auth_client.get("/events"), 429, "throttled")
    assert_error(api_client.get("/health"), 429, "throttled")


# API5: broken function-level authorization


def test_api5_admin_is_refused_to_users_and_to_bearer_tokens(client, user, auth_client):
    client.force_login(user)

    for path in ("/admin/", "/admin/accounts/user/", "/admin/events/event/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
        assert auth_client.get(path).status_code == 302


def test_api5_staff_only_event_writes_are_not_granted_to_users(user, other_user):
    event = EventFactory(created_by=other_user)

    assert_error(bearer_client(user).delete(f"/events/{event.pk}"), 403)
    assert Event.objects.filter(pk=event.pk).exists()


# API8: security misconfiguration


@pytest.mark.parametrize(
    ("method", "path", "body", "status"),
    [
        ("post", "/users/login", "{not json", 400),
        ("post", "/users/login", "[]", 400),
        ("delete", "/users/login", None, 405),
        ("get", "/no/such/route", None, 404),
    ],
)
def test_api8_errors_are_json_envelopes_without_internals(api_client, method, path, body, status):
    response = api_client.generic(method.upper(), path, body or "", content_type="application/json")

    assert_error(response, status)
    text = response.content.decode()
    assert "Traceback" not in text and "<html" not in text.lower() and "django" not in text.lower()


# API9: improper inventory management


@pytest.mark.parametrize(
    "path",
    ["/__debug__/", "/debug", "/graphql", "/api/v1/events", "/.env", "/swagger.json", "/openapi.json"],
)
def test_api9_no_debug_or_unlisted_routes_are_exposed(auth_client, path):
    assert_error(auth_client.get(path), 404, "not_found")


# Security issue: settings, development mode, HEAD, /health


def test_api8_a_bad_throttle_rate_stops_start_up_instead_of_failing_requests(tmp_path):
    from tests.eventsite.test_settings import check

    result = check(tmp_path, AUTH_THROTTLE_RATE="30/fortnight")

    assert result.returncode == 1
    assert result.stderr.strip().startswith("eventsite: AUTH_THROTTLE_RATE must be requests/period")


def test_api8_production_mode_refuses_to_log_password_reset_mails_to_the_console(tmp_path):
    from tests.eventsite.test_settings import PRODUCTION, check

    result = check(tmp_path, **PRODUCTION, DJANGO_ALLOWED_HOSTS="api.example.com", EMAIL_BACKEND="console")

    assert result.returncode == 1
    assert result.stderr.strip().startswith("eventsite: EMAIL_BACKEND must not be the console backend")


def test_api8_head_answers_like_get_with_no_body(auth_client):
    from unittest import mock

    # The test client drops HEAD bodies itself; Zappa's Lambda handler would not.
    with mock.patch("django.test.client.conditional_content_removal", lambda request, response: response):
        head, get = auth_client.head("/health"), auth_client.get("/health")

    assert head.status_code == get.status_code == 200
    assert head.content == b""
    assert head["Content-Length"] == get["Content-Length"]


def test_api2_health_ignores_an_expired_bearer_token(api_client, user):
    response = api_client.get("/health", HTTP_AUTHORIZATION=expired_token(user))

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


# Security issue: deeply nested JSON bodies, dates at the ends of the calendar


@pytest.mark.parametrize("path", ["/users/register", "/users/login"])
def test_api4_a_deeply_nested_json_body_is_a_400_parse_error_not_a_500(api_client, path):
    response = api_client.generic("POST", path, "[" * 2000 + "]" * 2000, content_type="application/json")

    assert_error(response, 400, "parse_error")


def test_api4_list_dates_at_the_ends_of_the_calendar_are_400_naming_the_parameter_or_answered(
    auth_client, event
):
    everything = auth_client.get("/events", {"to": "9999-12-31"})
    out_of_range = [("from", "0001-01-01T00:00:00+05:00"), ("to", "9999-12-31T23:59:59-05:00")]

    assert everything.status_code == 200 and everything.json()["count"] == 1
    for param, value in out_of_range:
        errors = assert_error(auth_client.get("/events", {param: value}), 400, "invalid")["errors"]
        assert set(errors) == {param}


# Security issue: drafts that strand attendees, capacity below attendance, control characters in iCalendar


def test_api1_an_event_with_rsvps_cannot_go_back_to_draft_and_strand_its_attendees(
    auth_client, other_user, event
):
    attendee = bearer_client(other_user)
    assert attendee.post(f"/events/{event.pk}/rsvp").status_code == 201

    response = auth_client.patch(f"/events/{event.pk}", {"status": "draft"}, format="json")

    assert_error(response, 409, "event_has_rsvps")
    assert Event.objects.get(pk=event.pk).status == "published"
    assert attendee.delete(f"/events/{event.pk}/rsvp").status_code == 204


def test_api4_capacity_below_the_people_going_is_400_naming_capacity(auth_client, user):
    from tests.factories import UserFactory

    event = EventFactory(created_by=user, capacity=5)
    for attendee in UserFactory.create_batch(3):
        assert bearer_client(attendee).post(f"/events/{event.pk}/rsvp").status_code == 201

    response = auth_client.patch(f"/events/{event.pk}", {"capacity": 1}, format="json")

    assert set(assert_error(response, 400, "invalid")["errors"]) == {"capacity"}
    assert Event.objects.get(pk=event.pk).capacity == 5


def test_api8_calendar_output_never_carries_control_characters(auth_client):
    refused = auth_client.post("/events", {**EVENT_BODY, "title": "Launch\x07party\x1b"}, format="json")
    stored = EventFactory(
        title="Legacy\x00\x07title", description="Line\x1b one\nLine two", location="Hall\x7f"
    )

    response = auth_client.get(f"/events/{stored.pk}/ics")

    assert set(assert_error(refused, 400, "invalid")["errors"]) == {"title"}
    assert response.status_code == 200
    assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", response.content.replace(b"\r\n", b""))
    assert b"SUMMARY:Legacytitle" in response.content


# Security issue: concurrent idempotent RSVPs on SQLite


def test_api4_concurrent_rsvps_with_idempotency_keys_all_answer_and_fill_the_seats_exactly(
    tmp_path, mongo_server
):
    senders, capacity = 20, 3

    result = rsvp_race(tmp_path, mongo_server, attendees=senders, capacity=capacity, keyed=True)

    answers = Counter(map(tuple, result["answers"]))
    assert answers == {(201, "going"): capacity, (201, "waitlisted"): senders - capacity}, result["answers"]
    assert Counter(result["stored"]) == {"going": capacity, "waitlisted": senders - capacity}
    assert result["goingCount"] == capacity
    assert result["keys"] == [201] * senders  # each key's answer stored with its RSVP


# Security issue: a corrupted SQLite file


def _corrupt_sqlite_file(path, kind: str) -> None:
    """``not_a_database``: no SQLite header at all; ``malformed``: a header, then garbage pages."""
    import os
    import sqlite3

    if kind == "not_a_database":
        path.write_bytes(os.urandom(8192))
        return
    with sqlite3.connect(path) as database:
        database.execute("CREATE TABLE filler (text)")
        database.executemany("INSERT INTO filler VALUES (?)", [("x" * 100,)] * 300)
    database.close()
    size = path.stat().st_size
    with path.open("r+b") as file:
        file.seek(100)
        file.write(os.urandom(size - 100))


@pytest.mark.parametrize(("kind", "debug"), [("not_a_database", "true"), ("malformed", "false")])
def test_api8_a_corrupted_sqlite_file_answers_503_on_every_endpoint_not_500(
    tmp_path, monkeypatch, kind, debug
):
    from tests.helpers import run_race

    _corrupt_sqlite_file(tmp_path / "race.sqlite3", kind)  # the file run_race's process opens
    monkeypatch.setenv("DJANGO_DEBUG", debug)
    monkeypatch.setenv("DJANGO_SECRET_KEY", "a-test-secret-key-that-is-long-enough-for-hs256")
    monkeypatch.setenv("DJANGO_SECURE_SSL_REDIRECT", "false")

    answers = run_race("tests.eventsite.unreadable_database", tmp_path, database_url=None)

    unknown_route = answers.pop("GET /no/such/route")
    assert len(answers) > 10
    assert {request: (status, code) for request, (status, _, code) in answers.items()} == {
        request: (503, "database_unavailable") for request in answers
    }, answers
    assert (unknown_route[0], unknown_route[2]) == (404, "not_found")


# Security issue: the CSRF failure page


def test_api8_a_csrf_failure_is_a_json_envelope_for_api_requests_and_a_page_for_browser_forms(user):
    from django.test import Client

    session = Client(enforce_csrf_checks=True)
    session.force_login(user)
    browser = "text/html,application/xhtml+xml,*/*;q=0.8"
    login = {"username": user.email, "password": DEFAULT_PASSWORD}

    api_write = session.post("/events", EVENT_BODY, content_type="application/json")
    form_posts = {
        (path, accept): session.post(path, login, HTTP_ACCEPT=accept)
        for path in ("/admin/login/", "/api-auth/login/")
        for accept in ("application/json", "*/*")
    }
    browser_form = session.post("/admin/login/", login, HTTP_ACCEPT=browser)

    assert "CSRF" in assert_error(api_write, 403, "csrf_failed")["message"]
    for answer in form_posts.values():
        assert "CSRF" in assert_error(answer, 403, "csrf_failed")["message"]
    assert browser_form.status_code == 403
    assert browser_form["Content-Type"].startswith("text/html")
    assert not Event.objects.exists()


# Security issue: a Content-Security-Policy on the HTML pages (tests/browser shows they work under it)


# The attributes of each inline script that a browser would run (not JSON data blocks).
INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)(?![^>]*application/json)([^>]*)>")


def test_api8_every_html_page_carries_a_content_security_policy_without_inline_scripts(superuser):
    from django.test import Client

    anonymous, staff = Client(), Client()
    staff.force_login(superuser)
    pages = {
        path: client.get(path, HTTP_ACCEPT="text/html")
        for client, paths in [
            (anonymous, ["/admin/login/", "/api-auth/login/", "/docs", "/redoc"]),
            (staff, ["/admin/", "/admin/events/event/add/", "/events", "/"]),
        ]
        for path in paths
    }

    for path, answer in pages.items():
        assert answer.status_code == 200 and answer["Content-Type"].startswith("text/html"), path
        policy = answer["Content-Security-Policy"]
        script_src = re.search(r"script-src ([^;]*)", policy).group(1).split()
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src, path
        assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy, path
        nonce = "".join(re.findall(r"'nonce-([^']+)'", policy))
        inline_scripts = INLINE_SCRIPT.findall(answer.content)
        assert all(nonce and f'nonce="{nonce}"'.encode() in attributes for attributes in inline_scripts), path
    assert re.search(rb'<script nonce="', pages["/docs"].content)


# Security issue: every login path locked, tokens that die with the password and with reuse


def with_token(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def _lock_by_api(client: APIClient, email: str) -> None:
    for _ in range(5):
        client.post("/users/login", {"email": email, "password": "wrong-Password-1"}, format="json")


@pytest.mark.parametrize("path", ["/api-auth/login/", "/admin/login/"])
def test_api2_login_forms_give_no_session_while_the_api_login_is_locked(client, api_client, staff_user, path):
    _lock_by_api(api_client, staff_user.email)

    client.post(path, {"username": staff_user.email, "password": DEFAULT_PASSWORD})

    assert "_auth_user_id" not in client.session
    assert client.get("/users/me", HTTP_ACCEPT="application/json").status_code in (401, 403)


def test_api2_a_concurrent_burst_of_guesses_is_checked_no_more_often_than_the_limit(tmp_path, mongo_server):
    database_url = shared_database_url(mongo_server)
    account = "--create" if database_url is None else UserFactory().email

    result = run_race("tests.accounts.login_race", tmp_path, 19, account, database_url=database_url)

    *guesses, _right = result["statuses"]
    assert guesses.count(401) <= 5, result


def test_api2_a_password_set_by_staff_outside_the_api_ends_every_token(api_client, user):
    session = api_client.post(
        "/users/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    stored = User.objects.get(pk=user.pk)
    stored.set_password("set-By-Staff-2031")
    stored.save()

    assert with_token(session["token"]).get("/users/me").status_code == 401


def test_api2_guesses_from_elsewhere_do_not_lock_the_owner_out(api_client, user):
    guess = {"email": user.email, "password": "wrong-1"}
    for _ in range(5):
        api_client.post("/users/login", guess, format="json", REMOTE_ADDR="192.0.2.66")

    owner = api_client.post("/users/login", {**guess, "password": DEFAULT_PASSWORD}, format="json")

    assert owner.status_code == 200


def test_api2_a_replayed_refresh_token_kills_the_thiefs_fresh_tokens(api_client, user):
    stolen = str(RefreshToken.for_user(user))
    thief = api_client.post("/users/token/refresh", {"refreshToken": stolen}, format="json").json()

    api_client.post("/users/token/refresh", {"refreshToken": stolen}, format="json")

    assert with_token(thief["token"]).get("/users/me").status_code == 401


def test_api4_password_reset_mails_to_one_address_are_limited_across_clients(api_client, user, mailoutbox):
    for number in range(5):
        api_client.post(
            "/users/password/reset", {"email": user.email}, format="json", REMOTE_ADDR=f"192.0.2.{number}"
        )

    assert len(mailoutbox) == 3


# (An anonymous DELETE /users/me was a 401 already; test_api2_closing_an_account… covers it.)
@pytest.mark.parametrize(("method", "path"), [("get", "/users/me/export"), ("post", "/users/me/logout-all")])
def test_api2_account_self_service_refuses_anonymous_callers(api_client, user, method, path):
    response = getattr(api_client, method)(path, {"password": DEFAULT_PASSWORD}, format="json")

    assert_error(response, 401, "not_authenticated")
    assert User.objects.filter(pk=user.pk, tokens_valid_after=None).exists()


def test_api2_logging_out_everywhere_ends_every_token_and_session(api_client, user):
    session = api_client.post(
        "/users/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    browser = APIClient()
    browser.force_login(user)

    assert with_token(session["token"]).post("/users/me/logout-all").status_code == 204

    assert_error(with_token(session["token"]).get("/users/me"), 401)
    assert_error(api_client.post("/users/token/refresh", {"refreshToken": session["refreshToken"]}), 401)
    assert_error(browser.get("/users/me"), 401)


def test_api2_closing_an_account_needs_its_password_and_its_tokens_die_with_it(api_client, user):
    token = api_client.post(
        "/users/login", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json"
    ).json()["token"]
    owner = with_token(token)
    anonymous = api_client.delete("/users/me", {"password": DEFAULT_PASSWORD}, format="json")

    refused = owner.delete("/users/me", {"password": "a-Stolen-token-only-1"}, format="json")
    closed = owner.delete("/users/me", {"password": DEFAULT_PASSWORD}, format="json")

    assert_error(anonymous, 401, "not_authenticated")
    assert assert_error(refused, 400, "invalid")["errors"].keys() == {"password"}
    assert closed.status_code == 204
    assert_error(owner.get("/users/me"), 401)


def test_api3_the_data_export_holds_only_the_callers_data_and_no_password_hash(user, other_user):
    EventFactory(created_by=other_user, title="Someone else's draft", status=Event.Status.DRAFT)
    EventFactory(created_by=user, title="My draft", status=Event.Status.DRAFT)

    response = bearer_client(user).get("/users/me/export")

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    assert [event["title"] for event in response.json()["export"]["events"]] == ["My draft"]
    for secret in (user.password, other_user.email, str(other_user.pk), "Someone else's draft"):
        assert secret.encode() not in response.content


def test_api2_one_mailbox_is_one_account_whether_spelled_in_nfc_nfd_or_punycode(api_client):
    nfc, nfd, punycode = [
        "jose@m\u00fcnchen.example.com",
        "jose@mu\u0308nchen.example.com",
        "jose@xn--mnchen-3ya.example.com",
    ]
    body = {"name": "Jose", "password": DEFAULT_PASSWORD}

    first, *others = [
        api_client.post("/users/register", {**body, "email": email}, format="json")
        for email in (nfc, nfd, punycode)
    ]
    credentials = {"email": punycode, "password": DEFAULT_PASSWORD}
    logged_in = api_client.post("/users/login", credentials, format="json")

    assert first.status_code == 200
    for response in others:
        assert_error(response, 409)
    assert logged_in.json()["user"]["userId"] == first.json()["user"]["userId"]


# Security issue: attendee emails reach the organizer only


def test_api3_attendee_emails_reach_only_the_organizer_and_staff(api_client, user, staff_user):
    event = EventFactory(created_by=user, capacity=1)
    seen, other = UserFactory(email="seen-attendee@example.com"), UserFactory()
    bearer_client(seen).post(f"/events/{event.pk}/rsvp")
    attendee = bearer_client(other)
    rsvp = attendee.post(f"/events/{event.pk}/rsvp")  # waitlisted behind the first
    feed = attendee.get("/users/me/calendar-key").json()["calendarKey"]["key"]
    views = [
        rsvp,
        attendee.get("/events"),
        attendee.get("/events/all"),
        attendee.get(f"/events/{event.pk}"),
        attendee.get(f"/events/{event.pk}/ics"),
        attendee.get(f"/events/{event.pk}/attendees"),
        attendee.get("/users/me/rsvps"),
        api_client.get(f"/users/me/calendar.ics?key={feed}"),
        api_client.get(f"/events/{event.pk}"),
        api_client.get("/events/all"),
    ]

    assert [view.status_code for view in views] == [201, 200, 200, 200, 200, 403, 200, 200, 401, 401]
    assert not [view.request["PATH_INFO"] for view in views if seen.email in view.content.decode()]
    for organizer in (bearer_client(user), bearer_client(staff_user)):
        assert seen.email in organizer.get(f"/events/{event.pk}/attendees").content.decode()
