from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from eventsite import docs
from eventsite.api import exceptions
from eventsite.runtime.lazy_admin import lazy_admin_urls
from eventsite.runtime.lazy_urls import lazy_include
from eventsite.views import ApiRootView, HealthView, ReadinessView, lazy_spectacular_view, not_found_fallback


def local_media_urls() -> list:
    """Uploaded images from the local folder, under DEBUG only (``make run``); S3 serves its own.

    Django's ``static()`` answers nothing without DEBUG; its module is imported only when it serves.
    """
    if not (settings.DEBUG and settings.MEDIA_STORAGE == "local"):
        return []
    from django.conf.urls.static import static

    return static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    path("", ApiRootView.as_view(), name="api-root"),
    path("health", HealthView.as_view(), name="health"),
    path("health/", HealthView.as_view()),
    path("health/ready", ReadinessView.as_view(), name="health-ready"),
    path("schema", lazy_spectacular_view("SpectacularAPIView"), name="schema"),
    # HTML pages only: their template renderer cannot answer OPTIONS (a 500).
    path(
        "docs",
        lazy_spectacular_view("SpectacularSwaggerView", url_name="schema", http_method_names=["get", "head"]),
        name="docs",
    ),
    path(
        "redoc",
        lazy_spectacular_view(
            "SpectacularRedocView",
            url_name="schema",
            template_name="eventsite/redoc.html",
            http_method_names=["get", "head"],
        ),
        name="redoc",
    ),
    path("redoc/redoc.standalone.js", docs.redoc_bundle, name="redoc-bundle"),
    path("favicon.ico", docs.favicon, name="favicon"),
    path("admin/", lazy_admin_urls(admin.site, login_form="accounts.forms.AdminLoginForm")),
    path("api-auth/", lazy_include("accounts.browsable_api_urls", app_name="rest_framework")),
    path("", include("accounts.urls")),
    path("", lazy_include("events.urls")),
    *local_media_urls(),
    re_path(r"^(?P<path>.*)$", not_found_fallback),
]

handler400 = exceptions.bad_request
handler403 = exceptions.permission_denied
handler404 = exceptions.not_found
handler500 = exceptions.server_error

admin.site.site_header = "eventsite administration"
admin.site.site_title = "eventsite admin"
# The app sidebar took 300 px beside the change lists' filters: at 1280 px the event list's
# right-hand columns were cut off. The breadcrumbs and the index link every model.
admin.site.enable_nav_sidebar = False
