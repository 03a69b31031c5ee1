"""API keys as the API shows and reads them; the key itself appears in the create's answer only."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.api_keys.scopes import SCOPE_NAMES, SCOPES
from eventsite.api.envelopes import MessageResponseSerializer
from eventsite.api.fields import StrictCharField, UTCDateTimeField

SCOPES_HELP = "What the key may do. " + " ".join(f"`{name}`: {text}" for name, text in SCOPES.items())


class ApiKeySerializer(serializers.Serializer):
    keyId = serializers.UUIDField(source="id", read_only=True, help_text="The key's ID, in its URL.")
    name = serializers.CharField(read_only=True, help_text="What the key is for, as named at its creation.")
    prefix = serializers.CharField(
        read_only=True, help_text="The key's visible part: it starts `esk_` followed by this prefix."
    )
    scopes = serializers.ListField(
        child=serializers.ChoiceField(choices=SCOPE_NAMES), read_only=True, help_text=SCOPES_HELP
    )
    createdAt = UTCDateTimeField(
        source="created_at", read_only=True, help_text="When the key was made (UTC)."
    )
    expiresAt = UTCDateTimeField(
        source="expires_at", read_only=True, allow_null=True, help_text="null: the key does not expire."
    )
    lastUsedAt = UTCDateTimeField(
        source="last_used_at",
        read_only=True,
        allow_null=True,
        help_text="When the key was last used, to the minute; null: never.",
    )
    revokedAt = UTCDateTimeField(
        source="revoked_at", read_only=True, allow_null=True, help_text="null: not revoked."
    )


class ApiKeyWithSecretSerializer(ApiKeySerializer):
    key = serializers.CharField(
        read_only=True,
        help_text="Send it as `Authorization: Api-Key` followed by the key. Shown in this answer only: "
        "only a hash of it is stored.",
    )


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "enum": list(SCOPE_NAMES)},
        "minItems": 1,
    }
)
class ScopesField(serializers.MultipleChoiceField):
    """The browsable API's multiple select; the schema says at least one, as the API answers (a scope
    named twice counts once)."""


class ApiKeyCreateSerializer(serializers.Serializer):
    name = StrictCharField(max_length=100, help_text="What the key is for, e.g. the client that holds it.")
    scopes = ScopesField(choices=SCOPE_NAMES, allow_empty=False, help_text=SCOPES_HELP)
    expiresAt = UTCDateTimeField(
        required=False, allow_null=True, help_text="In the future; absent or null: the key does not expire."
    )


class ApiKeyResponseSerializer(MessageResponseSerializer):
    apiKey = ApiKeySerializer(help_text="The API key, without its secret.")


class ApiKeyCreatedResponseSerializer(MessageResponseSerializer):
    apiKey = ApiKeyWithSecretSerializer(help_text="The new API key, with the key itself this once.")


class ApiKeyListResponseSerializer(MessageResponseSerializer):
    apiKeys = ApiKeySerializer(many=True, help_text="Your API keys, oldest first, revoked ones too.")
