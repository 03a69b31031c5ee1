"""Zappa ``zip`` callback: finish the Lambda package after Zappa has built it.

Zappa calls :func:`finish_package` (see ``callbacks`` in ``zappa_settings.json``)
for ``zappa package``, ``deploy`` and ``update`` alike, so every upload gets:

* the static files (admin, browsable API), collected with WhiteNoise's
  manifest storage, under ``staticfiles/``;
* bytecode for every module. Lambda's ``/var/task`` is read-only, so without it
  Python compiles every imported module on each cold start. The ``.pyc`` files
  use the *unchecked-hash* invalidation mode: the interpreter loads them without
  comparing timestamps, which a zip extraction does not preserve reliably.

This module is excluded from the package itself.
"""

from __future__ import annotations

import compileall
import os
import py_compile
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
STATIC_DIR_NAME = "staticfiles"
LAMBDA_TASK_ROOT = "/var/task"


def collect_static(target: Path, project_dir: Path = PROJECT_DIR) -> Path:
    """Run ``collectstatic`` in production mode into ``target``.

    A temporary folder, not ``<project>/staticfiles``: a test process serving that
    folder with WhiteNoise must not see it emptied and refilled mid-run.
    """
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "collectstatic-needs-no-real-secret",
        "DJANGO_ALLOWED_HOSTS": "localhost",
        "DJANGO_STATIC_ROOT": str(target),
    }
    for name in ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRETS_ARN", "AWS_LAMBDA_FUNCTION_NAME"):
        env.pop(name, None)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "--verbosity", "0"],
        cwd=project_dir,
        env=env,
        check=True,
    )
    return target


def add_tree(archive: zipfile.ZipFile, root: Path, prefix: str) -> int:
    count = 0
    for path in sorted(root.rglob("*")):
        if path.is_file():
            info = zipfile.ZipInfo.from_file(path, f"{prefix}/{path.relative_to(root).as_posix()}")
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, path.read_bytes())
            count += 1
    return count


def add_bytecode(zip_path: Path) -> int:
    """Compile every ``.py`` in the zip and append the ``__pycache__`` entries."""
    with tempfile.TemporaryDirectory(prefix="eventsite-pyc-") as tmp:
        tmp_dir = Path(tmp)
        with zipfile.ZipFile(zip_path) as archive:
            sources = [name for name in archive.namelist() if name.endswith(".py")]
            for name in sources:
                archive.extract(name, tmp_dir)
        compileall.compile_dir(
            tmp_dir,
            quiet=2,
            workers=0,
            stripdir=str(tmp_dir),
            prependdir=LAMBDA_TASK_ROOT,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
        with zipfile.ZipFile(zip_path, "a", zipfile.ZIP_DEFLATED) as archive:
            return sum(
                add_tree(archive, cache_dir, cache_dir.relative_to(tmp_dir).as_posix())
                for cache_dir in sorted(tmp_dir.rglob("__pycache__"))
            )


def finish_zip(zip_path: Path, project_dir: Path = PROJECT_DIR) -> None:
    with tempfile.TemporaryDirectory(prefix="eventsite-static-") as tmp:
        static_root = collect_static(Path(tmp) / STATIC_DIR_NAME, project_dir)
        with zipfile.ZipFile(zip_path, "a", zipfile.ZIP_DEFLATED) as archive:
            static_count = add_tree(archive, static_root, STATIC_DIR_NAME)
    pyc_count = add_bytecode(zip_path)
    with zipfile.ZipFile(zip_path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    print(
        f"eventsite: added {static_count} static files and {pyc_count} bytecode files; {zip_path.name} is "
        f"{zip_path.stat().st_size / 2**20:.1f} MiB zipped, {unzipped / 2**20:.1f} MiB unzipped "
        "(Lambda limits: 50 MiB zipped, 250 MiB unzipped)"
    )


def finish_package(zappa_cli) -> None:
    """The Zappa callback: ``zappa_cli.zip_path`` is the freshly built package."""
    finish_zip(Path(zappa_cli.zip_path).resolve())
