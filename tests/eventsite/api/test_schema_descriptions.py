"""The OpenAPI document describes every field, parameter and operation for API users."""

import re

import pytest

pytestmark = pytest.mark.django_db

METHODS = ("get", "put", "post", "patch", "delete")

# What a reader of the API reference has no use for: reStructuredText markup, Python names, the
# layers inside the project.
INTERNAL_NOTE = re.compile(
    r"``|\bselectors?\b|\bservices?\.py\b|\bserializers?\b|\bprefetch|\bqueryset\b|\bdrf\b|\bspectacular\b"
    r"|\bdef |\bself\b|\bkwargs\b|\bTODO\b",
    re.IGNORECASE,
)


def component_properties(schema: dict):
    for name, component in schema["components"]["schemas"].items():
        for prop, definition in (component.get("properties") or {}).items():
            yield f"{name}.{prop}", definition


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method in METHODS:
            if method in item:
                yield f"{method.upper()} {path}", item[method]


def parameters(schema: dict):
    for name, operation in operations(schema):
        for parameter in operation.get("parameters", []):
            yield f"{name} {parameter['in']}.{parameter['name']}", parameter


def every_description(schema: dict):
    yield "info", schema["info"].get("description", "")
    for name, definition in component_properties(schema):
        yield name, definition.get("description", "")
    for name, operation in operations(schema):
        yield name, operation.get("description", "")
    for name, parameter in parameters(schema):
        yield name, parameter.get("description", "")


def test_every_field_of_every_schema_has_a_description(schema):
    # A field that refers to another component ($ref) is described by that component's fields.
    undescribed = [
        name for name, definition in component_properties(schema) if not definition.get("description")
    ]

    assert undescribed == []


def test_every_operation_has_a_description_beside_its_summary(schema):
    undescribed = [
        name
        for name, operation in operations(schema)
        if not operation.get("description") or operation.get("description") == operation.get("summary")
    ]

    assert undescribed == []


def test_every_parameter_has_a_description(schema):
    undescribed = [name for name, parameter in parameters(schema) if not parameter.get("description")]

    assert undescribed == []


def test_no_description_carries_internal_notes(schema):
    leaks = {name: text for name, text in every_description(schema) if INTERNAL_NOTE.search(text)}

    assert leaks == {}


def test_no_two_operations_share_one_description(schema):
    seen: dict[str, str] = {}
    repeated = []
    for name, operation in operations(schema):
        text = operation.get("description", "")
        if text and text in seen:
            repeated.append((seen[text], name))
        seen.setdefault(text, name)

    assert repeated == []
