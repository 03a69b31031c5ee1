from rest_framework.permissions import SAFE_METHODS, BasePermission


class IsCreatorOrStaffOrReadOnly(BasePermission):
    """Any authenticated user reads; only the event's creator or staff change it."""

    message = "Only the event's creator or staff can change it."

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return obj.created_by_id == request.user.pk or request.user.is_staff
