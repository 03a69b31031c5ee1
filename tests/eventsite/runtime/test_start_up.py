"""What starting Django costs on the path of a Lambda cold start."""

from tests.helpers.fresh_process import run_in_fresh_process

# ``dataclasses`` writes and compiles the methods of each class it makes (~0.6 ms apiece here),
# which every cold start paid for the settings records; a NamedTuple costs a sixth of that.
PROJECT_DATACLASSES_LOADED = """
import dataclasses
import sys
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.urls import resolve
WSGIHandler()
resolve("/users/me")
print(sorted(
    f"{name}.{attribute}"
    for name, module in list(sys.modules.items())
    if module is not None and name.split(".")[0] in {"accounts", "events", "eventsite", "legacy"}
    for attribute, value in vars(module).items()
    if isinstance(value, type) and dataclasses.is_dataclass(value) and value.__module__ == name
))
"""


def test_starting_django_and_routing_a_request_makes_no_dataclass_of_the_project():
    assert run_in_fresh_process(PROJECT_DATACLASSES_LOADED)[-2] == "[]"
