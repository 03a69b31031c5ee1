"""Helpers of the email verification, address change and unsubscribe tests."""

import re

from django.core.mail import EmailMessage
from rest_framework.test import APIClient

from tests.factories import DEFAULT_PASSWORD


def emailed_token(message: EmailMessage) -> dict:
    """The ``{userId, token}`` body a verification or address-change email asks to send."""
    return {
        "userId": re.search(r"^userId: (\S+)$", message.body, re.M)[1],
        "token": re.search(r"^token: (\S+)$", message.body, re.M)[1],
    }


def verify(client: APIClient, body: dict):
    return client.post("/users/email/verify", body, format="json")


def change_email(client: APIClient, email: str, password: str = DEFAULT_PASSWORD):
    return client.post("/users/me/email", {"email": email, "password": password}, format="json")


def messages_to(outbox, address: str) -> list[EmailMessage]:
    return [message for message in outbox if message.to == [address]]
