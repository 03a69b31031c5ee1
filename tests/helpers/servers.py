"""Real server processes on loopback ports: ``redis-server`` and the site under ``runserver``.

For tests that need what one test process cannot show: several processes sharing one cache.
Each process is stopped by its own id, and writes nothing outside the folder it is given.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.helpers.races import ROOT

REDIS_SERVER = os.environ.get("REDIS_SERVER_PATH", "redis-server")
START_SECONDS = 30
HOST = "127.0.0.1"


def free_port() -> int:
    """A loopback port nobody listens on (the OS picks it; free until someone binds it)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_server_binary() -> str | None:
    return shutil.which(REDIS_SERVER)


def wait_for_port(
    process: subprocess.Popen, log: Path, port: int, *, what: str, seconds: float = START_SECONDS
) -> None:
    """Until ``process`` accepts connections on ``port``; its log's tail if it dies or times out."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{what} did not start:\n{log.read_text()[-3000:]}") from None
            time.sleep(0.05)


def _stop(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


class RedisServer:
    """``redis-server`` on a free loopback port: no persistence, its working folder ``folder``."""

    def __init__(self, binary: str, folder: Path):
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        """Start (or start again, on the same port, empty)."""
        log = self.folder / "redis.log"
        command = [
            self.binary,
            "--port",
            str(self.port),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(self.folder),
            "--logfile",
            str(log),
        ]
        self.process = subprocess.Popen(command, cwd=self.folder, stdout=subprocess.DEVNULL)
        wait_for_port(self.process, log, self.port, what="redis-server")

    def stop(self) -> None:
        _stop(self.process)

    def keys(self, pattern: str) -> list[str]:
        """The keys matching ``pattern`` (``KEYS``: fine for a test's few entries)."""
        import redis

        with redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5) as client:
            return sorted(key.decode() for key in client.keys(pattern))

    def command_calls(self) -> dict[str, int]:
        """How many times each command ran since the server started (``INFO commandstats``)."""
        import redis

        with redis.Redis(host="127.0.0.1", port=self.port, socket_timeout=5) as client:
            stats = client.info("commandstats")
        return {name.removeprefix("cmdstat_"): entry["calls"] for name, entry in stats.items()}


@dataclass(frozen=True)
class Answer:
    """One HTTP answer of a site process."""

    status: int
    headers: dict[str, str]
    body: bytes

    def json(self):
        return json.loads(self.body)


def migrated_sqlite(path: Path, env: dict[str, str]) -> Path:
    """A SQLite file at ``path`` with every migration applied (copy it for each test)."""
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env={**env, "DATABASE_URL": f"sqlite:///{path}"},
        check=True,
        capture_output=True,
        timeout=120,
    )
    return path


class SiteServer:
    """The site under ``manage.py runserver`` on a free loopback port, in production mode.

    Requests name the ``Host`` ``HOST`` whatever the port, as a load balancer or API Gateway
    would: cached pages are keyed by their absolute URL, so processes share them only then.
    """

    def __init__(self, name: str, folder: Path, env: dict[str, str]):
        self.name = name
        self.log = folder / f"{name}.log"
        self.port = free_port()
        self.env = env
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Launch the process; ``wait_until_up`` then waits for it (start several at once)."""
        # The system checks have tests of their own; skipping them here halves the start-up.
        command = [
            sys.executable,
            "manage.py",
            "runserver",
            f"127.0.0.1:{self.port}",
            "--noreload",
            "--skip-checks",
        ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log, stderr=log)

    def wait_until_up(self) -> None:
        wait_for_port(self.process, self.log, self.port, what=f"site process {self.name}")

    def stop(self) -> None:
        _stop(self.process)

    def request(
        self, method: str, path: str, *, token: str | None = None, body: dict | None = None
    ) -> Answer:
        """Send one request; any status is an answer (a 500 included), never an exception."""
        headers = {"Accept": "application/json", "Host": HOST}
        data = None
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            data = json.dumps(body).encode()
        request = urllib.request.Request(
            f"http://127.0.0.1:{self.port}{path}", data=data, headers=headers, method=method
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return Answer(response.status, dict(response.headers), response.read())
        except urllib.error.HTTPError as error:
            return Answer(error.code, dict(error.headers), error.read())

    def get(self, path: str, *, token: str | None = None) -> Answer:
        return self.request("GET", path, token=token)

    def post(self, path: str, body: dict, *, token: str | None = None) -> Answer:
        return self.request("POST", path, token=token, body=body)
