"""The audit log in the admin (read-only, for staff), and the mixin that audits admin changes."""

from django.contrib import admin

from eventsite.audit.models import AuditEntry
from eventsite.audit.services import audit_record
from eventsite.runtime.transactions import unit_of_work


class AuditedAdminMixin:
    """For a ``ModelAdmin``: each change saved through it is audited in the change's transaction.

    The admin's own ``transaction.atomic`` does nothing on MongoDB, so the views that write run as
    one unit of work: the change, Django's ``LogEntry`` and the audit entry commit together. The
    entry keeps the admin's change message (which fields, never their values).
    """

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        view = super().changeform_view
        if request.method != "POST":
            return view(request, object_id, form_url, extra_context)
        return unit_of_work(lambda: view(request, object_id, form_url, extra_context))

    def delete_view(self, request, object_id, extra_context=None):
        view = super().delete_view
        if request.method != "POST":
            return view(request, object_id, extra_context)
        return unit_of_work(lambda: view(request, object_id, extra_context))

    def response_action(self, request, queryset):
        action = super().response_action
        return unit_of_work(lambda: action(request, queryset))

    def log_addition(self, request, obj, message):
        audit_record(action="admin.add", target=obj, changes={"message": message}, actor=request.user)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        audit_record(action="admin.change", target=obj, changes={"message": message}, actor=request.user)
        return super().log_change(request, obj, message)

    def log_deletions(self, request, queryset):
        for obj in queryset:
            audit_record(
                action="admin.delete", target=obj, changes={"repr": str(obj)[:200]}, actor=request.user
            )
        return super().log_deletions(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "action",
        "target_type",
        "target_id",
        "actor_email",
        "actor_is_staff",
        "client_ip",
    ]
    list_filter = ["action", "target_type", "actor_is_staff", "created_at"]
    search_fields = ["target_id", "actor_email", "client_ip", "request_id"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
