"""`make demo` (scripts/demo.py) walks the documented API steps against a live server."""

import subprocess
import sys
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "scripts" / "demo.py"
STEPS = [
    "POST /users/register -> 200",
    "POST /users/login -> 200",
    "GET /users/me -> 200",
    "POST /events -> 201",
    "GET /events?page=1&pageSize=20 -> 200",
    "/rsvp -> 201",
    "POST /users/token/refresh -> 200",
    "POST /users/logout -> 204",
]


def run_demo(url: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(DEMO), url], capture_output=True, text=True, timeout=120)


@pytest.mark.django_db(transaction=True)
def test_the_demo_passes_every_step_against_a_live_server(live_server):
    result = run_demo(live_server.url)

    assert result.returncode == 0, result.stdout + result.stderr
    for step in STEPS:
        assert step in result.stdout
    assert "demo: all steps passed" in result.stdout


def test_the_demo_fails_when_no_server_answers():
    result = run_demo("http://127.0.0.1:9")

    assert result.returncode == 1
    assert "cannot reach the server" in result.stdout
