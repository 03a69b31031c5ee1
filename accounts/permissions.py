from django.conf import settings
from rest_framework.permissions import BasePermission

from accounts.selectors import email_verified


class IsStaff(BasePermission):
    """Active staff members (ops)."""

    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.is_staff)


class HasVerifiedEmail(BasePermission):
    """With ``REQUIRE_VERIFIED_EMAIL`` on, a POST (creating an event, an RSVP) needs a verified address.

    Staff are exempt: their accounts are made by operators (``createsuperuser``, the admin), not
    by registering. Other methods pass, so that an unverified user can still withdraw an RSVP
    or change an event made before the setting was turned on.
    """

    message = "Verify your email address first: POST /users/email/verify/resend sends a new link."
    code = "email_not_verified"

    def has_permission(self, request, view) -> bool:
        if not settings.REQUIRE_VERIFIED_EMAIL or request.method != "POST":
            return True
        user = request.user
        return not user.is_authenticated or user.is_staff or email_verified(user=user)
