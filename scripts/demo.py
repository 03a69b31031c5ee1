"""The docs/api.md walkthrough against a running server: python scripts/demo.py [URL].

Prints each step's request and status, and exits 1 at the first unexpected status.
"""

import json
import sys
import time
import urllib.error
import urllib.request


def call(base: str, method: str, path: str, expected: int, body: dict | None = None, token: str = "") -> dict:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, raw = error.code, error.read()
    print(f"{method} {path} -> {status}")
    if status != expected:
        print(f"  expected {expected}: {raw.decode(errors='replace')[:500]}")
        raise SystemExit(1)
    return json.loads(raw) if raw else {}


def main(base: str) -> None:
    base = base.rstrip("/")
    email = f"demo.{time.time_ns()}@example.com"
    password = "securePassword123"
    call(base, "POST", "/users/register", 200, {"name": "Demo User", "email": email, "password": password})
    login = call(base, "POST", "/users/login", 200, {"email": email, "password": password})
    token = login["token"]
    call(base, "GET", "/users/me", 200, token=token)
    event = {"title": "Demo meetup", "date": "2030-12-15T09:00:00.000Z", "location": "San Francisco, CA"}
    event_id = call(base, "POST", "/events", 201, event, token=token)["event"]["eventId"]
    call(base, "GET", "/events?page=1&pageSize=20", 200, token=token)
    call(base, "POST", f"/events/{event_id}/rsvp", 201, token=token)
    refreshed = call(base, "POST", "/users/token/refresh", 200, {"refreshToken": login["refreshToken"]})
    call(
        base,
        "POST",
        "/users/logout",
        204,
        {"refreshToken": refreshed["refreshToken"]},
        token=refreshed["token"],
    )
    print("demo: all steps passed")


if __name__ == "__main__":
    try:
        main(sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000")
    except urllib.error.URLError as error:
        print(f"demo: cannot reach the server: {error.reason}")
        raise SystemExit(1) from None
