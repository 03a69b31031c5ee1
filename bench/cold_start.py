"""Cold start of the packaged app vs a bare Django + DRF hello app packaged the same way.

A cold start is: a fresh interpreter (``python -I -S -B`` on the unzipped package, like
Lambda) until the first response through Zappa's handler - for eventsite an authenticated
``GET /users/me``, for the baseline ``GET /hello``. Run with ``make bench``.

Beside the times, when valgrind is installed: the instructions each cold start executes until
that response (callgrind), which the machine's load does not change. The process is ended
while it waits for its next event, as Lambda freezes a container, so the interpreter's exit
is not counted: it differs between the two (``gc.freeze`` at eventsite's start-up lets its
exit skip the last collection) and is no part of a cold start.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path
from typing import NamedTuple

from bench.common import BENCH_DIR, table

sys.path.insert(0, str(BENCH_DIR.parent / "tests" / "lambda"))

from lambda_runtime import (
    LAMBDA_SITE_PACKAGES,
    PROJECT_DIR,
    ZIP_BUDGET,
    LambdaProcess,
    MiB,
    api_event,
    build_package,
    lambda_environment,
    make_runtime_dir,
)

RUNS = int(os.environ.get("BENCH_RUNS", "7"))
GOAL = 1.10  # cold start of the app vs hello
ZIP_GOAL_BYTES = ZIP_BUDGET  # the app's zip, as tests/lambda/test_package.py budgets it


class Package(NamedTuple):
    """One package's cold start: median seconds, sizes, and instructions (None: not counted)."""

    name: str
    seconds: float
    zip_bytes: int
    unzipped_bytes: int
    instructions: int | None


def package_hello_app(work: Path) -> Path:
    """Zappa-package bench/hello_app with the project's own stage settings and zip callback."""
    project = work / "hello_app"
    shutil.copytree(BENCH_DIR / "hello_app", project)
    shutil.copytree(PROJECT_DIR / "eventsite" / "lambda_build", project / "hello" / "lambda_build")
    stage = json.loads((PROJECT_DIR / "zappa_settings.json").read_text())["dev"]
    stage.update(
        project_name="hello",
        django_settings="hello.settings",
        callbacks={"zip": "hello.lambda_build.package.finish_package"},
    )
    (project / "zappa_settings.json").write_text(json.dumps({"dev": stage}))
    venv = LAMBDA_SITE_PACKAGES.parents[2]
    env = {**os.environ, "VIRTUAL_ENV": str(venv), "PATH": f"{venv / 'bin'}:{os.environ['PATH']}"}
    output = work / "hello-dev.zip"
    subprocess.run(
        [str(venv / "bin" / "zappa"), "package", "dev", "--output", str(output)],
        cwd=project,
        env=env,
        check=True,
    )
    return output


def unzip(package: Path, target: Path) -> Path:
    with zipfile.ZipFile(package) as archive:
        archive.extractall(target)
    return target


def cold_start(package_dir: Path, runtime_dir: Path, env: dict, event: dict, log: Path) -> tuple[float, int]:
    started = time.perf_counter()
    process = LambdaProcess(package_dir, runtime_dir, env, log)
    response = process.invoke(event)
    elapsed = time.perf_counter() - started
    process.close()
    return elapsed, response["statusCode"]


def measure_pair(app: tuple, hello: tuple) -> tuple[float, float]:
    """Median cold start of each, over ``RUNS`` alternating runs (a busy moment hits both)."""
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(RUNS):
        for args, bucket in zip((app, hello), times, strict=True):
            elapsed, status = cold_start(*args)
            if status != 200:
                raise SystemExit(f"bench: expected 200, got {status}; see {args[-1]}")
            bucket.append(elapsed)
    return statistics.median(times[0]), statistics.median(times[1])


def instructions(package_dir: Path, runtime_dir: Path, env: dict, event: dict, log: Path) -> int | None:
    """Instructions of one cold start until its first response (callgrind); None without valgrind."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return None
    counted = log.with_suffix(".valgrind")
    wrapper = [valgrind, "--tool=callgrind", f"--callgrind-out-file={log.with_suffix('.callgrind')}"]
    process = LambdaProcess(package_dir, runtime_dir, env, log, wrapper=[*wrapper, f"--log-file={counted}"])
    status = process.invoke(event)["statusCode"]
    process.freeze()
    collected = re.search(r"Collected : (\d+)", counted.read_text())
    if status != 200 or collected is None:
        raise SystemExit(f"bench: the counted cold start answered {status}; see {log} and {counted}")
    return int(collected.group(1))


def unzipped_size(package: Path) -> int:
    with zipfile.ZipFile(package) as archive:
        return sum(info.file_size for info in archive.infolist())


def measure_cold_starts() -> list[Package]:
    """eventsite's package, then hello's."""
    with tempfile.TemporaryDirectory(prefix="eventsite-bench-") as tmp:
        work = Path(tmp)
        runtime_dir = make_runtime_dir(work / "runtime")
        app_zip = build_package(work / "eventsite-dev.zip")
        hello_zip = package_hello_app(work)
        app_dir, hello_dir = unzip(app_zip, work / "app"), unzip(hello_zip, work / "hello")

        env = lambda_environment(work)
        setup = LambdaProcess(app_dir, runtime_dir, env, work / "setup.log")
        setup.invoke({"manage": "migrate --noinput"})
        credentials = {"name": "Bench", "email": "bench@example.com", "password": "s3cure-Passw0rd!"}
        token = json.loads(setup.invoke(api_event("POST", "/users/register", credentials))["body"])["token"]
        setup.close()

        app_run = (app_dir, runtime_dir, env, api_event("GET", "/users/me", token=token), work / "app.log")
        hello_run = (hello_dir, runtime_dir, env, api_event("GET", "/hello"), work / "hello.log")
        app, hello = measure_pair(app_run, hello_run)
        return [
            Package(
                "eventsite (authenticated GET /users/me)",
                app,
                app_zip.stat().st_size,
                unzipped_size(app_zip),
                instructions(*app_run[:-1], work / "app-counted.log"),
            ),
            Package(
                "bare Django + DRF hello (GET /hello)",
                hello,
                hello_zip.stat().st_size,
                unzipped_size(hello_zip),
                instructions(*hello_run[:-1], work / "hello-counted.log"),
            ),
        ]


def instructions_ratio(packages: list[Package]) -> float | None:
    """eventsite's instructions to its first response over hello's; None when not counted."""
    app, hello = (package.instructions for package in packages)
    return app / hello if app and hello else None


def report(packages: list[Package]) -> str:
    app, hello = packages
    sizes = table(
        ["package", "cold start", "instructions to the first response", "zip size", "unzipped"],
        [
            [
                package.name,
                f"{package.seconds * 1000:.0f} ms",
                f"{package.instructions / 1e6:,.0f} M" if package.instructions else "not counted",
                f"{package.zip_bytes / MiB:.1f} MiB",
                f"{package.unzipped_bytes / MiB:.1f} MiB",
            ]
            for package in packages
        ],
    )
    ratio = (
        f"Ratio eventsite / hello: **{app.seconds / hello.seconds:.2f}x** "
        f"(goal <= {GOAL:.2f}x; median of {RUNS} alternating runs)."
    )
    counted = instructions_ratio(packages)
    if counted is None:
        ratio += " Instructions not counted: valgrind is not installed."
    else:
        ratio += f" In instructions (callgrind, one run each, unchanged by load): **{counted:.2f}x**."
    return f"{sizes}\n\n{ratio}"


def main() -> None:
    print(report(measure_cold_starts()))


if __name__ == "__main__":
    main()
