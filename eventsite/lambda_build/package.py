"""Zappa ``zip`` callback: finish the Lambda package after Zappa has built it.

Zappa calls :func:`finish_package` (see ``callbacks`` in ``zappa_settings.json``)
for ``zappa package``, ``deploy`` and ``update`` alike. It rewrites the zip with only
what Lambda serves and imports:

* the static files (admin, browsable API, Swagger UI, ReDoc), collected with
  WhiteNoise's manifest storage, under ``staticfiles/``: the hashed names the manifest
  (``staticfiles.json``) resolves to, and the manifest. No unhashed copies (templates
  link the hashed names), no source maps (browsers fetch them only for developer
  tools), no ``.gz`` copies: API Gateway compresses every answer itself (Zappa sets the
  REST API's ``minimumCompressionSize``; the measurement is in bench/README.md). A stage
  whose ``aws_environment_variables`` say ``STATIC_STORAGE=s3`` serves them from its bucket
  and CDN instead: its zip holds the manifest only, which the S3 storage reads from the
  package rather than from the bucket on each cold start;
* the locale files of ``LANGUAGE_CODE`` and ``LANGUAGES`` only;
* three pinned libraries' sources with an import moved off the start-up path
  (``LIBRARY_PATCHES``);
* bytecode for every module. Lambda's ``/var/task`` is read-only, so without it
  Python compiles every imported module on each cold start. The project's modules
  keep their sources, so that a traceback in the logs shows the project's lines, with
  bytecode in ``__pycache__`` in the *unchecked-hash* mode (loaded without comparing
  timestamps, which a zip extraction does not preserve). Libraries ship sourceless
  (their pinned versions give the lines), compiled in place (``compileall -b``:
  Python ignores ``__pycache__`` when the source is missing).

Zappa loads this file by its path, not as part of the ``eventsite`` package, so it
imports nothing from the project. It is excluded from the package itself.
"""

from __future__ import annotations

import compileall
import json
import os
import py_compile
import re
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from django.utils.translation import to_locale

PROJECT_DIR = Path(__file__).resolve().parents[2]
STATIC_DIR_NAME = "staticfiles"
MANIFEST_NAME = "staticfiles.json"
# Written by Zappa into the package root; small, and the first frames of any traceback.
ZAPPA_ENTRY_FILES = frozenset({"handler.py", "zappa_settings.py"})
# Never imported on Lambda: the SQL backends and contrib app whose drivers (psycopg, mysqlclient,
# oracledb) are not installed, PyYAML's LibYAML binding and its top-level alias ``_yaml``
# (drf-spectacular dumps with the pure-Python SafeDumper), and the install records only pip
# reads. Not django.contrib.gis: django-mongodb-backend imports it.
NEVER_IMPORTED = re.compile(
    r"^django/(contrib/postgres|db/backends/(mysql|oracle|postgresql))/"
    r"|^yaml/_yaml\.|^_yaml/|\.dist-info/RECORD$"
)
# Each of these imports loads django.test, and with it unittest, xml.dom and wsgiref: 12 ms of every
# cold start (bench/README.md), for one name the Lambda does not need then. simplejwt takes
# ``setting_changed`` from django.test.signals, which re-exports django.core.signals' (upstream
# simplejwt 3a80a38 falls back to it when django.test is missing); drf-spectacular's plumbing
# takes the request factory it builds mock requests with, only while generating the schema,
# and now imports it there. Django's AuthenticationMiddleware module imports the login views,
# and with them the auth forms, tokens and sites framework, for LoginRequiredMiddleware's redirect,
# a middleware eventsite does not use; the redirect now imports them. Each old text must occur
# once: an upgrade that changes it fails the build, to be looked at again
# (tests/lambda/test_cold_start_imports.py sees a file that moved).
LIBRARY_PATCHES: dict[str, tuple[tuple[bytes, bytes], ...]] = {
    "rest_framework_simplejwt/settings.py": (
        (
            b"from django.test.signals import setting_changed\n",
            b"from django.core.signals import setting_changed\n",
        ),
    ),
    "drf_spectacular/plumbing.py": (
        (b"from rest_framework.test import APIRequestFactory\n", b""),
        (
            b"    request = getattr(APIRequestFactory(), method.lower())(path=path)\n",
            b"    from rest_framework.test import APIRequestFactory\n\n"
            b"    request = getattr(APIRequestFactory(), method.lower())(path=path)\n",
        ),
    ),
    "django/contrib/auth/middleware.py": (
        (b"from django.contrib.auth.views import redirect_to_login\n", b""),
        (
            b"        return redirect_to_login(\n",
            b"        from django.contrib.auth.views import redirect_to_login\n\n"
            b"        return redirect_to_login(\n",
        ),
    ),
}
_LOCALE_DIR = re.compile(r"(?:^|/)locale/([^/]+)/")
LAMBDA_TASK_ROOT = "/var/task"
SETTINGS_MODULE = "eventsite.settings"
AWS_AND_SETTINGS_VARIABLES = ("DJANGO_SETTINGS_MODULE", "DJANGO_SECRETS_ARN", "AWS_LAMBDA_FUNCTION_NAME")
PRINT_LANGUAGES = (
    "import django, json; django.setup(); from django.conf import settings; "
    "print(json.dumps([settings.LANGUAGE_CODE, *(code for code, _ in settings.LANGUAGES)]))"
)


