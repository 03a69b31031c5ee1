"""The admin's ticket list: read-only, since tickets are issued and voided by the RSVP services."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from events.models import Rsvp, Ticket
from eventsite.audit.admin import AuditedAdminMixin

VOID, WAITLISTED, VALID, CHECKED_IN = "void", "waitlisted", "valid", "checked in"


def ticket_state(ticket: Ticket) -> str:
    if ticket.voided_at is not None or ticket.rsvp is None:
        return VOID
    if ticket.checked_in_at is not None:
        return CHECKED_IN
    return WAITLISTED if ticket.rsvp.status == Rsvp.Status.WAITLISTED else VALID


class StateFilter(admin.SimpleListFilter):
    title = "state"
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [(state, state.capitalize()) for state in (VALID, WAITLISTED, CHECKED_IN, VOID)]

    def queryset(self, request, queryset: QuerySet[Ticket]) -> QuerySet[Ticket]:
        live = queryset.filter(voided_at__isnull=True, rsvp__isnull=False)
        return {
            VALID: live.filter(checked_in_at__isnull=True, rsvp__status=Rsvp.Status.GOING),
            WAITLISTED: live.filter(checked_in_at__isnull=True, rsvp__status=Rsvp.Status.WAITLISTED),
            CHECKED_IN: live.filter(checked_in_at__isnull=False),
            VOID: queryset.filter(voided_at__isnull=False),
        }.get(self.value(), queryset)


@admin.register(Ticket)
class TicketAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["holder", "event", "state", "created_at", "voided_at", "checked_in_at", "checked_in_by"]
    list_filter = [StateFilter, "created_at", "checked_in_at"]
    search_fields = ["=code", "holder__email"]
    search_help_text = "The exact ticket code, or (part of) the holder's email."
    list_select_related = ["holder", "event", "rsvp", "checked_in_by"]
    ordering = ["-created_at", "-id"]
    fields = [
        "code",
        "holder",
        "event",
        "rsvp",
        "state",
        "created_at",
        "voided_at",
        "checked_in_at",
        "checked_in_by",
    ]
    readonly_fields = fields

    @admin.display(description="state")
    def state(self, ticket: Ticket) -> str:
        return ticket_state(ticket)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    # Deleting a user or an event deletes their tickets, which the admin's delete permission
    # must allow; a ticket alone is never deleted (its RSVP would be left without one).
    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "show_delete": False}
        )

    def delete_view(self, request, object_id, extra_context=None):
        raise PermissionDenied
