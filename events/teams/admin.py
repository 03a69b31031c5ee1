"""Teams in the admin: an inline on each event's page and a page listing every member."""

from django import forms
from django.contrib import admin

from events.teams.models import TeamMember
from eventsite.audit.admin import AuditedAdminMixin

MEMBER_FIELDS = ["user", "role", "added_by", "created_at"]
MEMBER_READ_ONLY = ["added_by", "created_at"]


class TeamMemberForm(forms.ModelForm):
    """The event's creator is its owner, never a member of its team (as the API refuses)."""

    class Meta:
        model = TeamMember
        fields = ["event", "user", "role"]

    def clean(self):
        cleaned = super().clean()
        event, user = cleaned.get("event") or getattr(self.instance, "event", None), cleaned.get("user")
        if event is not None and user is not None and event.created_by_id == user.pk:
            self.add_error("user", "This user is the event's owner, who is not a team member.")
        return cleaned


class TeamMemberInline(admin.TabularInline):
    model = TeamMember
    form = TeamMemberForm
    fk_name = "event"
    fields = MEMBER_FIELDS
    readonly_fields = MEMBER_READ_ONLY
    autocomplete_fields = ["user"]
    extra = 0
    ordering = ["created_at", "id"]


@admin.register(TeamMember)
class TeamMemberAdmin(AuditedAdminMixin, admin.ModelAdmin):
    form = TeamMemberForm
    list_display = ["user", "event", "role", "added_by", "created_at"]
    list_select_related = ["user", "event", "added_by"]
    list_filter = ["role", "created_at"]
    search_fields = ["user__email", "user__name", "event__title"]
    autocomplete_fields = ["event", "user"]
    fields = ["event", *MEMBER_FIELDS]
    readonly_fields = MEMBER_READ_ONLY
    ordering = ["-created_at", "-id"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.added_by = request.user
        super().save_model(request, obj, form, change)
