"""Which collected static files the zip callback ships: hashed names where there is a manifest."""

import json
import zipfile

from eventsite.lambda_build.package import MANIFEST_NAME, STATIC_DIR_NAME, add_static


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
