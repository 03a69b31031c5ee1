"""eventsite's URLs with ``GET /bench/hello`` in front: the smallest DRF view, in the same server."""

from django.urls import path
from rest_framework.decorators import api_view, authentication_classes, permission_classes, throttle_classes
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from eventsite.urls import handler400, handler403, handler404, handler500
from eventsite.urls import urlpatterns as app_urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


@api_view(["GET"])
@authentication_classes([])
@permission_classes([AllowAny])
@throttle_classes([])
def hello(request):
    return Response({"message": "hello"})


urlpatterns = [path("bench/hello", hello), *app_urlpatterns]
