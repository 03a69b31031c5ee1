"""What the events services refuse (``eventsite.runtime.errors`` says how the API answers)."""

from eventsite.runtime.errors import Conflict, InvalidInput


class EventNotOpen(Conflict):
    """A draft or cancelled event takes no RSVPs."""

    code = "event_not_open"
    default_message = "This event does not take RSVPs."


class EventHasRsvps(Conflict):
    """A draft is hidden from its attendees, who could then neither see nor withdraw their RSVPs."""

    code = "event_has_rsvps"
    default_message = (
        "This event has RSVPs and cannot become a draft: its attendees could no longer see or "
        "withdraw them. Cancel it instead."
    )


class CapacityBelowAttendance(InvalidInput):
    """Fewer seats than people already going; the message is ``capacity``'s."""

    def __init__(self, message: str):
        super().__init__(errors={"capacity": [message]})
