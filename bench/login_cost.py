"""``POST /users/login`` latency at bcrypt costs 10, 11 and 12, and the bare bcrypt check.

The user's hash is made at the cost measured, so no login re-hashes it. A Lambda function
with 1024 MB gets about 0.58 of a vCPU (AWS allots CPU in proportion to memory, one full
vCPU at 1,769 MB), so the Lambda estimate is the measured time divided by 0.58.
"""

from __future__ import annotations

import statistics
import time

import bcrypt
from django.conf import settings
from django.test import override_settings
from rest_framework.test import APIClient

from accounts.models import User
from bench.common import PASSWORD, ms, table

COSTS = (10, 11, 12)
LOGINS = 5
LAMBDA_1024_MB_VCPU = 1024 / 1769


def login_seconds(cost: int) -> tuple[float, float]:
    """Median seconds of one login and of one bare ``bcrypt.checkpw`` at ``cost``."""
    email = f"login-cost-{cost}@example.com"
    with override_settings(BCRYPT_ROUNDS=cost):
        user = User.objects.filter(email=email).first() or User(email=email, name="Login bench")
        user.set_password(PASSWORD)
        user.save()
        client = APIClient()
        timings = []
        for _ in range(LOGINS):
            started = time.perf_counter()
            response = client.post("/users/login", {"email": email, "password": PASSWORD}, format="json")
            timings.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"bench: login at cost {cost} answered {response.status_code}")
    hashed = bcrypt.hashpw(b"password", bcrypt.gensalt(cost))
    checks = []
    for _ in range(LOGINS):
        started = time.perf_counter()
        bcrypt.checkpw(b"password", hashed)
        checks.append(time.perf_counter() - started)
    return statistics.median(timings), statistics.median(checks)


def measure() -> dict[int, tuple[float, float]]:
    return {cost: login_seconds(cost) for cost in COSTS}


def report(results: dict[int, tuple[float, float]]) -> str:
    rows = []
    for cost, (login, check) in results.items():
        configured = " (configured)" if cost == settings.BCRYPT_ROUNDS else ""
        rows.append([f"{cost}{configured}", ms(login), ms(check), f"≈ {ms(login / LAMBDA_1024_MB_VCPU)}"])
    return table(["bcrypt cost", "POST /users/login", "bcrypt check alone", "Lambda 1024 MB (est.)"], rows)
