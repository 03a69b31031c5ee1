"""Webhook URLs that would reach a private network are refused, at registration and at delivery."""

import socket
from urllib.parse import urlsplit

import pytest

from tests.events.webhooks.conftest import register
from tests.helpers import assert_error

pytestmark = pytest.mark.django_db

NEW_EVENT = {"title": "Launch party", "date": "2031-05-01T18:00:00Z"}
PUBLIC_ADDRESS = "93.184.215.14"


@pytest.fixture
def dns(monkeypatch) -> dict[str, list[str]]:
    """Host names resolved as this mapping says (other names and addresses as usual); each
    lookup is recorded under ``"lookups"``."""
    names: dict = {"lookups": []}
    real = socket.getaddrinfo

    def getaddrinfo(host, port, *args, **kwargs):
        if host not in names:
            return real(host, port, *args, **kwargs)
        names["lookups"].append(host)
        return [
            (
                socket.AF_INET6 if ":" in address else socket.AF_INET,
                socket.SOCK_STREAM,
                6,
                "",
                (address, port),
            )
            for address in names[host]
        ]

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return names


@pytest.fixture
def production_rules(settings):
    settings.WEBHOOKS_ALLOW_HTTP = False
    settings.WEBHOOKS_ALLOW_LOOPBACK = False


def refused(response, text: str) -> None:
    body = assert_error(response, 400, "unsafe_webhook_url")
    assert text in body["errors"]["url"][0]


@pytest.mark.parametrize(
    "url",
    [
        "https://10.0.0.1/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://192.168.1.10/hook",
        "https://172.16.0.1/hook",
        "https://100.64.0.1/hook",
        "https://0.0.0.0/hook",
        "https://224.0.0.1/hook",
        "https://127.0.0.1/hook",
        "https://[::1]/hook",
        "https://[fd00::1]/hook",
        "https://[fe80::1]/hook",
        "https://[::ffff:10.0.0.1]/hook",
        "https://localhost/hook",
    ],
)
def test_a_url_on_a_private_loopback_or_reserved_address_is_refused(auth_client, production_rules, url):
    refused(register(auth_client, url), "public address")


def test_a_name_with_one_private_address_among_public_ones_is_refused(auth_client, production_rules, dns):
    dns["hooks.example.test"] = [PUBLIC_ADDRESS, "10.1.2.3"]

    refused(register(auth_client, "https://hooks.example.test/hook"), "public address")


def test_a_name_on_a_public_address_is_accepted(auth_client, production_rules, dns):
    dns["hooks.example.test"] = [PUBLIC_ADDRESS]

    assert register(auth_client, "https://hooks.example.test/hook").status_code == 201


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("http://hooks.example.test/hook", "https"),
        ("ftp://hooks.example.test/hook", "https"),
        ("https://user:secret@hooks.example.test/hook", "user name or password"),
        ("https://hooks.example.test:99999/hook", "valid URL"),
        ("not a url", "spaces"),
        ("https://hooks.example.test/a b", "spaces"),
        ("https://hooks.example.test/caf\u00e9", "non-ASCII"),
        ("https://hooks.example.test/\x07", "control"),
        ("https:///hook", "valid URL"),
        ("https://unresolvable.example.test/hook", "could not be resolved"),
    ],
)
def test_a_url_that_is_not_https_or_not_plain_is_refused(auth_client, production_rules, dns, url, text):
    dns["hooks.example.test"] = [PUBLIC_ADDRESS]
    dns["unresolvable.example.test"] = []

    refused(register(auth_client, url), text)


def test_changing_the_url_to_a_private_one_is_refused(auth_client, webhook, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    path = f"/users/me/webhooks/{webhook['webhookId']}"

    refused(auth_client.patch(path, {"url": "http://localhost/x"}, format="json"), "public address")
    assert auth_client.get(path).json()["webhook"]["url"] == webhook["url"]


def test_a_url_that_became_unsafe_is_refused_at_delivery(auth_client, webhook, receiver, settings):
    settings.WEBHOOKS_ALLOW_LOOPBACK = False
    settings.WEBHOOKS_MAX_ATTEMPTS = 1

    auth_client.post("/events", NEW_EVENT, format="json")

    assert receiver.received == []
    [delivery] = auth_client.get(f"/users/me/webhooks/{webhook['webhookId']}/deliveries").json()["deliveries"]
    assert (delivery["succeeded"], delivery["statusCode"]) == (False, None)
    assert "public address" in delivery["error"]


def test_a_name_that_resolves_elsewhere_at_delivery_is_checked_again(auth_client, receiver, dns, settings):
    settings.WEBHOOKS_MAX_ATTEMPTS = 1
    dns["hooks.example.test"] = [PUBLIC_ADDRESS]
    created = register(auth_client, "https://hooks.example.test/hook").json()["webhook"]
    dns["hooks.example.test"] = ["10.0.0.1"]

    auth_client.post("/events", NEW_EVENT, format="json")

    [delivery] = auth_client.get(f"/users/me/webhooks/{created['webhookId']}/deliveries").json()["deliveries"]
    assert "public address" in delivery["error"]


def test_the_delivery_connects_to_the_checked_address_and_names_the_host(auth_client, receiver, dns):
    port = urlsplit(receiver.url).port
    dns["hooks.example.test"] = ["127.0.0.1"]
    register(auth_client, f"http://hooks.example.test:{port}/hook")
    dns["lookups"].clear()

    auth_client.post("/events", NEW_EVENT, format="json")

    # One lookup, the check's: the connection goes to the address it checked, not to a new answer.
    assert dns["lookups"] == ["hooks.example.test"]
    [received] = receiver.received
    assert received.headers["Host"] == f"hooks.example.test:{port}"
