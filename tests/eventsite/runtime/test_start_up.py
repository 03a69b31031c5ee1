"""What starting Django costs on the path of a Lambda cold start."""

from tests.helpers.fresh_process import run_in_fresh_process

# ``dataclasses`` writes and compiles the methods of each class it makes (~0.6 ms apiece here),
# which every cold start paid for the settings records; a NamedTuple costs a sixth of that.
COUNT_DATACLASSES = """
import dataclasses
made = []
process_class = dataclasses._process_class
def recording(cls, *args, **kwargs):
    made.append(f"{cls.__module__}.{cls.__qualname__}")
    return process_class(cls, *args, **kwargs)
dataclasses._process_class = recording
import django
django.setup()
from django.core.handlers.wsgi import WSGIHandler
from django.urls import resolve
WSGIHandler()
resolve("/users/me")
print(sorted(name for name in made if name.split(".")[0] in {"accounts", "events", "eventsite", "legacy"}))
"""


def test_starting_django_and_routing_a_request_makes_no_dataclass_of_the_project():
    assert run_in_fresh_process(COUNT_DATACLASSES)[-2] == "[]"
