"""Register, log in, refresh and log out in a process configured as production is.

Run by ``test_logging.py`` with the environment the test chose (``LOG_LEVEL``,
``DATABASE_URL``, production mode), so the settings' own ``LOGGING`` writes the logs to
stdout: ``python -m tests.eventsite.runtime.logged_flow PASSWORD RESULT_PATH``. The secrets the
test looks for in the logs go to ``RESULT_PATH``, never to stdout.
"""

import json
import logging
import sys

import django


def level_of(logger: str) -> str:
    return logging.getLevelName(logging.getLogger(logger).getEffectiveLevel())


def main(password: str, result_path: str) -> None:
    django.setup()
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User

    call_command("migrate", verbosity=0)
    # API Gateway terminates TLS and says so in X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
    client = Client(headers={"X-Forwarded-Proto": "https"})

    def post(path: str, body: dict, **headers):
        return client.post(path, body, content_type="application/json", headers=headers)

    email = "ada@example.com"
    registered = post("/users/register", {"name": "Ada", "email": email, "password": password})
    logged_in = post("/users/login", {"email": email, "password": password})
    wrong = post("/users/login", {"email": email, "password": password + "x"})
    refreshed = post("/users/token/refresh", {"refreshToken": logged_in.json()["refreshToken"]})
    bearer = {"Authorization": f"Bearer {refreshed.json()['token']}"}
    me = client.get("/users/me", headers=bearer)
    logout = post("/users/logout", {"refreshToken": refreshed.json()["refreshToken"]}, **bearer)
    reused = post("/users/token/refresh", {"refreshToken": logged_in.json()["refreshToken"]})

    responses = [registered, logged_in, wrong, refreshed, me, logout, reused]
    tokens = [
        body[key]
        for body in (registered.json(), logged_in.json(), refreshed.json())
        for key in ("token", "refreshToken")
    ]
    with open(result_path, "w") as out:
        json.dump(
            {
                "statuses": [response.status_code for response in responses],
                "tokens": tokens,
                "passwordHash": User.objects.get(email=email).password,
                "levels": {"root": level_of(""), "pymongo.command": level_of("pymongo.command")},
            },
            out,
        )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
