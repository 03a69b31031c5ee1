"""Throughput and latency under gunicorn (2 sync workers) with wrk, against a bare DRF hello view.

Every endpoint is loaded over loopback with ``BENCH_CONNECTIONS`` connections (default 4) in
``BENCH_ROUNDS`` interleaved rounds (default 3) of ``BENCH_DURATION`` seconds (default 3), so a
busy moment on the machine hits hello and the app alike; p50/p99 are the median over rounds.
The caller tops the events table up with ``bulk_create`` between table sizes.
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from bench.common import BENCH_DIR, EVENT_BODY, PROJECT_DIR, bench_environment, ratio, table

DURATION = int(os.environ.get("BENCH_DURATION", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WORKERS = 2
GOALS = {"GET /events/all": 3.0, "POST /events/create": 5.0, "GET /users/me": None}


@dataclass
class LoadResult:
    name: str
    requests: int
    seconds: float
    p50: float
    p99: float

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds


@dataclass
class Endpoint:
    name: str
    method: str
    path: str
    authenticated: bool = True
    body: str = ""
    # Each request gets its own query string, so none is answered from the list cache.
    unique: bool = False


ENDPOINTS = [
    Endpoint("GET /bench/hello", "GET", "/bench/hello", authenticated=False),
    Endpoint("GET /events/all", "GET", "/events/all?pageSize=100"),
    Endpoint("GET /events/all, never cached", "GET", "/events/all?pageSize=100", unique=True),
    Endpoint("POST /events/create", "POST", "/events/create", body=json.dumps(EVENT_BODY)),
    Endpoint("GET /users/me", "GET", "/users/me"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GunicornServer:
    """gunicorn on loopback, stopped by its PID."""

    def __init__(self, database: Path, log: Path):
        self.port = free_port()
        self.log = log.open("w")
        self.process = subprocess.Popen(
            [
                str(PROJECT_DIR / ".venv" / "bin" / "gunicorn"),
                "eventsite.wsgi:application",
                f"--workers={WORKERS}",
                f"--bind=127.0.0.1:{self.port}",
                "--log-level=warning",
            ],
            cwd=PROJECT_DIR,
            env=bench_environment(database),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.url = f"http://127.0.0.1:{self.port}"

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/bench/hello", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        raise SystemExit(f"bench: gunicorn did not answer within {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def load(server: GunicornServer, endpoint: Endpoint, token: str, seconds: int) -> LoadResult:
    env = {
        **os.environ,
        "BENCH_METHOD": endpoint.method,
        "BENCH_TOKEN": token if endpoint.authenticated else "",
        "BENCH_BODY": endpoint.body,
        "BENCH_UNIQUE": "1" if endpoint.unique else "",
    }
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", "--latency", "-s", str(BENCH_DIR / "wrk_request.lua")]
    output = subprocess.run(
        [*command, f"-d{seconds}s", server.url + endpoint.path],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    summary = json.loads(line.removeprefix("BENCH_RESULT "))
    if summary["non2xx"] or summary["socket_errors"]:
        raise SystemExit(f"bench: {endpoint.name}: {summary} (errors under load)\n{output}")
    return LoadResult(
        endpoint.name,
        summary["requests"],
        summary["duration_us"] / 1e6,
        summary["p50_us"] / 1e6,
        summary["p99_us"] / 1e6,
    )


def load_all(server: GunicornServer, token: str) -> list[LoadResult]:
    """Every endpoint, in ``ROUNDS`` interleaved rounds so that a busy moment hits them all."""
    for endpoint in ENDPOINTS:
        # Warm-up: each worker loads the URL conf and opens its database connection.
        load(server, endpoint, token, seconds=1)
    rounds = [[load(server, endpoint, token, DURATION) for endpoint in ENDPOINTS] for _ in range(ROUNDS)]
    return [
        LoadResult(
            endpoint.name,
            sum(result.requests for result in results),
            sum(result.seconds for result in results),
            statistics.median(result.p50 for result in results),
            statistics.median(result.p99 for result in results),
        )
        for endpoint, results in zip(ENDPOINTS, zip(*rounds, strict=True), strict=True)
    ]


def results_table(results: list[LoadResult]) -> str:
    hello = results[0]
    rows = []
    for result in results:
        goal = GOALS.get(result.name)
        rows.append(
            [
                result.name,
                f"{result.throughput:.0f}",
                f"{result.p50 * 1000:.1f} ms",
                f"{result.p99 * 1000:.1f} ms",
                ratio(hello.throughput, result.throughput, goal) if result is not hello else "1.00x",
                f"{result.p50 / hello.p50:.2f}x",
            ]
        )
    return table(["endpoint", "req/s", "p50", "p99", "cost vs hello (req/s ratio)", "p50 vs hello"], rows)
