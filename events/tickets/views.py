"""``GET /events/{eventId}/ticket``: the caller's ticket as JSON, or its QR code as SVG or PNG."""

import uuid

from django.utils.cache import patch_cache_control, patch_vary_headers
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import renderers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts.api_keys.scopes import RSVPS_READ
from events.tickets import qr
from events.tickets.selectors import ticket_admits, ticket_of
from events.tickets.serializers import TicketResponseSerializer
from eventsite.api.browsable import BrowsableAPIRenderer
from eventsite.api.schema import error, extend_schema
from eventsite.api.viewsets import envelope_response
from eventsite.runtime.errors import Conflict

NO_TICKET = "You have no RSVP for this event."
WAITLISTED = "Your RSVP is on the waitlist: the ticket admits once you have a seat."


class QrRenderer(renderers.BaseRenderer):
    """The view hands over the image's bytes; errors are JSON (``eventsite.api.exceptions``)."""

    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data


class SvgRenderer(QrRenderer):
    media_type = qr.SVG
    format = "svg"


class PngRenderer(QrRenderer):
    media_type = qr.PNG
    format = "png"


RENDERERS = [renderers.JSONRenderer, BrowsableAPIRenderer, SvgRenderer, PngRenderer]
FORMATS = ("json", "svg", "png")
# The browsable API's own format link, not documented (as ``format`` is nowhere else).
BROWSABLE = "api"


class TicketNegotiation(DefaultContentNegotiation):
    """An unknown ``?format=`` is a 400 naming the formats (DRF's own answer would be a 404)."""

    def select_renderer(self, request, renderers, format_suffix=None):
        wanted = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if wanted is not None and wanted not in (*FORMATS, BROWSABLE):
            raise ValidationError({"format": [f"Must be one of: {', '.join(FORMATS)}."]})
        return super().select_renderer(request, renderers, format_suffix)


class EventTicketView(GenericAPIView):
    permission_classes = [IsAuthenticated]
    api_key_scopes = {"GET": RSVPS_READ}
    renderer_classes = RENDERERS
    content_negotiation_class = TicketNegotiation
    serializer_class = TicketResponseSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("event_id", OpenApiTypes.UUID, OpenApiParameter.PATH),
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=list(FORMATS), description="Overrides the Accept header."
            ),
        ],
        responses={
            (200, "application/json"): TicketResponseSerializer,
            (200, qr.SVG): OpenApiResponse(OpenApiTypes.STR, description="The QR code as SVG."),
            (200, qr.PNG): OpenApiResponse(OpenApiTypes.BINARY, description="The QR code as PNG."),
            (400, "application/json"): error(400, "`format` is not one of `json`, `svg`, `png`."),
            (404, "application/json"): error(404, "No such event, or the caller has no RSVP to it."),
            (409, "application/json"): error(409, "`rsvp_waitlisted`: the ticket admits once promoted."),
        },
        tags=["tickets"],
    )
    def get(self, request, event_id: str):
        ticket = ticket_of(user=request.user, event_id=_uuid_or_404(event_id))
        if ticket is None:
            raise NotFound(NO_TICKET)
        if not ticket_admits(ticket):
            raise Conflict(WAITLISTED, code="rsvp_waitlisted")
        if request.accepted_renderer.format in (SvgRenderer.format, PngRenderer.format):
            return Response(qr.qr_image(ticket.code, request.accepted_renderer.media_type))
        return envelope_response(TicketResponseSerializer({"message": "Ticket retrieved", "ticket": ticket}))

    def finalize_response(self, request, response, *args, **kwargs):
        """The code admits its holder: no shared cache may keep any answer of this view."""
        response = super().finalize_response(request, response, *args, **kwargs)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Accept"])
        return response


def _uuid_or_404(value: str) -> uuid.UUID:
    try:
        return uuid.UUID(value)
    except ValueError:
        raise NotFound(NO_TICKET) from None