def locale_names(language_codes: Iterable[str]) -> frozenset[str]:
    """Directory names under ``locale/`` that the codes need: ``en-us`` needs ``en_US`` and ``en``."""
    return frozenset(
        name for code in language_codes for name in {to_locale(code), to_locale(code.split("-")[0])}
    )


def keeps_locale(name: str, locales: frozenset[str]) -> bool:
    match = _LOCALE_DIR.search(name)
    return match is None or match.group(1) in locales


def hashed_static_names(manifest: bytes) -> frozenset[str]:
    """What the manifest resolves to, source maps left out."""
    paths = json.loads(manifest)["paths"].values()
    return frozenset(path for path in paths if not path.endswith(".map"))


def patch_library(name: str, source: bytes) -> bytes:
    """``source`` with the ``LIBRARY_PATCHES`` of the file ``name``, each found exactly once."""
    for old, new in LIBRARY_PATCHES.get(name, ()):
        if source.count(old) != 1:
            raise SystemExit(f"eventsite: {name} no longer holds {old!r} once; review LIBRARY_PATCHES")
        source = source.replace(old, new)
    return source


def ships_source(name: str, project_tops: frozenset[str]) -> bool:
    """Whether a ``.py`` entry keeps its source (project code) or ships as bytecode only."""
    return name in ZAPPA_ENTRY_FILES or PurePosixPath(name).parts[0] in project_tops


def production_environ(**extra: str) -> dict[str, str]:
    """The settings in production mode, without AWS: what the build may read of them."""
    env = {name: value for name, value in os.environ.items() if name not in AWS_AND_SETTINGS_VARIABLES}
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="collectstatic-needs-no-real-secret",
        DJANGO_ALLOWED_HOSTS="localhost",
        **extra,
    )
    return env


def collect_static(target: Path, project_dir: Path = PROJECT_DIR) -> Path:
    """Run ``collectstatic`` in production mode into ``target``.

    A temporary folder, not ``<project>/staticfiles``: a test process serving that
    folder with WhiteNoise must not see it emptied and refilled mid-run.
    """
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--clear", "--verbosity", "0"],
        cwd=project_dir,
        # Always the package's storage: the build never uploads to a bucket.
        env=production_environ(DJANGO_STATIC_ROOT=str(target), STATIC_STORAGE="package"),
        check=True,
    )
    return target


