import struct

import pytest
import segno

from events.tickets.qr import BORDER, SCALE
from tests.helpers import bearer_client, rsvp_path

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def symbol_size(code: str) -> int:
    """The side in pixels of the QR code that holds exactly ``code``."""
    width, height = segno.make_qr(code, error="m").symbol_size(scale=SCALE, border=BORDER)
    assert width == height
    return width


def png_size(content: bytes) -> tuple[int, int]:
    """Width and height from the PNG's IHDR chunk, which must come first."""
    assert content[:8] == PNG_SIGNATURE
    assert content[12:16] == b"IHDR"
    return struct.unpack(">II", content[16:24])


def ticket_path(event) -> str:
    return f"/events/{event.pk}/ticket"


def rsvp(user, event) -> dict:
    """``user`` RSVPs through the API; the RSVP's JSON."""
    response = bearer_client(user).post(rsvp_path(event))
    assert response.status_code == 201, response.content
    return response.json()["rsvp"]


def withdraw(user, event) -> None:
    response = bearer_client(user).delete(rsvp_path(event))
    assert response.status_code == 204, response.content


def ticket_of(user, event) -> dict:
    """``user``'s ticket JSON from ``GET /events/{eventId}/ticket``."""
    response = bearer_client(user).get(ticket_path(event))
    assert response.status_code == 200, response.content
    return response.json()["ticket"]


@pytest.fixture
def attendee(db):
    from tests.factories import UserFactory

    return UserFactory(name="Ada Attendee", email="ada@example.com")
