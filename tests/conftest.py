import copy

import pytest
import schemathesis
from rest_framework.test import APIClient

from tests.factories import EventFactory, StaffFactory, SuperuserFactory, UserFactory
from tests.helpers import bearer_client, merge_throttle_rates

# The Lambda package fixtures (``make package``, unzipped; the runtime's libraries), registered
# once here so tests/lambda and tests/browser share one build; the AWS emulator (moto server)
# for tests/lambda and the S3 image uploads.
pytest_plugins = [
    "tests.lambda.package_fixtures",
    "tests.helpers.moto",
    "tests.helpers.s3_media",
    "tests.helpers.static_s3",
]


@pytest.fixture(autouse=True)
def _fast_bcrypt(settings):
    """Real bcrypt, at the lowest cost, so the suite stays quick."""
    settings.BCRYPT_ROUNDS = 4


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks run in the test's thread once the write's unit of work has succeeded."""
    settings.TASKS_BACKEND = "sync"


@pytest.fixture
def task_messages(settings) -> list[dict]:
    """Task messages are kept, not run (the ``memory`` back end): the list of those sent."""
    from eventsite.tasks import backends

    settings.TASKS_BACKEND = "memory"
    kept = backends.current().sent
    kept.clear()
    return kept


@pytest.fixture(autouse=True)
def _generous_request_rates(settings):
    """The general per-user and anonymous rates stay out of the way (test_throttling lowers them)."""
    merge_throttle_rates(settings, anon="100000/min", user="100000/min")


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and cached list pages never leak from one test into another."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def media_folder(settings, tmp_path):
    """Local media storage in the test's own folder (the S3 tests replace it with the emulator's bucket)."""
    settings.MEDIA_STORAGE = "local"
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media"), "base_url": "/media/"},
        },
    }
    return tmp_path / "media"


@pytest.fixture
def no_list_cache(settings):
    """Every list request builds its page: for tests that count the page's own queries, or
    that write with factories (not the services, which retire cached pages) between requests."""
    settings.EVENT_LIST_CACHE_SECONDS = 0


@pytest.fixture(scope="session")
def mongo_server(request):
    """The executing MongoDB test server of this run (``tests.mongo_server``), or None: on
    SQLite, and on a real cluster (``MONGODB_URL``), which tests cannot steer."""
    from tests.mongo_server.plugin import mongo_server_key

    return request.config.stash.get(mongo_server_key, None)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture
def auth_client(user) -> APIClient:
    return bearer_client(user)


@pytest.fixture
def event(user):
    return EventFactory(created_by=user)


@pytest.fixture
def superuser(db):
    return SuperuserFactory()


@pytest.fixture
def admin_site_client(client, superuser):
    """Django's test client, logged in to the admin as a superuser."""
    client.force_login(superuser)
    return client


@pytest.fixture(scope="session", autouse=True)
def _database_statements_from_the_mongo_server(mongo_server):
    """``tests.helpers.database_statements`` reads this run's MongoDB test server, when there is one."""
    from tests.helpers import watch_mongo_server

    watch_mongo_server(mongo_server)
    yield
    watch_mongo_server(None)


@pytest.fixture(scope="session")
def schema(django_db_setup, django_db_blocker) -> dict:
    """The OpenAPI document (``/schema``), fetched once: tests only read it."""
    with django_db_blocker.unblock():
        response = APIClient().get("/schema", {"format": "json"})
    assert response.status_code == 200
    return response.json()


@pytest.fixture(scope="session")
def openapi(schema):
    """The same document as schemathesis reads it, to check answers against their operations."""
    return schemathesis.openapi.from_dict(copy.deepcopy(schema))
