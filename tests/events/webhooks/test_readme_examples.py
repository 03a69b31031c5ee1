"""The webhook docs' signature checks (Python and JavaScript) accept a real delivery and refuse tampering."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.events.webhooks.conftest import Received

pytestmark = pytest.mark.django_db

README = Path(__file__).resolve().parents[3] / "docs" / "webhooks.md"


def example(language: str) -> str:
    section = README.read_text()
    return re.search(rf"```{language}\n(.*?)```", section, re.DOTALL).group(1)


@pytest.fixture
def delivered(auth_client, webhook, receiver) -> tuple[str, Received]:
    auth_client.post("/events", {"title": "Café crème", "date": "2031-05-01T18:00:00Z"}, format="json")
    [received] = receiver.received
    return webhook["secret"], received


def test_the_python_example_verifies_a_delivery(delivered):
    secret, received = delivered
    namespace: dict = {}
    exec(example("python"), namespace)
    verify, header = namespace["verify"], received.headers["Eventsite-Signature"]

    assert verify(secret, header, received.body)
    assert not verify(secret, header, received.body + b" ")
    assert not verify("whsec_wrong", header, received.body)
    assert not verify(secret, header, received.body, tolerance_seconds=-1)


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js")
def test_the_javascript_example_verifies_a_delivery(delivered):
    secret, received = delivered
    header = received.headers["Eventsite-Signature"]
    script = example("js") + (
        f"const body = Buffer.from({json.dumps(list(received.body))});\n"
        f"const [secret, header] = {json.dumps([secret, header])};\n"
        "console.log(JSON.stringify([verify(secret, header, body), "
        "verify(secret, header, Buffer.concat([body, Buffer.from(' ')])), "
        "verify('whsec_wrong', header, body), verify(secret, header, body, -1)]));\n"
    )

    answer = subprocess.run(["node", "-e", script], capture_output=True, text=True, timeout=30, check=True)

    assert json.loads(answer.stdout) == [True, False, False, False]
