"""The events in the OpenAPI document. Imported only to generate a schema (``OPENAPI_EXTENSION_MODULES``)."""

from drf_spectacular.extensions import OpenApiSerializerFieldExtension

from events.serializers import MyRsvpField, RsvpSerializer


class MyRsvpFieldSchema(OpenApiSerializerFieldExtension):
    """``MyRsvpField`` is an ``Rsvp`` in the OpenAPI document, not a component of its own."""

    target_class = MyRsvpField

    def map_serializer_field(self, auto_schema, direction):
        return auto_schema._map_serializer_field(RsvpSerializer(), direction)
