from rest_framework.permissions import SAFE_METHODS, BasePermission

from events.teams.selectors import CHECKERS, EDITORS, OWNER, id_from, role_of

OWNERS = frozenset({OWNER})


def has_role(user, event, roles: frozenset[str]) -> bool:
    """Staff, or one of ``roles`` in the event's team (``events.teams.selectors``)."""
    return user.is_staff or role_of(user=user, event=event) in roles


class CanEditOrReadOnly(BasePermission):
    """Any authenticated user reads; the owner, organizers and staff change the event; only the
    owner and staff delete it."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        if request.method == "DELETE":
            self.message = "Only the event's owner or staff can delete it."
            return has_role(request.user, obj, OWNERS)
        self.message = "Only the event's owner, organizers or staff can change it."
        return has_role(request.user, obj, EDITORS)


class CanSeeAttendees(BasePermission):
    """The event's owner, organizers and staff, also for reads (the attendee list)."""

    message = "Only the event's owner, organizers or staff can see this."

    def has_object_permission(self, request, view, obj) -> bool:
        return has_role(request.user, obj, EDITORS)


class CanCheckIn(BasePermission):
    """The event's owner, organizers and checkers, and staff: the door staff."""

    message = "Only the event's team or staff can check people in."

    def has_object_permission(self, request, view, obj) -> bool:
        return has_role(request.user, obj, CHECKERS)


class IsOnTeam(BasePermission):
    """The event's whole team (owner, organizers, checkers) and staff see the team; the owner,
    organizers and staff change it, and any member may remove themselves (``TeamViewSet``)."""

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            self.message = "Only the event's team or staff can see its team."
            return has_role(request.user, obj, CHECKERS)
        self.message = "Only the event's owner, organizers or staff can change its team."
        if has_role(request.user, obj, EDITORS):
            return True
        leaving = request.method == "DELETE" and id_from(view.kwargs.get("user_id")) == request.user.pk
        return leaving and has_role(request.user, obj, CHECKERS)


class CanChangeImage(BasePermission):
    """The event's owner, organizers and staff upload and remove its image, as they change the event."""

    message = "Only the event's owner, organizers or staff can change its image."

    def has_object_permission(self, request, view, obj) -> bool:
        return has_role(request.user, obj, EDITORS)
