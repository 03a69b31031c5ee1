"""Response bodies shared across the API, as serializers: views answer with them and the
OpenAPI document names them (drf-spectacular calls a component after its class, less
``Serializer``).

Their notes are comments, not docstrings: drf-spectacular would publish a docstring as the
component's description, and a subclass's too.
"""

from rest_framework import serializers
from rest_framework.response import Response

from eventsite.api.openapi import HEALTH_OK, HEALTH_UNAVAILABLE, READINESS_CHECKS


# ``{"message": …}``: the success bodies start so; envelopes extend it.
class MessageResponseSerializer(serializers.Serializer):
    message = serializers.CharField()


def message_response(message: str, *, status: int = 200) -> Response:
    """The answer of an action that has nothing to tell but ``message``."""
    return Response(MessageResponseSerializer({"message": message}).data, status=status)


# ``GET /``: links to every part of the API.
class ApiRootSerializer(serializers.Serializer):
    register = serializers.URLField()
    login = serializers.URLField()
    me = serializers.URLField()
    tokenRefresh = serializers.URLField()
    logout = serializers.URLField()
    logoutAll = serializers.URLField()
    changePassword = serializers.URLField()
    resetPassword = serializers.URLField()
    confirmPasswordReset = serializers.URLField()
    changeEmail = serializers.URLField()
    verifyEmail = serializers.URLField()
    resendVerification = serializers.URLField()
    exportMyData = serializers.URLField()
    apiKeys = serializers.URLField()
    events = serializers.URLField()
    createEvent = serializers.URLField()
    allEvents = serializers.URLField()
    myEvents = serializers.URLField(help_text="Events you own or are on the team of.")
    myRsvps = serializers.URLField()
    myCalendar = serializers.URLField(help_text="Your events as an iCalendar feed.")
    calendarKey = serializers.URLField()
    webhooks = serializers.URLField()
    publicEvents = serializers.URLField()
    publicCalendar = serializers.URLField(help_text="Public events as an iCalendar feed.")
    health = serializers.URLField()
    readiness = serializers.URLField()
    docs = serializers.URLField(help_text="Swagger UI: try every operation in the browser.")
    redoc = serializers.URLField(help_text="The API reference, rendered by ReDoc.")
    schema = serializers.URLField(help_text="The OpenAPI document.")
    admin = serializers.URLField()


class HealthSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HEALTH_OK)


# The error envelope, with the status a probe reads.
class HealthUnavailableSerializer(serializers.Serializer):
    message = serializers.CharField()
    code = serializers.CharField()
    status = serializers.ChoiceField(choices=HEALTH_UNAVAILABLE)


# ``GET /health/ready``: the state of each dependency.
class ReadinessChecksSerializer(serializers.Serializer):
    database = serializers.ChoiceField(choices=READINESS_CHECKS)
    cache = serializers.ChoiceField(choices=READINESS_CHECKS)
    queue = serializers.ChoiceField(choices=READINESS_CHECKS)


class ReadinessSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=HEALTH_OK)
    checks = ReadinessChecksSerializer()


# The error envelope, with the status a probe reads and each dependency's state.
class ReadinessUnavailableSerializer(HealthUnavailableSerializer):
    checks = ReadinessChecksSerializer()
