"""What ``make package`` puts in the Lambda zip, and what it leaves out."""

from __future__ import annotations

import importlib.util
import json
import re
import zipfile
from collections import Counter

import pytest

from .lambda_runtime import ZIP_BUDGET, MiB, api_event

pytestmark = pytest.mark.slow

# Provided by the Lambda runtime, or only needed to build, test or deploy.
MUST_NOT_SHIP = (
    "boto3/",
    "botocore/",
    "s3transfer/",
    "dateutil/",
    "pytest/",
    "_pytest/",
    "pytest_django/",
    "factory/",
    "faker/",
    "ruff/",
    "importlinter/",
    "grimp/",
    "moto/",
    "troposphere/",
    "pip/",
    "setuptools/",
    "tests/",
    "bench/",
    "scripts/",
    "_yaml/",
    "eventsite/lambda_build/",
    # drf-spectacular's schema validation and django-csp's system checks, never on Lambda.
    "jsonschema/",
    "jsonschema_specifications/",
    "referencing/",
    "rpds/",
    "attr/",
    "attrs/",
    "packaging/",
    # The SQL backends whose drivers are not installed.
    "django/contrib/postgres/",
    "django/db/backends/postgresql/",
    "django/db/backends/mysql/",
    "django/db/backends/oracle/",
)
# Top-level entries the traced flows (SQLite, the local-memory cache) do not import, and why
# they ship. Every other entry must show up in the trace.
IMPORTED_ON_OTHER_PATHS = {
    "pymongo": "MongoDB (DATABASE_URL=mongodb://...)",
    "bson": "MongoDB",
    "gridfs": "MongoDB",
    "dns": "MongoDB (mongodb+srv:// lookups)",
    "django_mongodb_backend": "MongoDB",
    "redis": "Redis (CACHE_URL=redis://...)",
    "PIL": "event images, checked and resized in a task (events.images.processing)",
    "pillow.libs": "Pillow's own shared libraries (libjpeg, libpng, libwebp), loaded by PIL",
    "storages": "S3 media storage (MEDIA_STORAGE=s3)",
    "segno": "a ticket's QR code (GET /events/{eventId}/ticket?format=svg|png, the ticket emails)",
    "django_redis": "Redis",
    "manage": "python manage.py inside the unzipped package",
    "django_zappa_app": "Zappa's handler, if zappa.ext.django_zappa fails to import",
}
# Data, not modules: collected static files, bytecode of the root modules, Zappa's build
# metadata and the empty __init__.py it writes into the package root.
NOT_MODULES = ("staticfiles", "__pycache__", "package_info.json", "__init__")


@pytest.fixture(scope="module")
def archive(lambda_package):
    with zipfile.ZipFile(lambda_package) as opened:
        yield opened


def largest_entries(archive: zipfile.ZipFile, count: int = 15) -> str:
    """The top-level entries (packages, modules, static files) by zipped size."""
    sizes = Counter()
    for info in archive.infolist():
        sizes[info.filename.split("/")[0]] += info.compress_size
    return "\n".join(f"{size / MiB:8.2f} MiB  {name}" for name, size in sizes.most_common(count))


def test_package_fits_lambda_size_limits_with_room_to_spare(lambda_package, archive):
    unzipped = sum(info.file_size for info in archive.infolist())
    print(
        f"{lambda_package.name}: {lambda_package.stat().st_size / MiB:.1f} MiB zipped, "
        f"{unzipped / MiB:.1f} MiB unzipped"
    )

    assert lambda_package.stat().st_size < 40 * MiB
    assert unzipped < 150 * MiB


def test_package_stays_within_its_zip_budget(lambda_package, archive):
    size = lambda_package.stat().st_size

    assert size <= ZIP_BUDGET, (
        f"the zip is {size / MiB:.2f} MiB, over its {ZIP_BUDGET / MiB:.2f} MiB budget; "
        f"the largest entries:\n{largest_entries(archive)}"
    )


def test_static_files_ship_once_under_their_hashed_names_without_source_maps(archive):
    static = {n.removeprefix("staticfiles/") for n in archive.namelist() if n.startswith("staticfiles/")}
    manifest = json.loads(archive.read("staticfiles/staticfiles.json"))["paths"]

    assert static - {"staticfiles.json"} == {name for name in manifest.values() if not name.endswith(".map")}
    assert "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in manifest
    assert "drf_spectacular_sidecar/redoc/bundles/redoc.standalone.js" in manifest
    assert not [name for name in static if name.endswith((".gz", ".br", ".map"))]


