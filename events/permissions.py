from rest_framework.permissions import SAFE_METHODS, BasePermission

from events.teams.selectors import CHECKERS, role_of


def has_role(user, event, roles: frozenset[str]) -> bool:
    """Staff, or one of ``roles`` in the event's team (``events.teams.selectors``)."""
    return user.is_staff or role_of(user=user, event=event) in roles


def is_creator_or_staff(user, event) -> bool:
    return event.created_by_id == user.pk or user.is_staff


class IsCreatorOrStaffOrReadOnly(BasePermission):
    """Any authenticated user reads; only the event's creator or staff change it."""

    message = "Only the event's creator or staff can change it."

    def has_object_permission(self, request, view, obj) -> bool:
        return request.method in SAFE_METHODS or is_creator_or_staff(request.user, obj)


class IsCreatorOrStaff(BasePermission):
    """Only the event's creator or staff, also for reads (e.g. the attendee list)."""

    message = "Only the event's creator or staff can see this."

    def has_object_permission(self, request, view, obj) -> bool:
        return is_creator_or_staff(request.user, obj)


class CanCheckIn(BasePermission):
    """The event's owner, organizers and checkers, and staff: the door staff."""

    message = "Only the event's team or staff can check people in."

    def has_object_permission(self, request, view, obj) -> bool:
        return has_role(request.user, obj, CHECKERS)
