from events.rsvp_views import MyEventsViewSet
from events.views import EventViewSet
from eventsite.api.routers import OptionalSlashRouter

router = OptionalSlashRouter()
router.register("events", EventViewSet, basename="events")
router.register("users/me", MyEventsViewSet, basename="my-events")

urlpatterns = router.urls
