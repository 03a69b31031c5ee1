"""Serializer plumbing shared by the API's apps."""

from collections.abc import Mapping

from django.db import models
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import ManyRelatedField, RelatedField


# DRF's ``to_representation`` for model instances, with the per-object overhead hoisted.
# DRF walks a generator of readable fields for every object and resolves each source
# through a generic lookup (mappings, dotted paths, callables): most of the time of a page
# of events (bench/README.md). Here the readable fields are listed once per serializer and
# a field whose source is one plain model attribute is read with ``getattr``; every other
# field (method fields, relations, dotted sources, failed look-ups) keeps DRF's lookup.
# tests/eventsite/api/test_fast_read.py holds its output equal to DRF's.
# (A comment, not a docstring: serializers without their own would show it in the API docs.)
class FastReadMixin:
    @cached_property
    def _read_plan(self) -> list[tuple[serializers.Field, str | None]]:
        return [(field, _plain_attribute(field)) for field in self.fields.values() if not field.write_only]

    def to_representation(self, instance):
        if not isinstance(instance, models.Model):
            return super().to_representation(instance)
        data = {}
        for field, attribute in self._read_plan:
            value = getattr(instance, attribute, _MISSING) if attribute else _MISSING
            if value is _MISSING or callable(value):
                try:
                    value = field.get_attribute(instance)
                except SkipField:
                    continue
            data[field.field_name] = None if value is None else field.to_representation(value)
        return data


_MISSING = object()


def _plain_attribute(field: serializers.Field) -> str | None:
    if isinstance(field, RelatedField | ManyRelatedField) or len(field.source_attrs) != 1:
        return None
    return field.source_attrs[0]


class OneValidationRound:
    """A serializer whose ``validate`` also runs when some fields are bad, over the good ones, so
    that one 400 names every bad field (DRF runs it only once every field is valid)."""

    def to_internal_value(self, data):
        try:
            return super().to_internal_value(data)
        except serializers.ValidationError as exc:
            if not isinstance(exc.detail, dict) or not isinstance(data, Mapping):
                raise
            errors = dict(exc.detail)
        attrs = {}
        for field in self._writable_fields:
            if field.field_name in errors:
                continue
            try:
                self.set_value(attrs, field.source_attrs, field.run_validation(field.get_value(data)))
            except (serializers.ValidationError, SkipField):
                continue
        try:
            self.validate(attrs)
        except serializers.ValidationError as exc:
            errors = {**serializers.as_serializer_error(exc), **errors}
        raise serializers.ValidationError(errors)
