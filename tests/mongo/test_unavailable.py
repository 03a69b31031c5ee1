"""A lost or unreachable cluster answers a JSON 503, from /health and from the API alike."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.servers import free_port
from tests.mongo.documents import client_for, stored_user

PROJECT_DIR = Path(__file__).resolve().parents[2]
USERS = "accounts_user"


def assert_database_unavailable(status: int, body: dict) -> None:
    assert status == 503
    assert body["code"] == "database_unavailable"
    assert body["message"] == "Database unavailable."


@pytest.mark.parametrize("path", ["/health", "/users/me"])
def test_connection_lost_mid_request_answers_503(wire, path):
    # Reads are retried once, so both attempts lose the connection.
    wire.hang_up("aggregate", USERS, times=2)

    response = client_for(stored_user()).get(path)

    assert_database_unavailable(response.status_code, response.json())


REQUEST_SCRIPT = """
import json, django
django.setup()
from django.test import Client
from tests.mongo.documents import client_for, stored_user
answers = {
    "health": Client().get("/health", HTTP_HOST="localhost"),
    "me": client_for(stored_user()).get("/users/me", HTTP_HOST="localhost"),
}
print(json.dumps({name: [r.status_code, r.json()] for name, r in answers.items()}))
"""


def test_unreachable_cluster_fails_fast_with_503():
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "eventsite.settings",
        "DATABASE_URL": f"mongodb://127.0.0.1:{port}/eventsite?serverSelectionTimeoutMS=300",
    }

    result = subprocess.run(
        [sys.executable, "-c", REQUEST_SCRIPT],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    answers = json.loads(result.stdout.strip().splitlines()[-1])
    for status, body in answers.values():
        assert_database_unavailable(status, body)
