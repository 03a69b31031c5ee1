from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm

from accounts import services
from accounts.models import RevokedToken, User
from eventsite.audit.admin import AuditedAdminMixin
from eventsite.runtime.transactions import unit_of_work


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "name"]


class UserAdminChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}


@admin.register(User)
class UserAdmin(AuditedAdminMixin, DjangoUserAdmin):
    form = UserAdminChangeForm
    add_form = UserCreationForm
    list_display = ["email", "name", "is_staff", "is_active", "email_verified_at", "created_at"]
    list_filter = ["is_staff", "is_active", "is_superuser", "email_organizer_digest"]
    search_fields = ["email", "name"]
    ordering = ["email"]
    # ``email_key`` shows which spelling-independent address an account holds (empty for one that
    # collided when the keys were filled: ``manage.py email_collisions``).
    # ``pending_email`` changes only through the user's own confirmation (``accounts.verification``).
    readonly_fields = ["id", "email_key", "pending_email", "created_at", "last_login"]
    fieldsets = [
        (None, {"fields": ["id", "email", "email_key", "password"]}),
        ("Profile", {"fields": ["name", "created_at", "last_login"]}),
        ("Email", {"fields": ["email_verified_at", "email_undeliverable_at", "pending_email"]}),
        (
            "Email preferences",
            {
                "fields": [
                    "email_rsvp_updates",
                    "email_event_changes",
                    "email_reminders",
                    "email_organizer_digest",
                ]
            },
        ),
        ("Permissions", {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]}),
    ]
    add_fieldsets = [
        (
            None,
            {"classes": ["wide"], "fields": ["email", "name", "usable_password", "password1", "password2"]},
        ),
    ]

    def delete_model(self, request, obj):
        services.users_delete(users=[obj])

    def delete_queryset(self, request, queryset):
        services.users_delete(users=queryset)

    def user_change_password(self, request, id, form_url=""):
        view = super().user_change_password
        if request.method != "POST":
            return view(request, id, form_url)
        return unit_of_work(lambda: view(request, id, form_url))


@admin.register(RevokedToken)
class RevokedTokenAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["jti", "user", "revoked_at", "expires_at"]
    search_fields = ["jti", "user__email"]
    list_select_related = ["user"]
    readonly_fields = ["id", "jti", "user", "revoked_at", "expires_at"]


from accounts.api_keys import admin as api_keys_admin  # noqa: E402, F401
