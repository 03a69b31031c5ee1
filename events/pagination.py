from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response


class EventPagination(PageNumberPagination):
    """``?page=&pageSize=``; paging data sits in the legacy envelope beside ``events``."""

    page_size = 100
    page_size_query_param = "pageSize"
    max_page_size = 500

    def get_paginated_response(self, data):
        return Response(
            {
                "message": "Events retrieved successfully",
                "count": self.page.paginator.count,
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "events": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["message", "count", "events"],
            "properties": {
                "message": {"type": "string"},
                "count": {"type": "integer"},
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "previous": {"type": "string", "nullable": True, "format": "uri"},
                "events": schema,
            },
        }
