from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from eventsite import exceptions
from eventsite.views import api_root, health, not_found_fallback

urlpatterns = [
    path("", api_root, name="api-root"),
    path("health", health, name="health"),
    path("health/", health),
    path("schema", SpectacularAPIView.as_view(), name="schema"),
    path("docs", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path(
        "redoc",
        SpectacularRedocView.as_view(url_name="schema", template_name="eventsite/redoc.html"),
        name="redoc",
    ),
    path("admin/", admin.site.urls),
    path("api-auth/", include("rest_framework.urls")),
    path("", include("accounts.urls")),
    path("", include("events.urls")),
    re_path(r"^(?P<path>.*)$", not_found_fallback),
]

handler400 = exceptions.bad_request
handler403 = exceptions.permission_denied
handler404 = exceptions.not_found
handler500 = exceptions.server_error

admin.site.site_header = "eventsite administration"
admin.site.site_title = "eventsite admin"
