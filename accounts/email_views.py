"""The caller's email address and the mail they receive: /users/email/… and /users/me/email."""

from django.utils.html import escape
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import renderers, status
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts import verification
from accounts.email_serializers import (
    PREFERENCE_NAMES,
    EmailChangeSerializer,
    EmailVerifySerializer,
    OneClickUnsubscribeSerializer,
    UnsubscribeResponseSerializer,
)
from accounts.views import ANONYMOUS, AUTH_THROTTLES
from eventsite.api.envelopes import MessageResponseSerializer, message_response
from eventsite.api.schema import error, extend_schema
from eventsite.api.viewsets import GenericViewSet

VERIFICATION_SENT = "A verification email is on its way."
# Alike whether or not another account holds the address (nothing is mailed to it then).
CHANGE_SENT = "If the address can be used, a confirmation email is on its way to it."
UNSUBSCRIBED = "You will no longer receive these emails."
# A real token is about 100 characters; the bound keeps generated clients and fuzzers to URLs
# every server and gateway takes (a longer one is refused like any wrong token).
TOKEN_MAX_LENGTH = 256
TOKEN_PARAMETER = OpenApiParameter(
    "token",
    {"type": "string", "maxLength": TOKEN_MAX_LENGTH},
    OpenApiParameter.QUERY,
    required=True,
    description="From the email's link.",
)
# The page is chosen by the Accept header; ``?format=`` is DRF's override, undocumented here as
# everywhere in the API (an unknown one is DRF's 404).
UNSUBSCRIBE_PARAMETERS = [TOKEN_PARAMETER, OpenApiParameter("format", exclude=True)]
BAD_UNSUBSCRIBE_TOKEN = error(400, "`unsubscribe_token_invalid`: the token is missing or not one of ours.")
UNSUBSCRIBE_RESPONSES = {
    (200, "application/json"): UnsubscribeResponseSerializer,
    (200, "text/html"): OpenApiResponse(OpenApiTypes.STR, description="The message as a page."),
    400: BAD_UNSUBSCRIBE_TOKEN,
}
ONE_CLICK_BODY = {
    "application/x-www-form-urlencoded": OneClickUnsubscribeSerializer,
    "multipart/form-data": OneClickUnsubscribeSerializer,
}


class UnsubscribePageRenderer(renderers.BaseRenderer):
    """A one-line HTML page with the answer's message, for a browser that followed the link."""

    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        message = escape((data or {}).get("message", ""))
        head = '<!doctype html><html lang="en"><meta charset="utf-8"><title>eventsite</title>'
        return f"{head}<p>{message}</p></html>".encode()


class UserEmailViewSet(GenericViewSet):
    """Verifying and changing the address; unsubscribing from the link in an email."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "auth"
    serializer_class = EmailVerifySerializer

    def get_authenticate_header(self, request):
        return 'Bearer realm="api"'

    @extend_schema(
        request=EmailVerifySerializer,
        responses={
            200: MessageResponseSerializer,
            400: error(
                400, "`verification_token_invalid`, `verification_token_expired`, or `invalid` input."
            ),
            409: error(409, "The new address was taken meanwhile."),
        },
    )
    @action(
        detail=False, methods=["post"], url_path="email/verify", throttle_classes=AUTH_THROTTLES, **ANONYMOUS
    )
    def verify(self, request):
        serializer = EmailVerifySerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        verification.email_verify(user_id=data["userId"], token=data["token"])
        return message_response("Email address verified.")

    @extend_schema(
        request=None,
        responses={202: MessageResponseSerializer},
    )
    @action(detail=False, methods=["post"], url_path="email/verify/resend", url_name="verify-resend")
    def resend(self, request):
        verification.verification_resend(user=request.user)
        return message_response(VERIFICATION_SENT, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=EmailChangeSerializer,
        responses={202: MessageResponseSerializer},
    )
    @action(
        detail=False,
        methods=["post"],
        url_path="me/email",
        url_name="email-change",
        serializer_class=EmailChangeSerializer,
        throttle_classes=AUTH_THROTTLES,
    )
    def change(self, request):
        serializer = EmailChangeSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        verification.email_change_request(user=request.user, **serializer.validated_data)
        return message_response(CHANGE_SENT, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        methods=["GET"],
        parameters=UNSUBSCRIBE_PARAMETERS,
        responses=UNSUBSCRIBE_RESPONSES,
    )
    @extend_schema(
        methods=["POST"],
        parameters=UNSUBSCRIBE_PARAMETERS,
        request=ONE_CLICK_BODY,
        responses=UNSUBSCRIBE_RESPONSES,
    )
    @action(
        detail=False,
        methods=["get", "post"],
        url_path="email/unsubscribe",
        renderer_classes=[renderers.JSONRenderer, UnsubscribePageRenderer],
        serializer_class=OneClickUnsubscribeSerializer,
        **ANONYMOUS,
    )
    def unsubscribe(self, request):
        category = verification.email_unsubscribe(token=request.query_params.get("token", ""))
        body = {"message": UNSUBSCRIBED, "preference": PREFERENCE_NAMES[category]}
        return Response(UnsubscribeResponseSerializer(body).data)
