import pytest

from events.models import TeamMember
from tests.factories import EventFactory, TeamMemberFactory, UserFactory
from tests.helpers import bearer_client


@pytest.fixture
def event(db):
    return EventFactory(title="Launch")


@pytest.fixture
def owner_client(event):
    return bearer_client(event.created_by)


@pytest.fixture
def organizer(event):
    return TeamMemberFactory(event=event, role=TeamMember.Role.ORGANIZER)


@pytest.fixture
def checker(event):
    return TeamMemberFactory(event=event, role=TeamMember.Role.CHECKER)


@pytest.fixture
def newcomer(db):
    return UserFactory(name="Nina Newcomer", email="nina@example.com")


def team_path(event, user_id=None) -> str:
    return f"/events/{event.pk}/team" + ("" if user_id is None else f"/{user_id}")
