"""Send requests to every kind of endpoint while ``DATABASE_URL`` names a corrupted SQLite file,
in a process of its own (the test's own database must stay intact).

Run by ``test_owasp_configuration.py``: ``python -m tests.eventsite.unreadable_database RESULT_PATH``.
RESULT_PATH receives ``{"METHOD path": [status, body (its start), error code]}`` for each request.
"""

import json
import os
import sys
import uuid

# Each request needs the database: a bearer token or a session cookie names a user to look
# up, and the forms and login bodies are checked against stored accounts.
LOGIN = {"email": "ada@example.com", "password": "not-the-password"}
REQUESTS = [
    ("GET", "/health", {}),
    ("GET", "/health/ready", {}),
    ("GET", "/events", {"bearer": True}),
    ("POST", "/events", {"bearer": True, "json": {"title": "Party", "date": "2031-05-01T18:00:00Z"}}),
    ("GET", "/users/me", {"bearer": True}),
    ("GET", f"/events/{uuid.uuid4()}/ics", {"bearer": True}),
    ("GET", f"/users/me/calendar.ics?key={uuid.uuid4()}", {}),
    ("POST", "/users/login", {"json": LOGIN}),
    ("POST", "/users/register", {"json": {**LOGIN, "name": "Ada", "password": "a-Long-passw0rd"}}),
    ("POST", "/users/password/reset", {"json": {"email": LOGIN["email"]}}),
    ("GET", "/", {"session": True}),
    ("GET", "/admin/", {"session": True}),
    ("GET", "/admin/events/event/", {"session": True}),
    ("POST", "/admin/login/", {"form": {"username": LOGIN["email"], "password": LOGIN["password"]}}),
    ("POST", "/api-auth/login/", {"form": {"username": LOGIN["email"], "password": LOGIN["password"]}}),
    # Needs no database, but the request log reads the session user afterwards.
    ("GET", "/no/such/route", {"session": True}),
]


def main(result_path: str) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsite.settings")
    import django

    django.setup()
    from django.test import Client
    from rest_framework_simplejwt.tokens import AccessToken

    from tests.helpers import race_answer

    token = AccessToken()
    token["userId"] = str(uuid.uuid4())
    answers = {}
    for method, path, how in REQUESTS:
        client = Client()
        if how.get("session") or "form" in how:
            # As a browser sends them.
            client = Client(HTTP_ACCEPT="text/html,application/xhtml+xml,*/*;q=0.8")
            client.cookies["sessionid"] = "s" * 32
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if how.get("bearer") else {}
        if "json" in how:
            headers.update(data=json.dumps(how["json"]), content_type="application/json")
        elif "form" in how:
            headers.update(data=how["form"])
        answer = race_answer(lambda: getattr(client, method.lower())(path, **headers))  # noqa: B023
        answers[f"{method} {path}"] = [answer.status, answer.body[:300], answer.error]

    with open(result_path, "w") as out:
        json.dump(answers, out)


if __name__ == "__main__":
    main(sys.argv[1])
