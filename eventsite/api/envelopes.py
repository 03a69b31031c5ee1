"""Response bodies shared across the API, as serializers: views answer with them and the
OpenAPI document names them (drf-spectacular calls a component after its class, less
``Serializer``).

Their notes are comments, not docstrings: drf-spectacular would publish a docstring as the
component's description, and a subclass's too.
"""

from rest_framework import serializers
from rest_framework.response import Response

MESSAGE_HELP = "What happened, as a short sentence for people; its wording may change, so do not parse it."


# ``{"message": …}``: the success bodies start so; envelopes extend it (and the paged lists).
class MessageResponseSerializer(serializers.Serializer):
    message = serializers.CharField(help_text=MESSAGE_HELP)


def message_response(message: str, *, status: int = 200) -> Response:
    """The answer of an action that has nothing to tell but ``message``."""
    return Response(MessageResponseSerializer({"message": message}).data, status=status)


# ``GET /``: each link's name, the URL pattern it points at, and what it is for.
ROOT_LINKS = {
    "register": ("users-register", "`POST`: create an account; the answer holds a token pair."),
    "login": ("users-login", "`POST`: log in with email and password for a token pair."),
    "me": ("users-me", "Your profile: `GET` it, `PATCH` your name or preferences, `DELETE` your account."),
    "tokenRefresh": ("users-token-refresh", "`POST`: trade a refresh token for a new token pair."),
    "logout": ("users-logout", "`POST`: revoke one refresh token."),
    "logoutAll": ("users-logout-all", "`POST`: revoke every token issued to you so far."),
    "changePassword": ("users-password-change", "`POST`: change your password."),
    "resetPassword": ("users-password-reset", "`POST`: have a password reset token mailed to an address."),
    "confirmPasswordReset": (
        "users-password-reset-confirm",
        "`POST`: set a new password with the mailed token.",
    ),
    "changeEmail": (
        "users-email-email-change",
        "`POST`: change your email address, confirmed from the new address.",
    ),
    "verifyEmail": ("users-email-verify", "`POST`: confirm an address with the mailed token."),
    "resendVerification": ("users-email-verify-resend", "`POST`: mail the verification token again."),
    "exportMyData": ("users-export", "`GET`: everything stored about you, as JSON."),
    "apiKeys": ("api-keys-list", "Your API keys: `GET` to list them, `POST` to create one."),
    "events": ("events-list", "`GET`: the events you can see, filtered and paged; `POST`: create one."),
    "createEvent": ("events-create", "`POST`: create an event (legacy path; prefer the events link)."),
    "allEvents": ("events-all", "`GET`: the events you can see (legacy path; prefer the events link)."),
    "myEvents": ("my-team-events-list", "Events you own or are on the team of."),
    "myRsvps": ("my-events-rsvps", "`GET`: your RSVPs."),
    "myCalendar": ("my-events-calendar", "Your events as an iCalendar feed."),
    "calendarKey": (
        "my-events-calendar-key",
        "The key of your personal iCalendar feed: `GET`, create or replace (`POST`), `DELETE`.",
    ),
    "webhooks": ("webhooks-list", "Your webhooks: `GET` to list them, `POST` to create one."),
    "publicEvents": ("public-events-list", "`GET`: public events, no login needed."),
    "publicCalendar": ("public-events-calendar", "Public events as an iCalendar feed."),
    "health": ("health", "`GET`: liveness, with a database round trip."),
    "readiness": ("health-ready", "`GET`: readiness of the database, the cache and the task queue."),
    "docs": ("docs", "Swagger UI: try every operation in the browser."),
    "redoc": ("redoc", "The API reference, rendered by ReDoc."),
    "schema": ("schema", "The OpenAPI document."),
    "admin": ("admin:index", "The admin site, for staff (HTML pages)."),
}


# ``GET /``: links to every part of the API.
ApiRootSerializer = type(
    "ApiRootSerializer",
    (serializers.Serializer,),
    {name: serializers.URLField(help_text=text) for name, (_, text) in ROOT_LINKS.items()},
)


# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"], so other "status" enums do not collide.
HEALTH_OK = ["ok"]
HEALTH_UNAVAILABLE = ["unavailable"]
READINESS_CHECKS = ["ok", "unavailable"]
HEALTH_UNAVAILABLE_DESCRIPTION = "The database is unavailable."
READINESS_UNAVAILABLE_DESCRIPTION = (
    "A dependency is unavailable (`not_ready`): `checks` tells which of the database, the cache "
    "and the task queue failed."
)


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=HEALTH_OK, help_text="`ok`: the server answers and its database too."
    )


# The error envelope, with the status a probe reads.
class HealthUnavailableSerializer(serializers.Serializer):
    message = serializers.CharField(help_text="Human-readable summary.")
    code = serializers.CharField(help_text="Machine-readable error code: `database_unavailable`.")
    status = serializers.ChoiceField(
        choices=HEALTH_UNAVAILABLE,
        help_text="`unavailable`: a dependency does not answer; the status is 503.",
    )


# ``GET /health/ready``: the state of each dependency.
class ReadinessChecksSerializer(serializers.Serializer):
    database = serializers.ChoiceField(
        choices=READINESS_CHECKS, help_text="`unavailable` when a query to the database fails."
    )
    cache = serializers.ChoiceField(
        choices=READINESS_CHECKS,
        help_text="`unavailable` when a value written to the cache cannot be read back.",
    )
    queue = serializers.ChoiceField(
        choices=READINESS_CHECKS, help_text="`unavailable` when the background task queue cannot be reached."
    )


CHECKS_HELP = "The state of each dependency, checked during this request."


class ReadinessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HEALTH_OK, help_text="`ok`: every dependency is available.")
    checks = ReadinessChecksSerializer(help_text=CHECKS_HELP)


# The error envelope, with the status a probe reads and each dependency's state.
class ReadinessUnavailableSerializer(HealthUnavailableSerializer):
    code = serializers.CharField(help_text="Machine-readable error code: `not_ready`.")
    checks = ReadinessChecksSerializer(help_text=CHECKS_HELP)
