"""Webhook endpoints, deliveries and the delivered payload, as the API shows and reads them."""

from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_field
from rest_framework import serializers

from events.changes import KINDS
from events.serializers import EventSerializer, RsvpSerializer
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import StrictCharField, UTCDateTimeField

EVENT_TYPES_HELP = "The changes this endpoint receives: event.* for events, rsvp.* for RSVPs."
URL_HELP = "An https URL on a public address, up to 2,000 characters; redirects are not followed."
DESCRIPTION_HELP = "Your note about the endpoint, up to 200 characters."


def event_types_field(**kwargs) -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=KINDS), min_length=1, max_length=len(KINDS), **kwargs
    )


class WebhookSerializer(serializers.Serializer):
    webhookId = serializers.UUIDField(source="id", read_only=True, help_text="The endpoint's id.")
    url = serializers.CharField(read_only=True, help_text="Where each delivery is POSTed.")
    description = serializers.CharField(
        read_only=True, allow_blank=True, help_text="Your note about the endpoint; empty when none."
    )
    eventTypes = event_types_field(source="event_types", read_only=True, help_text=EVENT_TYPES_HELP)
    active = serializers.BooleanField(
        read_only=True,
        help_text="false: switched off by its owner, or after too many failed changes in a row.",
    )
    failingSince = UTCDateTimeField(
        source="failing_since",
        read_only=True,
        allow_null=True,
        help_text="Since when every attempt at a change has failed; null once a delivery succeeds.",
    )
    consecutiveFailures = serializers.IntegerField(
        source="consecutive_failures",
        read_only=True,
        help_text="Changes in a row whose every attempt failed.",
    )
    createdAt = UTCDateTimeField(source="created_at", read_only=True, help_text="When it was created (UTC).")
    updatedAt = UTCDateTimeField(source="updated_at", read_only=True, help_text="When it last changed (UTC).")


class WebhookWithSecretSerializer(WebhookSerializer):
    secret = serializers.CharField(
        read_only=True,
        help_text="Signs every delivery (Eventsite-Signature). Shown in this answer only: store it now.",
    )


class WebhookCreateSerializer(serializers.Serializer):
    url = StrictCharField(max_length=2000, help_text=URL_HELP)
    eventTypes = event_types_field(help_text=EVENT_TYPES_HELP)
    description = StrictCharField(
        max_length=200, required=False, allow_blank=True, help_text=DESCRIPTION_HELP
    )


class WebhookUpdateSerializer(serializers.Serializer):
    url = StrictCharField(max_length=2000, required=False, help_text=f"{URL_HELP} Omitted: unchanged.")
    eventTypes = event_types_field(required=False, help_text=EVENT_TYPES_HELP)
    description = StrictCharField(
        max_length=200, required=False, allow_blank=True, help_text=f"{DESCRIPTION_HELP} Omitted: unchanged."
    )
    active = serializers.BooleanField(
        required=False, help_text="true switches the endpoint on again and forgets its failures."
    )


class WebhookResponseSerializer(MessageResponseSerializer):
    webhook = WebhookSerializer(help_text="The webhook endpoint.")


class WebhookCreatedResponseSerializer(MessageResponseSerializer):
    webhook = WebhookWithSecretSerializer(help_text="The new endpoint, with its signing secret.")


class WebhookListResponseSerializer(MessageResponseSerializer):
    webhooks = WebhookSerializer(many=True, help_text="Your webhook endpoints.")


class WebhookDeliverySerializer(serializers.Serializer):
    deliveryId = serializers.UUIDField(source="id", read_only=True, help_text="This attempt's id.")
    eventId = serializers.UUIDField(
        source="change_id", read_only=True, help_text="The payload's id: the same on every attempt."
    )
    eventType = serializers.ChoiceField(
        source="event_type", choices=KINDS, read_only=True, help_text="The kind of change delivered."
    )
    attempt = serializers.IntegerField(read_only=True, help_text="1 for the first try of a change.")
    redelivery = serializers.BooleanField(read_only=True, help_text="Sent again on the owner's request.")
    succeeded = serializers.BooleanField(
        read_only=True, help_text="true when the receiver answered with a 2xx."
    )
    statusCode = serializers.IntegerField(
        source="status_code", read_only=True, allow_null=True, help_text="null: no answer came."
    )
    durationMs = serializers.IntegerField(
        source="duration_ms",
        read_only=True,
        allow_null=True,
        help_text="How long the attempt took, in milliseconds; null when not measured.",
    )
    error = serializers.CharField(
        read_only=True,
        allow_blank=True,
        help_text="Why the attempt failed, up to 500 characters; empty on success.",
    )
    responseExcerpt = serializers.CharField(
        source="response_excerpt", read_only=True, allow_blank=True, help_text="At most 500 characters."
    )
    createdAt = UTCDateTimeField(
        source="created_at", read_only=True, help_text="When the attempt was made (UTC)."
    )


class WebhookRedeliveryResponseSerializer(MessageResponseSerializer):
    delivery = WebhookDeliverySerializer(help_text="The delivery sent again.")


@extend_schema_field(
    PolymorphicProxySerializer(
        component_name="WebhookData",
        serializers=[EventSerializer, RsvpSerializer],
        resource_type_field_name=None,
    )
)
class WebhookDataField(serializers.JSONField):
    """The event (``event.*``; without ``myRsvp``) or the RSVP (``rsvp.*``) as the API shows it."""


# The body of every delivery (a POST to the endpoint's URL), signed in ``Eventsite-Signature``.
class WebhookPayloadSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        help_text="The change's id, the same on every attempt: receivers dedupe by it."
    )
    type = serializers.ChoiceField(choices=KINDS, help_text="The kind of change: event.* or rsvp.*.")
    createdAt = UTCDateTimeField(help_text="When the change happened.")
    data = WebhookDataField(
        help_text="The resource as the API shows it: the RSVP for rsvp.* changes, the event for event.* ones."
    )
