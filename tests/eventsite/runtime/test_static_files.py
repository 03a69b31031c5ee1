"""Static files (admin, browsable API, Swagger UI, ReDoc) through the WhiteNoise middleware.

``eventsite.api.middleware.LazyStaticFilesMiddleware`` imports and starts WhiteNoise on the first
request for a static file, not at start-up (a Lambda cold start then skips it).
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.test import Client, RequestFactory

from eventsite.api.middleware import LazyStaticFilesMiddleware

CSS = b"body { color: #123456; }\n"


@pytest.fixture
def static_root(settings, tmp_path):
    settings.STATIC_ROOT = str(tmp_path)
    return tmp_path


def collect(static_root, name: str = "app.css") -> str:
    (static_root / name).write_bytes(CSS)
    return f"/static/{name}"


@pytest.mark.django_db
def test_a_started_app_indexes_static_files_only_when_one_is_asked_for(static_root):
    client = Client()
    assert client.get("/health").status_code == 200

    # Collected after the app started: an index built at start-up would not know it.
    response = client.get(collect(static_root))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == CSS
    assert response["Content-Type"].startswith("text/css")


def test_an_unknown_static_path_is_a_404(static_root):
    collect(static_root)

    assert Client().get("/static/missing.css").status_code == 404


def test_concurrent_first_requests_all_find_the_file(static_root):
    paths = [collect(static_root, f"file{number}.css") for number in range(20)]
    middleware = LazyStaticFilesMiddleware(lambda request: pytest.fail(f"{request.path} fell through"))
    requests = [RequestFactory().get(path) for path in paths * 4]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(lambda request: middleware(request).status_code, requests))

    assert statuses == [200] * len(requests)


@pytest.mark.parametrize(
    ("static_url", "script_name"),
    [
        ("static/", None),
        ("/assets/", None),
        ("https://cdn.example.com/static/", None),
        ("/dev/static/", "/dev"),
        ("/dev/static/", "/"),
        ("/", None),
    ],
)
def test_the_static_prefix_is_the_one_whitenoise_serves_under(settings, static_root, static_url, script_name):
    from whitenoise.middleware import WhiteNoiseMiddleware

    settings.STATIC_URL = static_url
    settings.FORCE_SCRIPT_NAME = script_name

    assert LazyStaticFilesMiddleware(None).static_prefix == WhiteNoiseMiddleware(None).static_prefix
