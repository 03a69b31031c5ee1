"""DRF-style view set mixins that answer with an output envelope serializer.

DRF's own create/retrieve/update mixins answer with the bare object; this API wraps it in
``{"message", <object>}``. Each mixin keeps DRF's hooks (``get_object``, ``get_serializer``,
``perform_create``, ``perform_update``), so a view set overrides only what differs.
"""

from rest_framework import status
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer


def envelope_response(envelope: BaseSerializer, *, status: int = status.HTTP_200_OK) -> Response:
    """``envelope``'s data, as a plain dict: the browsable API would take a serializer's
    ``ReturnDict`` for the object its forms edit."""
    return Response(dict(envelope.data), status=status)


class EnvelopeMixin:
    """``envelope_class`` is the answer's serializer, its object under ``envelope_key``."""

    envelope_class: type[BaseSerializer]
    envelope_key: str

    def envelope(self, serializer: BaseSerializer, message: str, *, status: int = status.HTTP_200_OK):
        """The answer around ``serializer.instance``, in its context; override for another shape.

        ``serializer`` itself stands in for the envelope's field of the object: building a
        second one (its fields are deep-copied per instance) costs a sixth of a create
        (bench/README.md).
        """
        body = {"message": message, self.envelope_key: serializer.instance}
        envelope = self.envelope_class(body, context=serializer.context)
        envelope.fields[self.envelope_key] = serializer
        return envelope_response(envelope, status=status)


class CreateMixin(EnvelopeMixin):
    created_message = "Created successfully"

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.envelope(serializer, self.created_message, status=status.HTTP_201_CREATED)

    def perform_create(self, serializer: BaseSerializer) -> None:
        """Override to save through a service; set ``serializer.instance`` to what it made."""
        serializer.save()


class RetrieveMixin(EnvelopeMixin):
    retrieved_message = "Retrieved successfully"

    def retrieve(self, request, *args, **kwargs):
        return self.envelope(self.get_serializer(self.get_object()), self.retrieved_message)


class UpdateMixin(EnvelopeMixin):
    updated_message = "Updated successfully"

    def update(self, request, *args, **kwargs):
        partial = kwargs.pop("partial", False)
        serializer = self.get_serializer(self.get_object(), data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        self.perform_update(serializer)
        return self.envelope(serializer, self.updated_message)

    def partial_update(self, request, *args, **kwargs):
        kwargs["partial"] = True
        return self.update(request, *args, **kwargs)

    def perform_update(self, serializer: BaseSerializer) -> None:
        """Override to save through a service; set ``serializer.instance`` to the saved object."""
        serializer.save()
