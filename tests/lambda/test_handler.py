"""The packaged app, served through Zappa's real handler with API Gateway REST (v1) events."""

from __future__ import annotations

import re
import sqlite3

import pytest

from .lambda_runtime import API_HOST, api_event, body_of, register

pytestmark = pytest.mark.slow

STAGE_URL = f"https://{API_HOST}/dev"


def test_manage_event_migrated_the_database(lambda_app):
    with sqlite3.connect(lambda_app.database) as db:
        applied = {app for (app,) in db.execute("SELECT app FROM django_migrations")}
    assert {"accounts", "events", "admin", "sessions"} <= applied


def test_user_and_event_lifecycle_through_the_handler(lambda_app):
    registered = register(lambda_app, "Grace@Example.com", name="Grace Hopper")
    assert registered["message"] == "User registered successfully"
    assert registered["user"]["email"] == "grace@example.com"

    login = lambda_app.invoke(
        api_event("POST", "/users/login", {"email": "grace@example.com", "password": "s3cure-Passw0rd!"})
    )
    assert login["statusCode"] == 200
    logged_in = body_of(login)
    assert logged_in["message"] == "Login successful"
    token = logged_in["token"]

    me = lambda_app.invoke(api_event("GET", "/users/me", token=token))
    assert me["statusCode"] == 200
    assert body_of(me)["user"]["userId"] == registered["user"]["userId"]

    created = lambda_app.invoke(
        api_event(
            "POST",
            "/events/create",
            {"title": "Lambda launch", "date": "2030-05-01T10:00:00Z", "location": "Online"},
            token=token,
        )
    )
    assert created["statusCode"] == 201
    event = body_of(created)["event"]
    assert event["createdBy"] == registered["user"]["userId"]
    assert event["date"].startswith("2030-05-01T10:00:00")

    listed = lambda_app.invoke(api_event("GET", "/events/all", token=token))
    assert listed["statusCode"] == 200
    assert event["eventId"] in [item["eventId"] for item in body_of(listed)["events"]]

    updated = lambda_app.invoke(
        api_event("PATCH", f"/events/{event['eventId']}", {"title": "Lambda launch, day 2"}, token=token)
    )
    assert updated["statusCode"] == 200
    assert body_of(updated)["event"]["title"] == "Lambda launch, day 2"

    deleted = lambda_app.invoke(api_event("DELETE", f"/events/{event['eventId']}", token=token))
    assert deleted["statusCode"] == 204
    gone = lambda_app.invoke(api_event("GET", f"/events/{event['eventId']}", token=token))
    assert gone["statusCode"] == 404
    assert body_of(gone)["code"]


def test_pagination_links_carry_the_stage_prefix(lambda_app):
    token = register(lambda_app, "pager@example.com")["token"]
    for day in (1, 2, 3):
        created = lambda_app.invoke(
            api_event(
                "POST",
                "/events/create",
                {"title": f"Day {day}", "date": f"2031-01-0{day}T00:00:00Z"},
                token=token,
            )
        )
        assert created["statusCode"] == 201

    first_page = body_of(
        lambda_app.invoke(api_event("GET", "/events/all", token=token, query={"pageSize": "2"}))
    )

    assert first_page["next"] == f"{STAGE_URL}/events/all?page=2&pageSize=2"
    second_page = lambda_app.invoke(
        api_event("GET", "/events/all", token=token, query={"page": "2", "pageSize": "2"})
    )
    assert body_of(second_page)["previous"] == f"{STAGE_URL}/events/all?pageSize=2"


def test_malformed_json_body_is_a_json_400(lambda_app):
    response = lambda_app.invoke(api_event("POST", "/users/login", '{"email": "a@example.com",'))

    assert response["statusCode"] == 400
    assert set(body_of(response)) >= {"message", "code"}


def test_unknown_path_is_a_json_404(lambda_app):
    response = lambda_app.invoke(api_event("GET", "/no/such/route"))

    assert response["statusCode"] == 404
    assert set(body_of(response)) >= {"message", "code"}


def test_unknown_host_is_refused_because_lambda_runs_in_production_mode(lambda_app):
    response = lambda_app.invoke(api_event("GET", "/health", headers={"Host": "attacker.example.com"}))

    assert response["statusCode"] == 400
    assert "Traceback" not in response.get("body", "")


def test_admin_redirects_keep_the_stage_prefix(lambda_app):
    response = lambda_app.invoke(api_event("GET", "/admin/", headers={"Accept": "text/html"}))

    assert response["statusCode"] == 302
    assert response["headers"]["Location"] == "/dev/admin/login/?next=/dev/admin/"


def admin_login_page(lambda_app) -> dict:
    return lambda_app.invoke(api_event("GET", "/admin/login/", headers={"Accept": "text/html"}))


def test_admin_login_page_links_hashed_static_files_under_the_stage(lambda_app):
    page = admin_login_page(lambda_app)

    assert page["statusCode"] == 200
    assert page["headers"]["Content-Type"].startswith("text/html")
    assert 'action="/dev/admin/login/' in page["body"]
    assert re.search(r'href="/dev/static/admin/css/base\.[0-9a-f]{12}\.css"', page["body"])


def test_admin_css_is_served_from_the_package_with_long_cache_headers(lambda_app):
    css_url = re.search(
        r'href="/dev(/static/admin/css/base\.[0-9a-f]{12}\.css)"', admin_login_page(lambda_app)["body"]
    )

    response = lambda_app.invoke(api_event("GET", css_url.group(1), headers={"Accept": "text/css"}))

    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in response["headers"]["Cache-Control"]
    assert "immutable" in response["headers"]["Cache-Control"]
    assert "body" in response["body"] and "{" in response["body"]


def test_browsable_api_links_carry_the_stage_prefix(lambda_app):
    response = lambda_app.invoke(api_event("GET", "/", headers={"Accept": "text/html"}))

    assert response["statusCode"] == 200
    assert response["headers"]["Content-Type"].startswith("text/html")
    page = response["body"]
    assert "/dev/api-auth/login/" in page
    assert re.search(r"/dev/static/rest_framework/css/bootstrap\.min\.[0-9a-f]{12}\.css", page)
    assert f"{STAGE_URL}/events" in page
    assert 'href="/users' not in page and 'href="/events' not in page
