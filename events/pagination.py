import functools
import re

from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from eventsite.api.envelopes import MESSAGE_HELP

PAGE_SIZE = re.compile(r"[0-9]+")


class KnownCountPaginator(Paginator):
    """Takes ``count`` when the caller knows it (``events.caching``), instead of counting the rows."""

    def __init__(self, object_list, per_page, *, count: int | None = None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else Paginator.count.func(self)


class EventPagination(PageNumberPagination):
    """``?page=&pageSize=``; paging data sits in the legacy envelope beside ``events``."""

    django_paginator_class = KnownCountPaginator
    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 500
    # Page numbers only, as documented (DRF also takes ``last``).
    last_page_strings = ()
    results_key = "events"
    message = "Events retrieved successfully"

    def paginate_queryset(self, queryset, request, view=None, *, count: int | None = None):
        """DRF's, with the number of rows when the caller knows it (then no COUNT query)."""
        self.django_paginator_class = functools.partial(KnownCountPaginator, count=count)
        return super().paginate_queryset(queryset, request, view)

    def get_page_number(self, request, paginator):
        # One page number: an empty or repeated ``page`` is no page (404, as a malformed one), where
        # DRF reads the last one and an empty one as page 1.
        values = request.query_params.getlist(self.page_query_param)
        if not values:
            return 1
        return values[0] if len(values) == 1 else ""

    def get_page_size(self, request) -> int:
        """``pageSize``: a positive integer, larger ones capped at ``max_page_size``; anything else is a 400
        (DRF falls back to the default, so a typo went unnoticed)."""
        values = request.query_params.getlist(self.page_size_query_param)
        if not values:
            return self.page_size
        raw = values[0]
        if len(values) > 1 or not PAGE_SIZE.fullmatch(raw) or not raw.strip("0"):
            raise ValidationError({self.page_size_query_param: ["Must be a positive whole number."]})
        # Any number of digits: ``int()`` refuses more than 4,300 of them.
        return min(int(raw), self.max_page_size) if len(raw) <= 18 else self.max_page_size

    def get_paginated_response(self, data):
        return Response(
            {
                "message": self.message,
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                self.results_key: data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["message", "count", self.results_key],
            "properties": {
                "message": {"type": "string", "description": MESSAGE_HELP},
                "count": {"type": "integer", "description": "How many items all the pages hold together."},
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The URL of the next page; null on the last one.",
                },
                "previous": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "The URL of the previous page; null on the first one.",
                },
                self.results_key: {
                    **schema,
                    "description": f"This page's items: up to pageSize of them ({self.page_size} by default, "
                    f"{self.max_page_size} at most).",
                },
            },
        }


class AttendeePagination(EventPagination):
    results_key = "attendees"
    message = "Attendees retrieved successfully"


class RsvpPagination(EventPagination):
    results_key = "rsvps"
    message = "RSVPs retrieved successfully"
