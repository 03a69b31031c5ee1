"""scripts/check_module_size.py, run as ``make lint`` runs it, on a throwaway git checkout."""

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "check_module_size.py"


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture
def checkout(tmp_path) -> Path:
    git(tmp_path, "init", "-q")
    return tmp_path


def add_module(root: Path, name: str, lines: int) -> None:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(f"x_{number} = {number}\n" for number in range(lines)))
    git(root, "add", name)


def check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(SCRIPT)], cwd=root, capture_output=True, text=True, timeout=60
    )


def test_a_module_of_301_lines_fails_the_check_naming_the_file_and_its_count(checkout):
    add_module(checkout, "app/fits.py", 300)
    add_module(checkout, "app/too_long.py", 301)

    result = check(checkout)

    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["app/too_long.py: 301 lines, over the limit of 300"]


def test_modules_of_300_lines_pass_the_check(checkout):
    add_module(checkout, "app/fits.py", 300)

    result = check(checkout)

    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_migrations_and_untracked_files_are_not_counted(checkout):
    add_module(checkout, "app/migrations/0001_initial.py", 400)
    (checkout / "scratch.py").write_text("x = 1\n" * 400)

    result = check(checkout)

    assert result.returncode == 0, result.stderr
