from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class KnownCountPaginator(Paginator):
    """Takes the count from the queryset's ``known_count`` when the view set it (``events.caching``)."""

    @cached_property
    def count(self) -> int:
        known = getattr(self.object_list, "known_count", None)
        return known if known is not None else Paginator.count.func(self)


class EventPagination(PageNumberPagination):
    """``?page=&pageSize=``; paging data sits in the legacy envelope beside ``events``."""

    django_paginator_class = KnownCountPaginator
    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 500
    results_key = "events"
    message = "Events retrieved successfully"

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
                "message": {"type": "string"},
                "count": {"type": "integer"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                self.results_key: schema,
            },
        }


class AttendeePagination(EventPagination):
    results_key = "attendees"
    message = "Attendees retrieved successfully"


class RsvpPagination(EventPagination):
    results_key = "rsvps"
    message = "RSVPs retrieved successfully"
