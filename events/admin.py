import csv

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponse, HttpResponseRedirect

from events import services
from events.images.admin import IMAGE_FIELDS, EventImageAdminMixin
from events.models import Event, Rsvp, validate_no_control_characters
from events.teams.admin import TeamMemberInline
from eventsite.audit.admin import AuditedAdminMixin
from eventsite.runtime.transactions import unit_of_work

CSV_HEADER = ["eventId", "eventTitle", "userId", "name", "email", "status", "rsvpAt", "checkedInAt"]
TEXT_FIELDS = ("title", "description", "location", "time_zone")
# What the save refuses when an RSVP arrived after the form's own checks (nothing is saved).
REFUSED_SAVES = (services.EventHasRsvps, services.CapacityBelowAttendance)


# The event page's fields in order; the form edits those not read-only.
FIELDS = [
    "id",
    "title",
    "description",
    "date",
    "end_date",
    "time_zone",
    "location",
    "status",
    "visibility",
    "capacity",
    "going_count",
    *IMAGE_FIELDS,
    "created_by",
    "created_at",
    "updated_at",
]
READ_ONLY_FIELDS = ["id", "going_count", *IMAGE_FIELDS, "created_at", "updated_at"]


class EventAdminForm(forms.ModelForm):
    """The API's rules: no control characters in text, no draft with RSVPs, no fewer seats than going.

    The checks here show errors on the form; the save enforces the RSVP rules again inside
    its unit of work (``services.event_saved``).
    """

    class Meta:
        model = Event
        fields = [name for name in FIELDS if name not in READ_ONLY_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEXT_FIELDS:
            if name in self.fields:
                self.fields[name].validators.append(validate_no_control_characters)

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding:
            return cleaned
        changed = {"status", "capacity"} & set(self.changed_data) & set(cleaned)
        changes = {name: cleaned[name] for name in changed}
        for name, message in services.event_change_problems(event=self.instance, changes=changes).items():
            self.add_error(name, message)
        return cleaned


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
class EventAdmin(AuditedAdminMixin, EventImageAdminMixin, admin.ModelAdmin):
    list_display = [
        "title",
        "date",
        "location",
        "status",
        "visibility",
        "capacity",
        "going_count",
        "created_by",
    ]
    list_select_related = ["created_by"]
    list_filter = ["status", "visibility", "image_status", "date", "created_at"]
    search_fields = ["title", "description", "location", "created_by__email"]
    date_hierarchy = "date"
    autocomplete_fields = ["created_by"]
    readonly_fields = READ_ONLY_FIELDS
    fields = FIELDS
    ordering = ["-date", "-id"]
    inlines = [RsvpInline, TeamMemberInline]
    actions = ["cancel_events", "export_attendees_csv"]
    form = EventAdminForm

    def get_inlines(self, request, obj):
        # A new event has no attendees yet.
        return self.inlines if obj is not None else []

    def get_fields(self, request, obj=None):
        # An unsaved event has no id: the add form would show a default the save discards.
        fields = super().get_fields(request, obj)
        return fields if obj is not None else [name for name in fields if name != "id"]

    def save_model(self, request, obj, form, change):
        def save() -> None:
            if change:
                # The form's fields only: the seat count as the form read it would undo
                # concurrent RSVPs (and defeat the capacity check).
                obj.save(update_fields=[*form.changed_data, "updated_at"])
            else:
                obj.save()
            services.event_saved(
                event=obj,
                fields_changed=set(form.changed_data) if change else set(),
                created=not change,
                before={name: form.initial.get(name) for name in form.changed_data} if change else None,
            )

        unit_of_work(save)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except REFUSED_SAVES as refused:
            reason = refused.errors["capacity"][0] if refused.errors else refused.message
            self.message_user(request, f"Nothing was saved: {reason}", messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

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
            .select_related("event", "user", "ticket")
            .order_by("event__date", "event__id", "created_at", "id")
        )
        for rsvp in rsvps:
            ticket = getattr(rsvp, "ticket", None)
            checked_in_at = ticket.checked_in_at if ticket is not None else None
            writer.writerow(
                [
                    rsvp.event_id,
                    rsvp.event.title,
                    rsvp.user_id,
                    rsvp.user.name,
                    rsvp.user.email,
                    rsvp.status,
                    rsvp.created_at.isoformat(),
                    checked_in_at.isoformat() if checked_in_at else "",
                ]
            )
        return response


# The ticket and webhook pages live with them; importing them registers them.
from events.tickets import admin as tickets_admin  # noqa: E402, F401
from events.webhooks import admin as webhooks_admin  # noqa: E402, F401
