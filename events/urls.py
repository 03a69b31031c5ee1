from django.urls import re_path

from events.images.views import EventImageConfirmView, EventImageUploadView, EventImageView
from events.public.views import PublicCalendarView, PublicEventViewSet
from events.rsvp_views import MyEventsViewSet
from events.teams.views import MyTeamEventsViewSet, TeamViewSet
from events.tickets.checkin_views import CheckInViewSet
from events.tickets.views import EventTicketView
from events.views import EventViewSet
from events.webhooks.views import WebhookViewSet
from eventsite.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("events", EventViewSet, basename="events")
router.register(r"events/(?P<event_id>[^/.]+)/checkin", CheckInViewSet, basename="checkin")
router.register(r"events/(?P<event_id>[^/.]+)/team", TeamViewSet, basename="team")
router.register("users/me/webhooks", WebhookViewSet, basename="webhooks")
router.register("users/me/events", MyTeamEventsViewSet, basename="my-team-events")
router.register("users/me", MyEventsViewSet, basename="my-events")
router.register("public/events", PublicEventViewSet, basename="public-events")

urlpatterns = [
    # Before the router, so that ``events.ics`` is never read as an event id.
    re_path(r"^public/events\.ics$", PublicCalendarView.as_view(), name="public-events-calendar"),
    *router.urls,
    re_path(r"^events/(?P<event_id>[^/.]+)/ticket/?$", EventTicketView.as_view(), name="events-ticket"),
    re_path(r"^events/(?P<event_id>[^/.]+)/image/?$", EventImageView.as_view(), name="events-image"),
    re_path(
        r"^events/(?P<event_id>[^/.]+)/image/upload/?$",
        EventImageUploadView.as_view(),
        name="events-image-upload",
    ),
    re_path(
        r"^events/(?P<event_id>[^/.]+)/image/confirm/?$",
        EventImageConfirmView.as_view(),
        name="events-image-confirm",
    ),
]
