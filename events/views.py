from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from events import selectors, services
from events.pagination import EventPagination
from events.permissions import IsCreatorOrStaffOrReadOnly
from events.serializers import EventSerializer


class EventViewSet(viewsets.ModelViewSet):
    """Events as a REST resource, plus the legacy ``/events/create`` and ``/events/all``."""

    serializer_class = EventSerializer
    permission_classes = [IsAuthenticated, IsCreatorOrStaffOrReadOnly]
    pagination_class = EventPagination
    lookup_url_kwarg = "event_id"

    def get_queryset(self):
        return selectors.event_list()

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @action(detail=False, methods=["get"], url_path="all", url_name="all")
    def all_events(self, request):
        return self.list(request)

    def retrieve(self, request, *args, **kwargs):
        event = self.get_object()
        return Response({"message": "Event retrieved successfully", "event": self.get_serializer(event).data})

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = services.event_create(created_by=request.user, **serializer.validated_data)
        return Response(
            {"message": "Event created successfully", "event": self.get_serializer(event).data},
            status=status.HTTP_201_CREATED,
        )

    @action(detail=False, methods=["post"], url_path="create", url_name="create")
    def create_legacy(self, request):
        return self.create(request)

    def update(self, request, *args, **kwargs):
        event = self.get_object()
        serializer = self.get_serializer(event, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        event = services.event_update(event=event, **serializer.validated_data)
        return Response({"message": "Event updated successfully", "event": self.get_serializer(event).data})

    def destroy(self, request, *args, **kwargs):
        services.event_delete(event=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
