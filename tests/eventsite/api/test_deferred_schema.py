"""What the views declare for the OpenAPI document waits for the schema generator (eventsite.api.schema)."""

import pytest
from django.urls import URLResolver, get_resolver
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.viewsets import ViewSetMixin

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


def routed_view_classes(patterns) -> set[type]:
    classes = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            classes |= routed_view_classes(pattern.url_patterns)
        elif getattr(pattern.callback, "cls", None) is not None:
            classes.add(pattern.callback.cls)
    return classes


def test_every_routed_view_set_finds_its_actions_without_reading_its_schema():
    routed = routed_view_classes(get_resolver().url_patterns)
    view_sets = {cls for cls in routed if issubclass(cls, ViewSetMixin)}

    assert view_sets
    assert {cls.__name__ for cls in view_sets if not issubclass(cls, GenericViewSet)} == set()


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
