import csv

from django.contrib import admin, messages
from django.http import HttpResponse

from events import services
from events.models import Event, Rsvp
from eventsite.transactions import unit_of_work

CSV_HEADER = ["eventId", "eventTitle", "userId", "name", "email", "status", "rsvpAt"]


class RsvpInline(admin.TabularInline):
    """Read-only: seats are kept consistent by the RSVP services, not by hand."""

    model = Rsvp
    fields = ["user", "status", "created_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["created_at", "id"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "location", "status", "capacity", "going_count", "created_by"]
    list_select_related = ["created_by"]
    list_filter = ["status", "date", "created_at"]
    search_fields = ["title", "description", "location", "created_by__email"]
    date_hierarchy = "date"
    autocomplete_fields = ["created_by"]
    readonly_fields = ["id", "going_count", "created_at", "updated_at"]
    fields = [
        "id",
        "title",
        "description",
        "date",
        "end_date",
        "time_zone",
        "location",
        "status",
        "capacity",
        "going_count",
        "created_by",
        "created_at",
        "updated_at",
    ]
    ordering = ["-date", "-id"]
    inlines = [RsvpInline]
    actions = ["cancel_events", "export_attendees_csv"]

    def get_inlines(self, request, obj):
        # A new event has no attendees yet.
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        # An unsaved event has no id: the add form would show a default the save discards.
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [name for name in fields if name != "id"]

    def save_model(self, request, obj, form, change):
        def save() -> None:
            super(EventAdmin, self).save_model(request, obj, form, change)
            services.event_saved(event=obj, fields_changed=set(form.changed_data) if change else set())

        unit_of_work(save)

    def delete_model(self, request, obj):
        services.event_delete(event=obj)

    def delete_queryset(self, request, queryset):
        services.events_delete(events=queryset)

    @admin.action(description="Cancel selected events")
    def cancel_events(self, request, queryset):
        cancelled = services.events_cancel(events=queryset)
        self.message_user(request, f"Cancelled {cancelled} event(s).", messages.SUCCESS)

    @admin.action(description="Export attendees of selected events as CSV")
    def export_attendees_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="attendees.csv"'
        writer = csv.writer(response)
        writer.writerow(CSV_HEADER)
        rsvps = (
            Rsvp.objects.filter(event__in=queryset)
            .select_related("event", "user")
            .order_by("event__date", "event__id", "created_at", "id")
        )
        for rsvp in rsvps:
            writer.writerow(
                [
                    rsvp.event_id,
                    rsvp.event.title,
                    rsvp.user_id,
                    rsvp.user.name,
                    rsvp.user.email,
                    rsvp.status,
                    rsvp.created_at.isoformat(),
                ]
            )
        return response
