"""API keys in the admin: listed and revoked, never made here and never showing their hash."""

from django.contrib import admin, messages

from accounts.api_keys import services
from accounts.api_keys.models import ApiKey
from eventsite.audit.admin import AuditedAdminMixin


@admin.register(ApiKey)
class ApiKeyAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = [
        "name",
        "user",
        "prefix",
        "scopes",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    ]
    list_filter = ["revoked_at", "expires_at"]
    search_fields = ["name", "prefix", "user__email"]
    list_select_related = ["user"]
    fields = ["id", *list_display]
    readonly_fields = fields
    actions = ["revoke"]

    def has_add_permission(self, request) -> bool:
        # A key is made by its user, who alone may see it once (POST /users/me/api-keys).
        return False

    @admin.action(description="Revoke the selected API keys", permissions=["change"])
    def revoke(self, request, queryset):
        keys = list(queryset.filter(revoked_at__isnull=True))
        for api_key in keys:
            services.api_key_revoke(api_key=api_key)
        self.message_user(request, f"Revoked {len(keys)} API key(s).", messages.SUCCESS)
