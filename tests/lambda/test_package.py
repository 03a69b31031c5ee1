"""What ``make package`` puts in the Lambda zip, and what it leaves out."""

from __future__ import annotations

import importlib.util
import zipfile

import pytest

pytestmark = pytest.mark.slow

MiB = 2**20
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
    "eventsite/lambda_build/",
)


@pytest.fixture(scope="module")
def archive(lambda_package):
    with zipfile.ZipFile(lambda_package) as opened:
        yield opened


def test_package_fits_lambda_size_limits_with_room_to_spare(lambda_package, archive):
    unzipped = sum(info.file_size for info in archive.infolist())
    print(
        f"{lambda_package.name}: {lambda_package.stat().st_size / MiB:.1f} MiB zipped, "
        f"{unzipped / MiB:.1f} MiB unzipped"
    )

    assert lambda_package.stat().st_size < 40 * MiB
    assert unzipped < 150 * MiB


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
