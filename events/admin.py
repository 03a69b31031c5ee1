from django.contrib import admin

from events.models import Event


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "location", "created_by"]
    list_select_related = ["created_by"]
    list_filter = ["date", "created_at"]
    search_fields = ["title", "description", "location", "created_by__email"]
    date_hierarchy = "date"
    autocomplete_fields = ["created_by"]
    readonly_fields = ["id", "created_at", "updated_at"]
    fields = ["id", "title", "description", "date", "location", "created_by", "created_at", "updated_at"]
    ordering = ["-date"]