def test_only_the_locales_of_the_languages_setting_ship(archive):
    locales = {match.group(1) for n in archive.namelist() if (match := re.search(r"/locale/([^/]+)/", n))}

    # LANGUAGE_CODE "en-us" reads en_US first, then en.
    assert locales == {"en", "en_US"}
    assert "django/conf/locale/en/LC_MESSAGES/django.mo" in archive.namelist()


def test_libraries_ship_as_sourceless_bytecode_compiled_in_place(archive):
    names = set(archive.namelist())

    assert {"django/__init__.pyc", "rest_framework/views.pyc", "zappa/handler.pyc"} <= names
    assert not [n for n in names if n.endswith(".py") and n.split("/")[0] in ("django", "rest_framework")]
    header = archive.read("django/__init__.pyc")[:4]
    assert header == importlib.util.MAGIC_NUMBER


def traced_top_level_modules(lambda_app, tmp_path) -> set[str]:
    """What the handler imports serving the API, the admin, the browsable API and the docs."""
    registered = lambda_app.invoke(
        api_event(
            "POST",
            "/users/register",
            {"name": "T", "email": "trace@example.com", "password": "s3cure-Passw0rd!"},
        )
    )
    token = json.loads(registered["body"])["token"]
    created = lambda_app.invoke(
        api_event("POST", "/events/create", {"title": "Traced", "date": "2030-05-01T10:00:00Z"}, token=token)
    )
    event_id = json.loads(created["body"])["event"]["eventId"]
    for path, accept in (
        ("/events/all", "application/json"),
        (f"/events/{event_id}/ics", "text/calendar"),
        ("/admin/login/", "text/html"),
        ("/", "text/html"),
        ("/schema", "application/vnd.oai.openapi"),
        ("/docs", "text/html"),
        ("/redoc", "text/html"),
        ("/static/admin/css/missing.css", "text/css"),
    ):
        answer = lambda_app.invoke(api_event("GET", path, token=token, headers={"Accept": accept}))
        assert answer["statusCode"] in (200, 404), (path, answer)
    return {name.split(".")[0] for name in lambda_app.loaded_modules(tmp_path / "modules.json")}


def test_every_top_level_entry_is_imported_by_the_handler_or_named_for_its_path(
    lambda_app, archive, tmp_path
):
    imported = traced_top_level_modules(lambda_app, tmp_path)
    shipped = {
        re.sub(r"(\.cpython-[^.]+|\.abi3)?\.(pyc?|so)$", "", name.split("/")[0])
        for name in archive.namelist()
        if not name.split("/")[0].endswith(".dist-info")
    } - set(NOT_MODULES)

    assert shipped - imported - set(IMPORTED_ON_OTHER_PATHS) == set(), largest_entries(archive)
    assert set(IMPORTED_ON_OTHER_PATHS) <= shipped


def test_package_holds_the_app_zappa_handler_and_collected_static_files(archive):
    names = set(archive.namelist())

    assert {
        "handler.py",
        "zappa_settings.py",
        "manage.py",
        "eventsite/settings.py",
        "eventsite/api/models.py",
        "eventsite/conf/database.py",
        "eventsite/runtime/mongo_migrations/auth/0013_plain_lookup_indexes.py",
        "events/models.py",
        "legacy/importer.py",
        "legacy/management/commands/import_legacy.py",
    } <= names
    assert "staticfiles/staticfiles.json" in names
    assert any(name.startswith("staticfiles/admin/css/base.") for name in names)
    assert any(name.startswith("zappa/") for name in names)


def test_package_leaves_out_runtime_provided_libraries_dev_tools_tests_and_local_files(archive):
    names = archive.namelist()

    shipped = sorted({prefix for prefix in MUST_NOT_SHIP for name in names if name.startswith(prefix)})
    assert shipped == []
    assert not [
        n for n in names if n.endswith((".sqlite3", ".log")) or n.startswith((".venv", ".git", "dist/"))
    ]
    local_caches = (".ruff_cache", ".import_linter_cache")
    assert not [n for n in names if "/.pytest_cache/" in n or n.startswith(local_caches)]


def test_every_module_ships_unchecked_hash_bytecode_for_this_python(archive):
    names = set(archive.namelist())
    sources = [name for name in names if name.endswith(".py")]
    missing = [s for s in sources if importlib.util.cache_from_source(s) not in names]
    assert missing == []

    header = archive.read(importlib.util.cache_from_source("eventsite/settings.py"))[:8]
    assert header[:4] == importlib.util.MAGIC_NUMBER
    # PEP 552 flags: bit 0 = hash-based, bit 1 = check the source. Unchecked-hash is 0b01.
    assert int.from_bytes(header[4:8], "little") == 0b01
