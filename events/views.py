"""The events resource: lists (cached, ``events.caching``), create, detail, change and delete."""

import functools

from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse
from rest_framework import mixins
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.renderers import BrowsableAPIRenderer
from rest_framework.response import Response

from accounts.api_keys.scopes import EVENTS_READ, EVENTS_WRITE, RSVPS_WRITE
from accounts.permissions import HasVerifiedEmail
from events import caching, selectors, services
from events.filters import EventFilter
from events.models import Event
from events.pages import RENDERER, SharedList
from events.pagination import EventPagination
from events.permissions import CanEditOrReadOnly
from events.rsvp_views import EventActionsMixin
from events.serializers import MY_RSVPS, EventResponseSerializer, EventSerializer, RsvpSerializer
from events.teams.selectors import team_draft
from events.tickets.checkin_selectors import checked_in_counts_for
from events.tickets.checkin_serializers import CHECKED_IN_COUNTS
from eventsite.api.idempotency import idempotent
from eventsite.api.schema import error, extend_schema
from eventsite.api.viewsets import CreateMixin, GenericViewSet, RetrieveMixin, UpdateMixin

LIST_ACTIONS = {"list", "all_events"}
EVENT_LIST = EventSerializer(many=True)
# ``/events/create`` and ``/events/all`` are routes of their own, so those two eventIds only allow
# POST and GET respectively (``create`` answers GET with 405 too).
RESERVED_ID = error(405, "Method not allowed: `create` and `all` are not event ids but legacy routes.")
HAS_RSVPS = error(409, "`event_has_rsvps`: the event has RSVPs, so it cannot become a draft.")
CREATED = {201: EventResponseSerializer}
CHANGED = {200: EventResponseSerializer, 405: RESERVED_ID, 409: HAS_RSVPS}


