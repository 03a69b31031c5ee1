"""Upload a stage's static files to its bucket: ``make static-upload STAGE=<stage>``.

For a stage whose ``aws_environment_variables`` in ``zappa_settings.json`` say
``STATIC_STORAGE=s3``, runs ``manage.py collectstatic`` here, in production mode, with the
stage's ``STATIC_*`` variables and the operator's AWS credentials. Run it from the commit
about to be deployed, before ``zappa update``: the hashed names the zip's manifest points at
are then in the bucket before the new code links them, and the old ones stay for pages still
open.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eventsite.lambda_build.package import PROJECT_DIR, production_environ

SETTINGS_FILE = "zappa_settings.json"


def stage_config(stages: dict, stage: str) -> dict:
    """The stage's keys over those of the stage it ``extends``, as Zappa merges them."""
    if stage not in stages:
        raise SystemExit(f"eventsite: no stage {stage!r} in {SETTINGS_FILE}")
    config = stages[stage]
    parent = config.get("extends")
    return {**stage_config(stages, parent), **config} if parent else dict(config)


def static_variables(config: dict) -> dict[str, str]:
    variables = config.get("aws_environment_variables") or {}
    if str(variables.get("STATIC_STORAGE", "")).strip().lower() != "s3":
        raise SystemExit("eventsite: the stage's aws_environment_variables do not set STATIC_STORAGE=s3")
    return {name: str(value) for name, value in variables.items() if name.startswith("STATIC_")}


def upload(config: dict, *, project_dir: Path = PROJECT_DIR, **extra: str) -> None:
    """``collectstatic`` to the bucket of the stage ``config``; ``extra`` variables on top."""
    env = production_environ(**static_variables(config))
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput"],
        cwd=project_dir,
        env={**env, **extra},
        check=True,
    )


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m eventsite.lambda_build.static_upload <stage>")
    upload(stage_config(json.loads((PROJECT_DIR / SETTINGS_FILE).read_text()), sys.argv[1]))
