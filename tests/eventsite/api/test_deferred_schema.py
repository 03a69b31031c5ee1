"""What the views declare for the OpenAPI document waits for the schema generator (eventsite.api.schema)."""

import pytest
from rest_framework.decorators import action
from rest_framework.response import Response

from eventsite.api.openapi import AutoSchema, SchemaGenerator
from eventsite.api.routers import OptionalSlashRouter
from eventsite.api.schema import extend_schema
from eventsite.api.viewsets import GenericViewSet


class Unreadable:
    """A class attribute that fails the test if anything reads it."""

    def __get__(self, instance, owner):
        raise AssertionError("read while routing")


def test_routing_a_view_set_reads_none_of_its_other_attributes():
    class ThingViewSet(GenericViewSet):
        schema = Unreadable()

        @action(detail=False)
        def summary(self, request):
            return Response({})

    router = OptionalSlashRouter()
    router.register("things", ThingViewSet, basename="things")

    assert [pattern.name for pattern in router.urls] == ["things-summary"]


def test_a_view_set_action_under_another_name_is_refused():
    def summary(self, request):
        return Response({})

    class ThingViewSet(GenericViewSet):
        overview = action(detail=False)(summary)

    with pytest.raises(AssertionError, match=r"another name than their own: \['overview'\]"):
        ThingViewSet.get_extra_actions()


def test_a_declared_schema_is_applied_when_the_generator_finds_the_views_not_before():
    def summary(self, request):
        return Response({})

    extend_schema(summary="Counted", operation_id="countThings")(summary)

    assert not hasattr(summary, "kwargs")

    SchemaGenerator()._initialise_endpoints()

    # drf-spectacular's own decorator, on the project's schema class.
    assert issubclass(summary.kwargs["schema"], AutoSchema)
