"""An event's team (``/events/{eventId}/team``) and the events the caller helps run (``/users/me/events``)."""

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import mixins, status
from rest_framework.exceptions import ValidationError
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api_keys.scopes import EVENTS_READ, EVENTS_WRITE
from accounts.permissions import HasVerifiedEmail
from events import selectors as event_selectors
from events.models import Event
from events.pagination import EventPagination
from events.permissions import IsOnTeam
from events.serializers import MY_RSVPS
from events.teams import selectors, services
from events.teams.errors import NotOnTeam, TeamOwner
from events.teams.models import TeamMember
from events.teams.serializers import (
    MY_ROLES,
    MyTeamEventSerializer,
    TeamMemberAddSerializer,
    TeamMemberResponseSerializer,
    TeamMemberRoleSerializer,
    TeamMemberSerializer,
    TeamResponseSerializer,
)
from eventsite.api.idempotency import idempotent
from eventsite.api.schema import ViewSchema, error, extend_schema
from eventsite.api.viewsets import GenericViewSet, envelope_response

TEAM_OWNER = error(409, "`team_owner`: the user is the event's owner, who is not a team member.")
ADD_CONFLICT = error(
    409, "`already_on_team`: the user is on the team already (or is its owner); `team_full`: no room."
)
EMAIL_NOT_REGISTERED = error(
    404, "The event is not found, or (`email_not_registered`) no account has the email."
)


class TeamViewSet(GenericViewSet):
    """The owner and the members of one event: the team sees it, the owner and organizers change it."""

    schema = ViewSchema("events.teams.schemas.TeamSchema")
    pagination_class = None
    permission_classes = [IsAuthenticated, HasVerifiedEmail, IsOnTeam]
    api_key_scopes = {
        "list": EVENTS_READ,
        **dict.fromkeys(["create", "partial_update", "destroy"], EVENTS_WRITE),
    }
    lookup_url_kwarg = "user_id"
    lookup_value_regex = "[^/]{1,64}"

    def get_serializer_class(self):
        # By method, not action: the browsable API renders each method's form under the list's action.
        return {"POST": TeamMemberAddSerializer, "PATCH": TeamMemberRoleSerializer}.get(
            self.request.method, TeamMemberSerializer
        )

    def get_queryset(self):
        return TeamMember.objects.none()

    def event(self) -> Event:
        """The URL's event, if the caller sees it (its team sees a draft), and may do this to its team."""
        user, event_id = self.request.user, self.kwargs["event_id"]
        try:
            event = get_object_or_404(event_selectors.events_visible_to(user=user), pk=event_id)
        except Http404:
            event = selectors.team_draft(user=user, event_id=event_id)
            if event is None:
                raise
        self.check_object_permissions(self.request, event)
        return event

    def member(self, event: Event) -> TeamMember:
        """The URL's member of the team; the owner is none (409), nor is anyone else (404)."""
        user_id = selectors.id_from(self.kwargs["user_id"])
        if user_id is not None and user_id == event.created_by_id:
            raise TeamOwner()
        member = None if user_id is None else selectors.team_member(event=event, user_id=user_id)
        if member is None:
            raise NotOnTeam()
        return member

    @extend_schema(
        responses={200: TeamResponseSerializer, 403: error(403, "Not on the event's team, nor staff.")},
        tags=["teams"],
    )
    def list(self, request, *args, **kwargs):
        team = selectors.team_of(event=self.event())
        return envelope_response(
            TeamResponseSerializer({"message": "Team retrieved successfully", "team": team})
        )

    @extend_schema(
        request=TeamMemberAddSerializer,
        responses={201: TeamMemberResponseSerializer, 404: EMAIL_NOT_REGISTERED, 409: ADD_CONFLICT},
        tags=["teams"],
    )
    @idempotent
    def create(self, request, *args, **kwargs):
        event = self.event()
        serializer = TeamMemberAddSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        member = services.team_member_add(event=event, added_by=request.user, **serializer.validated_data)
        body = {"message": "Team member added", "member": selectors.entry_of(member)}
        return envelope_response(TeamMemberResponseSerializer(body), status=status.HTTP_201_CREATED)

    @extend_schema(
        request=TeamMemberRoleSerializer,
        responses={200: TeamMemberResponseSerializer, 409: TEAM_OWNER},
        tags=["teams"],
    )
    def partial_update(self, request, *args, **kwargs):
        event = self.event()
        serializer = TeamMemberRoleSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        member = self.member(event)
        if "role" in serializer.validated_data:
            member = services.team_member_change_role(member=member, role=serializer.validated_data["role"])
        body = {"message": "Team member updated", "member": selectors.entry_of(member)}
        return envelope_response(TeamMemberResponseSerializer(body))

    @extend_schema(
        responses={204: OpenApiResponse(description="Removed."), 409: TEAM_OWNER},
        tags=["teams"],
    )
    def destroy(self, request, *args, **kwargs):
        services.team_member_remove(member=self.member(self.event()))
        return Response(status=status.HTTP_204_NO_CONTENT)


class MyTeamEventsPagination(EventPagination):
    message = "Events retrieved successfully"


class MyTeamEventsViewSet(mixins.ListModelMixin, GenericViewSet):
    """The events the caller helps run (``/users/me/events``), drafts included, soonest first."""

    permission_classes = [IsAuthenticated]
    pagination_class = MyTeamEventsPagination
    api_key_scopes = {"list": EVENTS_READ}
    serializer_class = MyTeamEventSerializer

    def roles(self) -> frozenset[str]:
        values = self.request.query_params.getlist("role")
        if not values:
            return selectors.ROLES
        if len(values) > 1 or values[0] not in selectors.ROLES:
            raise ValidationError({"role": [f"Must be one of: {', '.join(selectors.ROLE_NAMES)}."]})
        return frozenset(values)

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "role",
                OpenApiTypes.STR,
                enum=selectors.ROLE_NAMES,
                description="Only the events where the caller has this role (default: any of them).",
            )
        ],
        responses=MyTeamEventSerializer(many=True),
        tags=["teams"],
    )
    def list(self, request, *args, **kwargs):
        events, roles = selectors.team_events(user=request.user, roles=self.roles())
        page = self.paginate_queryset(events)
        context = {
            **self.get_serializer_context(),
            MY_ROLES: roles,
            MY_RSVPS: event_selectors.rsvps_by_event(user=request.user, events=page),
        }
        return self.get_paginated_response(MyTeamEventSerializer(page, many=True, context=context).data)
