"""Serializer fields shared by the apps."""

import re
from datetime import UTC, datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import QueryDict
from django.utils import timezone
from rest_framework import serializers

from eventsite.runtime.dates import to_milliseconds


class FormSingleValueMixin:
    """A field given more than once in a form or multipart body reads as the list of its values,
    which a single-valued field refuses as the wrong type (DRF would keep the last one silently)."""

    def get_value(self, dictionary):
        if isinstance(dictionary, QueryDict) and len(values := dictionary.getlist(self.field_name)) > 1:
            return values
        return super().get_value(dictionary)


class StrictCharField(FormSingleValueMixin, serializers.CharField):
    """A CharField that accepts JSON strings only (DRF's also takes numbers).

    In a form or multipart body ``null`` is null (``FORM_NULL``), as for every field there:
    refused where the field takes no null, as the same JSON body would be. ``true`` and
    ``false`` there are the booleans (as ``StrictBooleanField`` reads them), so not a string.
    """

    default_error_messages = {"invalid": "Must be a string."}

    def validate_empty_values(self, data):
        if data == FORM_NULL and from_form(self):
            data = None
        return super().validate_empty_values(data)

    def to_internal_value(self, data):
        if not isinstance(data, str) or (data in FORM_BOOLEANS and from_form(self)):
            self.fail("invalid")
        self._refuse_forbidden_characters(data)
        return super().to_internal_value(data)

    def _refuse_forbidden_characters(self, data: str) -> None:
        """Validators that name ``forbidden`` characters see the value before trimming: trimming
        strips the ASCII separators U+001C to U+001F, which the schema's pattern refuses anywhere."""
        errors = []
        for validator in self.validators:
            if getattr(validator, "forbidden", None) is not None:
                try:
                    validator(data)
                except DjangoValidationError as exc:
                    errors.extend(exc.messages)
        if errors:
            raise serializers.ValidationError(errors)


def from_form(field: serializers.Field) -> bool:
    """Whether the field's data came from a form or multipart body, where every value is a string."""
    return isinstance(getattr(field.root, "initial_data", None), QueryDict)


FORM_INTEGER = re.compile(r"-?[0-9]{1,20}")
# How a multipart body spells ``null`` and the booleans (a form field has no types of its own).
FORM_NULL = "null"
FORM_BOOLEANS = {"true": True, "false": False}


class FormNullMixin(FormSingleValueMixin):
    """A nullable field reads ``null`` in a form or multipart body as null, as JSON would."""

    def validate_empty_values(self, data):
        if data == FORM_NULL and self.allow_null and from_form(self):
            data = None
        return super().validate_empty_values(data)


class UTCDateTimeField(FormNullMixin, serializers.DateTimeField):
    """ISO 8601 in; out always UTC with milliseconds and ``Z``, as the legacy API.

    Values are kept at millisecond precision, which is what MongoDB stores.
    """

    default_error_messages = {
        "invalid": "Datetime has wrong format. Use ISO 8601, e.g. 2025-12-15T09:00:00.000Z.",
    }

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid", format="ISO 8601")
        parsed = super().to_internal_value(value)
        if timezone.is_naive(parsed):
            parsed = timezone.make_aware(parsed, UTC)
        return to_milliseconds(parsed)

    def to_representation(self, value: datetime | None):
        if value is None:
            return None
        # isoformat pads years before 1000 to four digits; strftime("%Y") does not.
        return value.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


class StrictIntegerField(FormNullMixin, serializers.IntegerField):
    """JSON integers only (DRF's also takes ``"5"`` and ``5.0``); in a form, its digits (``"5"``)."""

    default_error_messages = {"invalid": "Must be a whole number."}

    def to_internal_value(self, data):
        if isinstance(data, str) and from_form(self) and FORM_INTEGER.fullmatch(data):
            data = int(data)
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(FormSingleValueMixin, serializers.BooleanField):
    """JSON ``true``/``false`` only (DRF's also takes ``"yes"`` or ``1``); in a form, ``true``/``false``."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if isinstance(data, str) and from_form(self) and data in FORM_BOOLEANS:
            return FORM_BOOLEANS[data]
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class FormBlankMixin:
    """For a field that cannot be blank or null, an empty form value is that value, and refused; DRF
    takes it for an omitted field when the field is optional."""

    def get_value(self, dictionary):
        if isinstance(dictionary, QueryDict) and dictionary.get(self.field_name) == "":
            return ""
        return super().get_value(dictionary)


class FormChoiceField(FormBlankMixin, serializers.ChoiceField):
    pass


class FormStrictCharField(FormBlankMixin, StrictCharField):
    pass


class CurrentUserAttribute:
    """A serializer field default: the requesting user's attribute (an omitted field keeps its value)."""

    requires_context = True

    def __init__(self, attribute: str):
        self.attribute = attribute

    def __call__(self, field: serializers.Field):
        return getattr(field.context["request"].user, self.attribute)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.attribute!r})"
