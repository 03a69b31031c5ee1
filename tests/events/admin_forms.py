"""The event admin's change form, as a browser posts it."""

CHANGELIST = "/admin/events/event/"


def change_path(event) -> str:
    return f"{CHANGELIST}{event.pk}/change/"


def change_form(event, **fields) -> dict:
    """The change form of ``event`` as posted, with ``fields`` changed (its inlines as they are)."""
    rsvps = str(event.rsvps.count())
    team = [
        {"id": str(member.pk), "user": str(member.user_id), "role": member.role}
        for member in event.team.all()
    ]
    form = {
        "title": event.title,
        "description": event.description,
        "date_0": "2030-02-01",
        "date_1": "10:00:00",
        "location": event.location,
        "status": event.status,
        "visibility": event.visibility,
        "capacity": "" if event.capacity is None else str(event.capacity),
        "created_by": str(event.created_by_id),
        "rsvps-TOTAL_FORMS": rsvps,
        "rsvps-INITIAL_FORMS": rsvps,
        "team-TOTAL_FORMS": str(len(team)),
        "team-INITIAL_FORMS": str(len(team)),
        **{f"team-{index}-{name}": value for index, row in enumerate(team) for name, value in row.items()},
    }
    return {**form, **fields}


def rsvp_while_the_admin_saves(monkeypatch, event) -> None:
    """An RSVP to ``event`` arrives after the admin form was checked, before it is saved."""
    from events.admin import EventAdmin
    from tests.factories import RsvpFactory

    save_form = EventAdmin.save_form

    def rsvp_meanwhile(model_admin, request, form, change):
        RsvpFactory(event=event)
        return save_form(model_admin, request, form, change)

    monkeypatch.setattr(EventAdmin, "save_form", rsvp_meanwhile)


def rsvp_while_the_api_validates(monkeypatch, event, attendee):
    """``attendee`` RSVPs to ``event`` while an update's serializer validates; returns the RSVP answer."""
    from events.serializers import EventSerializer
    from tests.helpers import rsvp_path

    validate = EventSerializer.validate
    answers = []

    def rsvp_meanwhile(serializer, attrs):
        answers.append(attendee.post(rsvp_path(event)))
        return validate(serializer, attrs)

    monkeypatch.setattr(EventSerializer, "validate", rsvp_meanwhile)
    return answers
