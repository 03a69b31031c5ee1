"""The OpenAPI document of webhooks: a delivery as a callback, its payload, and the secret's one answer."""

from tests.events.webhooks.conftest import ALL_TYPES
from tests.eventsite.api.test_openapi import json_schema_ref, operation


def test_a_webhook_delivery_is_documented_as_a_callback_with_its_signature(schema):
    [callback] = operation(schema, "/users/me/webhooks", "post")["callbacks"].values()
    delivery = callback["{$request.body#/url}"]["post"]
    assert json_schema_ref(delivery["requestBody"]) == "#/components/schemas/WebhookPayload"
    assert "Eventsite-Signature: t=<unix seconds>,v1=" in delivery["description"]
    assert set(delivery["responses"]) == {"200"}
    payload = schema["components"]["schemas"]["WebhookPayload"]
    assert list(payload["properties"]) == ["id", "type", "createdAt", "data"]
    assert schema["components"]["schemas"]["WebhookData"]["oneOf"] == [
        {"$ref": "#/components/schemas/Event"},
        {"$ref": "#/components/schemas/Rsvp"},
    ]
    assert schema["components"]["schemas"]["WebhookEventTypeEnum"]["enum"] == ALL_TYPES


def test_only_the_answer_to_registering_a_webhook_has_its_secret(schema):
    components = schema["components"]["schemas"]
    assert "secret" in components["WebhookWithSecret"]["properties"]
    assert not [
        name
        for name, component in components.items()
        if "secret" in component.get("properties", {}) and name != "WebhookWithSecret"
    ]
