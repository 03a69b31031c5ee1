from events.filters import EventFilter

# The public list's filters: the event list's ``from`` and ``to`` (the others name callers or
# statuses, which the public list does not have).
PUBLIC_FILTERS = ("from", "to")


class PublicEventFilter(EventFilter):
    pass


PublicEventFilter.base_filters = {name: EventFilter.base_filters[name] for name in PUBLIC_FILTERS}
