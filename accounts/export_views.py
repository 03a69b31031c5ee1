"""The caller's data export, /users/me/export: routed after the profile's, so that its dozen
serializers load with the first request for it rather than with every cold start."""

from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from accounts import selectors
from accounts.export_serializers import UserDataExportResponseSerializer
from eventsite.api.schema import extend_schema
from eventsite.api.viewsets import GenericViewSet


class UserExportViewSet(GenericViewSet):
    """Everything stored about the caller (the GDPR right of access)."""

    permission_classes = [IsAuthenticated]
    throttle_scope = "auth"

    @extend_schema(
        responses={200: UserDataExportResponseSerializer},
    )
    @action(detail=False, methods=["get"], url_path="me/export", url_name="export")
    def export(self, request):
        body = {"message": "User data exported", "export": selectors.user_data(user=request.user)}
        return Response(UserDataExportResponseSerializer(body).data, headers={"Cache-Control": "no-store"})
