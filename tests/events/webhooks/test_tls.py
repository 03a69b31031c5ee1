"""An https endpoint: the delivery connects to the checked address and verifies TLS for the URL's host."""

import shutil
import socket
import ssl
import subprocess
from urllib.parse import urlsplit

import pytest

from tests.events.webhooks.conftest import Receiver, register, serving, signature_is_valid

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command"),
]

HOST = "hooks.example.test"


@pytest.fixture
def certificate(tmp_path) -> tuple[str, str]:
    """A self-signed certificate for ``HOST`` and its key."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            f"/CN={HOST}",
            "-addext",
            f"subjectAltName=DNS:{HOST}",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return str(cert), str(key)


@pytest.fixture
def tls_receiver(certificate, monkeypatch):
    """A receiver over TLS whose certificate the delivery trusts (as it trusts public CAs), and
    ``HOST`` resolving to its loopback address."""
    cert, key = certificate
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    trusting = ssl.create_default_context
    monkeypatch.setattr(ssl, "create_default_context", lambda *args, **kwargs: trusting(cafile=cert))
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host == HOST:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]
        return real(host, port, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    with serving(Receiver(), tls=server_context) as state:
        yield state


def deliveries(client, webhook_id: str) -> list[dict]:
    return client.get(f"/users/me/webhooks/{webhook_id}/deliveries").json()["deliveries"]


def test_an_https_endpoint_receives_the_change_over_verified_tls(auth_client, tls_receiver):
    port = urlsplit(tls_receiver.url).port
    created = register(auth_client, f"https://{HOST}:{port}/hook").json()["webhook"]

    auth_client.post("/events", {"title": "Launch", "date": "2031-05-01T18:00:00Z"}, format="json")

    [received] = tls_receiver.received
    assert received.headers["Host"] == f"{HOST}:{port}"
    assert signature_is_valid(received, created["secret"])
    [delivery] = deliveries(auth_client, created["webhookId"])
    assert (delivery["succeeded"], delivery["statusCode"]) == (True, 200)


def test_a_certificate_for_another_name_fails_the_delivery(auth_client, tls_receiver, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    created = register(auth_client, tls_receiver.url).json()["webhook"]

    auth_client.post("/events", {"title": "Launch", "date": "2031-05-01T18:00:00Z"}, format="json")

    assert tls_receiver.received == []
    [delivery] = deliveries(auth_client, created["webhookId"])
    assert delivery["succeeded"] is False
    assert "CERTIFICATE_VERIFY_FAILED" in delivery["error"] or "SSLCertVerificationError" in delivery["error"]
