import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_redoc_bundle_is_served_without_its_remote_logo(client):
    response = client.get("/redoc/redoc.standalone.js")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = response.content.decode()
    assert "Redoc" in body
    assert "cdn.redoc.ly" not in body


def test_redoc_page_loads_the_local_bundle(client):
    page = client.get("/redoc").content.decode()

    assert '<script src="/redoc/redoc.standalone.js">' in page
    assert "https://" not in page


def test_favicon_redirects_to_the_static_file(client, caplog):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"] == "/static/eventsite/favicon.ico"
    assert finders.find("eventsite/favicon.ico")
    assert not [record for record in caplog.records if record.levelname in ("WARNING", "ERROR")]


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_docs_pages_refuse_options_instead_of_failing(client, path):
    response = client.options(path)

    assert response.status_code == 405
    assert client.get(path).status_code == 200
