"""The legacy flow through a client generated from /schema: run by the generator's Python
(``test_generated_client.py``), which has the client's dependencies (httpx, attrs)."""

import sys

from client import AuthenticatedClient, Client
from client.api.events import create_event, list_all_events
from client.api.users import get_me, login_user, register_user
from client.models import EventRequest, LoginRequest, RegisterRequest

base_url = sys.argv[1]
anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
registered = register_user.sync(
    client=anonymous,
    body=RegisterRequest(name="John Doe", email="john@example.com", password="securePassword123"),
)
assert registered.user.name == "John Doe", registered
logged_in = login_user.sync(
    client=anonymous, body=LoginRequest(email="john@example.com", password="securePassword123")
)
john = AuthenticatedClient(base_url=base_url, token=logged_in.token, raise_on_unexpected_status=True)
me = get_me.sync(client=john)
assert me.user.email == "john@example.com", me
created = create_event.sync(
    client=john,
    body=EventRequest.from_dict(
        {
            "title": "Tech Conference 2025",
            "description": "Annual technology conference",
            "date": "2025-12-15T09:00:00.000Z",
            "location": "San Francisco, CA",
        }
    ),
)
assert created.event.title == "Tech Conference 2025", created
listed = list_all_events.sync(client=john)
assert [event.title for event in listed.events] == ["Tech Conference 2025"], listed
print("legacy flow ok")
