"""The AWS emulator (moto in server mode) on a loopback port, for tests that call AWS over HTTP."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.helpers.servers import free_port, wait_for_port

PROJECT_DIR = Path(__file__).resolve().parents[2]


@contextmanager
def moto_server(log_dir: Path) -> Iterator[str]:
    """moto in server mode on 127.0.0.1, from its own venv; stopped by PID."""
    subprocess.run(["make", "-s", "moto-venv"], cwd=PROJECT_DIR, check=True)
    port = free_port()
    log_path = log_dir / "moto.log"
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


@pytest.fixture(scope="session")
def moto_endpoint(tmp_path_factory):
    with moto_server(tmp_path_factory.mktemp("moto")) as endpoint:
        yield endpoint


@pytest.fixture
def aws_endpoint(request, tmp_path_factory):
    """The session's moto, or for a test marked ``own_moto`` a moto of its own (a clean account)."""
    if request.node.get_closest_marker("own_moto") is None:
        yield request.getfixturevalue("moto_endpoint")
        return
    with moto_server(tmp_path_factory.mktemp("own-moto")) as endpoint:
        yield endpoint


@pytest.fixture
def aws_env(aws_endpoint) -> dict[str, str]:
    """Credentials and endpoint that send every AWS call to moto."""
    return {
        "AWS_ENDPOINT_URL": aws_endpoint,
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_REGION": "us-east-1",
    }


def emulator_bucket(endpoint: str, name: str):
    """An S3 client on the emulator, with the bucket ``name`` made."""
    import boto3

    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    return client