def shipped_locales(
    project_dir: Path = PROJECT_DIR, settings_module: str = SETTINGS_MODULE
) -> frozenset[str]:
    """The locale directory names of ``LANGUAGE_CODE`` and ``LANGUAGES``, read from the settings."""
    printed = subprocess.run(
        [sys.executable, "-c", PRINT_LANGUAGES],
        cwd=project_dir,
        env=production_environ(DJANGO_SETTINGS_MODULE=settings_module),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return locale_names(json.loads(printed.splitlines()[-1]))


def write_entry(archive: zipfile.ZipFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    archive.writestr(info, data, compresslevel=9)


def add_static(archive: zipfile.ZipFile, static_root: Path, *, manifest_only: bool = False) -> int:
    """The hashed names the manifest resolves to and the manifest; without hashed names (the
    benchmark's bare app), every file as collected. ``manifest_only`` for a stage whose static
    files are on S3."""
    manifest = static_root / MANIFEST_NAME
    if manifest.exists() and manifest_only:
        names = [MANIFEST_NAME]
    elif manifest.exists():
        names = sorted({*hashed_static_names(manifest.read_bytes()), MANIFEST_NAME})
    else:
        names = sorted(p.relative_to(static_root).as_posix() for p in static_root.rglob("*") if p.is_file())
    for name in names:
        write_entry(archive, f"{STATIC_DIR_NAME}/{name}", (static_root / name).read_bytes())
    return len(names)


def add_bytecode(archive: zipfile.ZipFile, sources: dict[str, bytes], project_tops: frozenset[str]) -> int:
    """Compile the sources; the project's into ``__pycache__``, the libraries' in place."""
    count = 0
    with tempfile.TemporaryDirectory(prefix="eventsite-pyc-") as tmp:
        for legacy in (False, True):
            tree = Path(tmp) / ("libraries" if legacy else "project")
            chosen = {n: s for n, s in sources.items() if ships_source(n, project_tops) != legacy}
            for name, source in chosen.items():
                (tree / name).parent.mkdir(parents=True, exist_ok=True)
                (tree / name).write_bytes(source)
            compileall.compile_dir(
                tree,
                quiet=2,
                workers=0,
                legacy=legacy,
                stripdir=str(tree),
                prependdir=LAMBDA_TASK_ROOT,
                invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
            )
            for path in sorted(tree.rglob("*.pyc")):
                write_entry(archive, path.relative_to(tree).as_posix(), path.read_bytes())
                count += 1
    return count


def slim_zip(
    zip_path: Path,
    static_root: Path,
    locales: frozenset[str],
    project_dir: Path,
    *,
    static_on_s3: bool = False,
) -> tuple[int, int]:
    """Rewrite Zappa's zip with what Lambda serves and imports; returns (static, bytecode) counts."""
    project_tops = frozenset(path.name for path in project_dir.iterdir())
    sources: dict[str, bytes] = {}
    slimmed = zip_path.with_name(zip_path.name + ".slim")
    with zipfile.ZipFile(zip_path) as built, zipfile.ZipFile(slimmed, "w") as archive:
        for info in built.infolist():
            name = info.filename
            if info.is_dir() or NEVER_IMPORTED.search(name) or not keeps_locale(name, locales):
                continue
            data = built.read(info)
            if name.endswith(".py"):
                data = sources[name] = patch_library(name, data)
                if not ships_source(name, project_tops):
                    continue
            write_entry(archive, name, data, (info.external_attr >> 16) & 0o777 or 0o644)
        static_count = add_static(archive, static_root, manifest_only=static_on_s3)
        pyc_count = add_bytecode(archive, sources, project_tops)
    slimmed.replace(zip_path)
    return static_count, pyc_count


def static_on_s3(stage_config: dict) -> bool:
    """Whether the stage serves its static files from S3 (``STATIC_STORAGE`` in its environment)."""
    variables = stage_config.get("aws_environment_variables") or {}
    return str(variables.get("STATIC_STORAGE", "")).strip().lower() == "s3"


def finish_zip(
    zip_path: Path,
    project_dir: Path = PROJECT_DIR,
    settings_module: str = SETTINGS_MODULE,
    *,
    static_s3: bool = False,
) -> None:
    with tempfile.TemporaryDirectory(prefix="eventsite-static-") as tmp:
        static_root = collect_static(Path(tmp) / STATIC_DIR_NAME, project_dir)
        static_count, pyc_count = slim_zip(
            zip_path,
            static_root,
            shipped_locales(project_dir, settings_module),
            project_dir,
            static_on_s3=static_s3,
        )
    with zipfile.ZipFile(zip_path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    print(
        f"eventsite: added {static_count} static files and {pyc_count} bytecode files; {zip_path.name} is "
        f"{zip_path.stat().st_size / 2**20:.1f} MiB zipped, {unzipped / 2**20:.1f} MiB unzipped "
        "(Lambda limits: 50 MiB zipped, 250 MiB unzipped)"
    )


def finish_package(zappa_cli) -> None:
    """The Zappa callback: ``zappa_cli.zip_path`` is the freshly built package."""
    settings_module = zappa_cli.stage_config.get("django_settings") or SETTINGS_MODULE
    finish_zip(
        Path(zappa_cli.zip_path).resolve(),
        settings_module=settings_module,
        static_s3=static_on_s3(zappa_cli.stage_config),
    )
