"""DRF-style view set mixins that answer with an output envelope serializer.

DRF's own create/retrieve/update mixins answer with the bare object; this API wraps it in
``{"message", <object>}``. Each mixin keeps DRF's hooks (``get_object``, ``get_serializer``,
``perform_create``, ``perform_update``), so a view set overrides only what differs.
"""

from inspect import getmembers_static

from rest_framework import status, viewsets
from rest_framework.decorators import MethodMapper
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer
from rest_framework.utils.serializer_helpers import ReturnDict


def envelope_response(
    envelope: BaseSerializer, *, status: int = status.HTTP_200_OK, form: BaseSerializer | None = None
) -> Response:
    """The envelope's data, carrying ``form``: the serializer whose object the browsable API's
    edit forms show (the envelope's own would offer the envelope to edit)."""
    if form is None:
        return Response(dict(envelope.data), status=status)
    return Response(ReturnDict(envelope.data, serializer=form), status=status)


class EnvelopeMixin:
    """Set ``envelope_class`` and ``envelope_key``; override ``envelope`` for another answer shape."""

    envelope_class: type[BaseSerializer]
    envelope_key: str

    def envelope(self, serializer: BaseSerializer, message: str, *, status: int = status.HTTP_200_OK):
        body = {"message": message, self.envelope_key: serializer.instance}
        envelope = self.envelope_class(body, context=serializer.context)
        # ``serializer`` stands in for the envelope's own field of the object: a second one
        # (its fields deep-copied per instance) costs a sixth of a create (bench/README.md).
        envelope.fields[self.envelope_key] = serializer
        return envelope_response(envelope, status=status, form=serializer)


class CreateMixin(EnvelopeMixin):
    """Override ``perform_create`` to save through a service (set ``serializer.instance``)."""

    created_message = "Created successfully"

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        return self.envelope(serializer, self.created_message, status=status.HTTP_201_CREATED)

    def perform_create(self, serializer: BaseSerializer) -> None:
        serializer.save()


class RetrieveMixin(EnvelopeMixin):
    """Override ``get_object`` (DRF's hook) to change what is found; ``retrieved_message`` names it."""

    retrieved_message = "Retrieved successfully"

    def retrieve(self, request, *args, **kwargs):
        return self.envelope(self.get_serializer(self.get_object()), self.retrieved_message)


class UpdateMixin(EnvelopeMixin):
    """Override ``perform_update`` to save through a service (set ``serializer.instance``)."""

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
        serializer.save()


def _is_action(attribute) -> bool:
    return isinstance(getattr(attribute, "mapping", None), MethodMapper)


class GenericViewSet(viewsets.GenericViewSet):
    """DRF's ``GenericViewSet``, whose ``@action`` methods the routers find without reading its
    other attributes. DRF's lookup reads every one, ``schema`` included, and DRF's default schema
    imports the schema class (drf-spectacular) when read (``eventsite.api.schema``)."""

    @classmethod
    def get_extra_actions(cls):
        actions = getmembers_static(cls, _is_action)
        misnamed = [name for name, method in actions if method.__name__ != name]
        if misnamed:
            raise AssertionError(f"{cls.__name__}: actions under another name than their own: {misnamed}")
        return [method for _, method in actions]
