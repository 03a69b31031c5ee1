"""The AWS emulator (moto in server mode) on a loopback port, for tests that call AWS over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pytest

from tests.helpers.servers import free_port, wait_for_port

PROJECT_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory):
    """moto in server mode on 127.0.0.1, from its own venv; stopped by PID."""
    subprocess.run(["make", "-s", "moto-venv"], cwd=PROJECT_DIR, check=True)
    port = free_port()
    log_path = tmp_path_factory.mktemp("moto") / "moto.log"
    log = log_path.open("w")
    server = subprocess.Popen(
        [str(PROJECT_DIR / ".venv-moto" / "bin" / "moto_server"), "-H", "127.0.0.1", "-p", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    wait_for_port(server, log_path, port, what="moto", seconds=60)
    yield f"http://127.0.0.1:{port}"
    os.kill(server.pid, signal.SIGTERM)
    server.wait(timeout=30)
    log.close()


@pytest.fixture
def aws_env(moto_endpoint) -> dict[str, str]:
    """Credentials and endpoint that send every AWS call to moto."""
    return {
        "AWS_ENDPOINT_URL": moto_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
    }
