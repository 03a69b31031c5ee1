"""Which collected static files the zip callback ships: hashed names where there is a manifest,
and only the manifest for a stage whose static files are on S3."""

import json
import zipfile
from types import SimpleNamespace

import pytest

from eventsite.lambda_build.package import MANIFEST_NAME, STATIC_DIR_NAME, add_static, finish_package


def shipped(tmp_path, files: dict[str, bytes]) -> list[str]:
    root = tmp_path / "collected"
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    with zipfile.ZipFile(tmp_path / "out.zip", "w") as archive:
        add_static(archive, root)
    with zipfile.ZipFile(tmp_path / "out.zip") as archive:
        return sorted(name.removeprefix(f"{STATIC_DIR_NAME}/") for name in archive.namelist())


def test_with_a_manifest_only_the_hashed_names_and_the_manifest_ship(tmp_path):
    manifest = json.dumps({"paths": {"app.css": "app.0123abcd.css"}, "version": "1.1"}).encode()

    names = shipped(
        tmp_path, {MANIFEST_NAME: manifest, "app.css": b"a", "app.0123abcd.css": b"a", "app.css.gz": b"z"}
    )

    assert names == sorted([MANIFEST_NAME, "app.0123abcd.css"])


def test_without_a_manifest_every_collected_file_ships(tmp_path):
    names = shipped(tmp_path, {"app.css": b"a", "admin/base.css": b"b"})

    assert names == ["admin/base.css", "app.css"]


def finished(tmp_path, stage_config: dict) -> list[str]:
    """The static entries of a small zip after the Zappa callback finished it for the stage."""
    zip_path = tmp_path / "eventsite-stage.zip"
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr("eventsite/__init__.py", "")
    finish_package(SimpleNamespace(zip_path=str(zip_path), stage_config=stage_config))
    with zipfile.ZipFile(zip_path) as archive:
        return [name for name in archive.namelist() if name.startswith(f"{STATIC_DIR_NAME}/")]


@pytest.mark.slow
def test_a_stage_with_static_files_on_s3_ships_only_the_manifest(tmp_path):
    stage = {"aws_environment_variables": {"STATIC_STORAGE": "s3", "STATIC_BUCKET": "eventsite-static"}}

    assert finished(tmp_path, stage) == [f"{STATIC_DIR_NAME}/{MANIFEST_NAME}"]


@pytest.mark.slow
def test_a_stage_by_default_ships_the_static_files(tmp_path):
    names = finished(tmp_path, {"aws_environment_variables": {"DJANGO_ALLOWED_HOSTS": "api.example.com"}})

    assert f"{STATIC_DIR_NAME}/{MANIFEST_NAME}" in names
    assert any(name.startswith(f"{STATIC_DIR_NAME}/admin/css/base.") for name in names)
    assert len(names) > 100