class EventViewSet(
    EventActionsMixin,
    CreateMixin,
    RetrieveMixin,
    UpdateMixin,
    mixins.DestroyModelMixin,
    GenericViewSet,
):
    """Events as a REST resource, plus the legacy paths /events/create and /events/all."""

    serializer_class = EventSerializer
    permission_classes = [IsAuthenticated, HasVerifiedEmail, CanEditOrReadOnly]
    api_key_scopes = {
        **dict.fromkeys(["list", "all_events", "retrieve", "ics", "attendees"], EVENTS_READ),
        **dict.fromkeys(["create", "create_legacy", "update", "partial_update", "destroy"], EVENTS_WRITE),
        "rsvp": RSVPS_WRITE,
    }
    pagination_class = EventPagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = EventFilter
    lookup_url_kwarg = "event_id"
    envelope_class = EventResponseSerializer
    envelope_key = "event"
    created_message = "Event created successfully"
    retrieved_message = "Event retrieved successfully"
    updated_message = "Event updated successfully"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Event.objects.none()
        return selectors.events_visible_to(user=self.request.user)

    def get_object(self):
        """The event of the URL among those the caller sees, or a draft whose team they are on.

        The lists show drafts to their creator only (their cached pages merge each caller's own
        drafts, ``events.pages``); a lookup also finds a draft for its organizers and checkers,
        read only when the first lookup misses, so that finding any other event costs one read.
        """
        try:
            return super().get_object()
        except Http404:
            event = team_draft(user=self.request.user, event_id=self.kwargs[self.lookup_url_kwarg])
            if event is None:
                raise
            self.check_object_permissions(self.request, event)
            return event

    def get_serializer(self, instance=None, *args, **kwargs):
        """With the caller's RSVPs to the events shown (``myRsvp``), read in one query for them all."""
        events = [] if instance is None else instance if isinstance(instance, list) else [instance]
        my_rsvps = selectors.rsvps_by_event(user=self.request.user, events=events)
        context = {**self.get_serializer_context(), MY_RSVPS: my_rsvps}
        if isinstance(instance, Event):
            # One event's answer (not the lists, shared between callers): its team sees the count.
            context[CHECKED_IN_COUNTS] = checked_in_counts_for(user=self.request.user, event=instance)
        kwargs.setdefault("context", context)
        return super().get_serializer(instance, *args, **kwargs)

    def filter_queryset(self, queryset):
        # Search and filters belong to the lists; a lookup by id ignores the query string.
        if self.action not in LIST_ACTIONS:
            return queryset
        # Without a filter parameter the FilterSet changes nothing, and building it costs
        # a fifth of an unfiltered page (bench/README.md).
        if not self._filtered():
            return queryset
        return super().filter_queryset(queryset)

    def _filtered(self) -> bool:
        return not self.request.query_params.keys().isdisjoint(EventFilter.base_filters)

    @extend_schema(responses=EVENT_LIST)
    def list(self, request, *args, **kwargs):
        filtered = self._filtered()
        return caching.respond(request, build=self._page, counted=not filtered, shared=self._shared(filtered))

    def _shared(self, filtered: bool) -> SharedList:
        """The list's part every caller shares, and the caller's own (``events.pages``)."""
        user = self.request.user
        context = {**self.get_serializer_context(), MY_RSVPS: {}}

        def render_each(serializer_class, instances):
            return [
                RENDERER.render(item) for item in serializer_class(instances, many=True, context=context).data
            ]

        return SharedList(
            request=self.request,
            paginator=self.paginator,
            filtered=filtered,
            shared_events=lambda: self.filter_queryset(
                selectors.events_shown_to_all_in_order(staff=user.is_staff)
            ),
            drafts=lambda: selectors.user_drafts_in_order(user=user),
            events_json=functools.partial(render_each, EventSerializer),
            rsvps_json=functools.partial(render_each, RsvpSerializer),
        )

    def _page(self, count: int | None) -> Response:
        events = self.filter_queryset(self.get_queryset())
        page = self.paginator.paginate_queryset(events, self.request, view=self, count=count)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(responses=EVENT_LIST)
    @action(detail=False, methods=["get"], url_path="all", url_name="all")
    def all_events(self, request):
        return self.list(request)

    @extend_schema(responses={200: EventResponseSerializer, 405: RESERVED_ID})
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)

    @extend_schema(request=EventSerializer, responses=CREATED)
    @idempotent
    def create(self, request, *args, **kwargs):
        return super().create(request, *args, **kwargs)

    @extend_schema(request=EventSerializer, responses=CREATED)
    @action(detail=False, methods=["post"], url_path="create", url_name="create", name="Create an event")
    def create_legacy(self, request):
        return self.create(request)

    def http_method_not_allowed(self, request, *args, **kwargs):
        """In the browsable API, GET on /events/create is the page of its form, not a 405."""
        if (
            request.method == "GET"
            and self.action_map.get("post") == "create_legacy"
            and isinstance(request.accepted_renderer, BrowsableAPIRenderer)
        ):
            return Response({"message": "Fill in the form below to create an event."})
        return super().http_method_not_allowed(request, *args, **kwargs)

    def perform_create(self, serializer):
        # The answer reuses the validated serializer's instance and context.
        serializer.instance = services.event_create(created_by=self.request.user, **serializer.validated_data)

    @extend_schema(request=EventSerializer, responses=CHANGED)
    def update(self, request, *args, **kwargs):
        return super().update(request, *args, **kwargs)

    @extend_schema(request=EventSerializer, responses=CHANGED)
    def partial_update(self, request, *args, **kwargs):
        return super().partial_update(request, *args, **kwargs)

    def perform_update(self, serializer):
        serializer.instance = services.event_update(event=serializer.instance, **serializer.validated_data)

    @extend_schema(responses={204: OpenApiResponse(description="Deleted."), 405: RESERVED_ID})
    def destroy(self, request, *args, **kwargs):
        return super().destroy(request, *args, **kwargs)

    def perform_destroy(self, instance):
        services.event_delete(event=instance)
