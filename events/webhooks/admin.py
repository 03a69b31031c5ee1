"""The admin's view of webhook endpoints (never their secret) and of the delivery log: read-only,
since an endpoint's URL is checked (``ssrf``) by the API that registers it."""

from django.contrib import admin

from events.webhooks.models import WebhookDelivery, WebhookEndpoint


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(ReadOnlyAdmin):
    list_display = ["url", "owner", "active", "failing_since", "consecutive_failures", "created_at"]
    list_filter = ["active"]
    search_fields = ["url", "owner__email"]
    exclude = ["secret"]
    list_select_related = ["owner"]


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "endpoint",
        "event_type",
        "attempt",
        "succeeded",
        "status_code",
        "duration_ms",
    ]
    list_filter = ["succeeded", "event_type"]
    search_fields = ["change_id"]
    list_select_related = ["endpoint"]
    ordering = ["-created_at", "-id"]
