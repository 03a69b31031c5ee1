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
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench.common import BENCH_DIR, EVENT_BODY, PROJECT_DIR, bench_environment, ratio, table

DURATION = int(os.environ.get("BENCH_DURATION", "3"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "4"))
WORKERS = 2
FIRST_REQUEST = "GET /events/all, first request of each caller"
MIXED = "mixed: GET /events/all, 200 users, 5% writes"
GOALS = {"GET /events/all": 3.0, FIRST_REQUEST: 5.0, "POST /events/create": 5.0}
# Goals on the p50 ratio to hello (the mixed workload is judged by its latency).
P50_GOALS = {MIXED: 4.0}


@dataclass
class LoadResult:
    name: str
    requests: int
    seconds: float
    p50: float
    p99: float
    # Set by loads that time their reads apart from the rest (the mixed workload).
    reads_p50: float | None = None
    reads_p99: float | None = None

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
    # Each request gets its own query string, so no caller's cached page answers it (the part
    # all callers share may still come from the cache): what a caller's first request pays.
    unique: bool = False


ENDPOINTS = [
    Endpoint("GET /bench/hello", "GET", "/bench/hello", authenticated=False),
    Endpoint("GET /events/all", "GET", "/events/all?pageSize=100"),
    Endpoint(FIRST_REQUEST, "GET", "/events/all?pageSize=100", unique=True),
    Endpoint("POST /events/create", "POST", "/events/create", body=json.dumps(EVENT_BODY)),
    Endpoint("GET /users/me", "GET", "/users/me"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class GunicornServer:
    """gunicorn on loopback, stopped by its PID."""

    def __init__(self, database: Path, log: Path, **environment: str):
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
            env=bench_environment(database, **environment),
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
            except OSError:  # refused, reset or timed out while the workers boot
                time.sleep(0.2)
        raise SystemExit(f"bench: gunicorn did not answer within {timeout} s; see {self.log.name}")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()


def run_wrk(server: GunicornServer, name: str, path: str, script: str, env: dict, seconds: int) -> dict:
    """One wrk run of ``script`` (a file in bench/); its ``BENCH_RESULT`` summary. Any error stops the run."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", "--latency", "-s", str(BENCH_DIR / script)]
    output = subprocess.run(
        [*command, f"-d{seconds}s", server.url + path],
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_RESULT "))
    summary = json.loads(line.removeprefix("BENCH_RESULT "))
    if summary["non2xx"] or summary["socket_errors"]:
        raise SystemExit(f"bench: {name}: {summary} (errors under load)\n{output}")
    return summary


def load_result(name: str, summary: dict) -> LoadResult:
    return LoadResult(
        name,
        summary["requests"],
        summary["duration_us"] / 1e6,
        summary["p50_us"] / 1e6,
        summary["p99_us"] / 1e6,
    )


def load(server: GunicornServer, endpoint: Endpoint, token: str, seconds: int) -> LoadResult:
    env = {
        "BENCH_METHOD": endpoint.method,
        "BENCH_TOKEN": token if endpoint.authenticated else "",
        "BENCH_BODY": endpoint.body,
        "BENCH_UNIQUE": "1" if endpoint.unique else "",
    }
    return load_result(
        endpoint.name, run_wrk(server, endpoint.name, endpoint.path, "wrk_request.lua", env, seconds)
    )


# A load of one kind: called with the seconds to run, answers its result.
Load = Callable[[int], LoadResult]


def endpoint_loads(
    server: GunicornServer, token: str, endpoints: Sequence[Endpoint] = ENDPOINTS
) -> list[Load]:
    return [
        lambda seconds, endpoint=endpoint: load(server, endpoint, token, seconds) for endpoint in endpoints
    ]


def median_of(results: Sequence[LoadResult]) -> LoadResult:
    """The rounds of one load: requests and seconds summed, percentiles the median over rounds."""

    def median(field: str) -> float | None:
        values = [getattr(result, field) for result in results]
        return None if None in values else statistics.median(values)

    return LoadResult(
        results[0].name,
        sum(result.requests for result in results),
        sum(result.seconds for result in results),
        median("p50"),
        median("p99"),
        median("reads_p50"),
        median("reads_p99"),
    )


def run_rounds(loads: Sequence[Load]) -> list[LoadResult]:
    """Every load, in ``ROUNDS`` interleaved rounds so that a busy moment hits them all."""
    for run in loads:
        # Warm-up: each worker loads the URL conf and opens its database connection.
        run(1)
    rounds = [[run(DURATION) for run in loads] for _ in range(ROUNDS)]
    return [median_of(results) for results in zip(*rounds, strict=True)]


def load_all(server: GunicornServer, token: str, extra: Sequence[Load] = ()) -> list[LoadResult]:
    """Every endpoint (hello first), then the ``extra`` loads, in the same interleaved rounds."""
    return run_rounds([*endpoint_loads(server, token), *extra])


def results_table(results: list[LoadResult]) -> str:
    hello = results[0]
    rows = []
    for result in results:
        cost = ratio(hello.throughput, result.throughput, GOALS.get(result.name))
        rows.append(
            [
                result.name,
                f"{result.throughput:.0f}",
                f"{result.p50 * 1000:.1f} ms",
                f"{result.p99 * 1000:.1f} ms",
                cost if result is not hello else "1.00x",
                ratio(result.p50, hello.p50, P50_GOALS.get(result.name)),
            ]
        )
        if result.reads_p50 is not None:
            rows.append(
                [
                    f"{result.name}: its reads alone",
                    "",
                    f"{result.reads_p50 * 1000:.1f} ms",
                    f"{result.reads_p99 * 1000:.1f} ms",
                    "",
                    ratio(result.reads_p50, hello.p50),
                ]
            )
    return table(["endpoint", "req/s", "p50", "p99", "cost vs hello (req/s ratio)", "p50 vs hello"], rows)
