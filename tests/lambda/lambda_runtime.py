"""Run Zappa's handler from an unzipped package the way the Lambda runtime does.

Shared by the handler tests and ``bench/cold_start.py``.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Sequence
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parents[2]
LAMBDA_SITE_PACKAGES = PROJECT_DIR / ".venv-lambda" / "lib" / "python3.12" / "site-packages"
DRIVER = Path(__file__).with_name("invoke_handler.py")
# What the Lambda python3.12 runtime provides itself (and the package therefore omits).
RUNTIME_LIBRARIES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "urllib3", "six.py")
API_HOST = "abc123defg.execute-api.us-east-1.amazonaws.com"
MiB = 2**20
KiB = 2**10
# The Lambda zip's budget (tests/lambda/test_package.py, bench/cold_start.py): today's dependencies
# in 11.0 MiB (bench/README.md). A change that adds a dependency raises this by that package's
# measured size and records it there: segno, 117 KiB (issue 16); Pillow and django-storages,
# 7290 KiB (issue 17).
ZIP_BUDGET = 12 * MiB + 117 * KiB + 7290 * KiB


def build_package(output: Path) -> Path:
    """``make package`` into ``output`` (the Makefile target under test)."""
    subprocess.run(["make", "-s", "package", f"PACKAGE={output}"], cwd=PROJECT_DIR, check=True)
    return output


def make_runtime_dir(target: Path) -> Path:
    """The Lambda runtime's libraries, linked from the venv Zappa packaged from."""
    target.mkdir(parents=True, exist_ok=True)
    for name in RUNTIME_LIBRARIES:
        (target / name).symlink_to(LAMBDA_SITE_PACKAGES / name)
    return target


def lambda_environment(database_dir: Path, **extra: str) -> dict[str, str]:
    """The variables Lambda sets, plus what ``aws_environment_variables`` would."""
    return {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "LANG": "C.UTF-8",
        "TZ": ":UTC",
        "AWS_LAMBDA_FUNCTION_NAME": "eventsite-dev",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "1024",
        "AWS_REGION": "us-east-1",
        "AWS_DEFAULT_REGION": "us-east-1",
        "DJANGO_SECRET_KEY": "handler-test-secret-key-" + "x" * 40,
        "DATABASE_URL": f"sqlite:///{database_dir / 'db.sqlite3'}",
        "BCRYPT_ROUNDS": "4",
        **extra,
    }


class LambdaProcess:
    """One warm Lambda container: a clean interpreter that keeps the handler loaded.

    ``wrapper``: a command the interpreter runs under (``bench/cold_start.py``: valgrind).
    """

    def __init__(
        self,
        package_dir: Path,
        runtime_dir: Path,
        env: dict[str, str],
        log_path: Path,
        wrapper: Sequence[str] = (),
    ):
        self.log_path = log_path
        self.log = log_path.open("w")
        self.process = subprocess.Popen(
            [*wrapper, sys.executable, "-I", "-S", "-B", str(DRIVER), str(package_dir), str(runtime_dir)],
            cwd=package_dir,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            text=True,
        )

    def invoke(self, event: dict) -> dict:
        self.process.stdin.write(json.dumps(event) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise AssertionError(f"the handler process died:\n{self.log_path.read_text()[-4000:]}")
        return json.loads(line)

    def evaluate(self, imports: str, expression: str, dump: Path):
        """A JSON value computed in the handler process, by way of Zappa's ``raw_command``."""
        command = f"import json, {imports}; open({str(dump)!r}, 'w').write(json.dumps({expression}))"
        self.invoke({"raw_command": command})
        return json.loads(dump.read_text())

    def loaded_modules(self, dump: Path) -> set[str]:
        """The names in the handler process's ``sys.modules``."""
        return set(self.evaluate("sys", "list(sys.modules)", dump))

    def close(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)
        self.log.close()

    def freeze(self) -> None:
        """End it while it waits for its next event, as Lambda ends a frozen container: the
        interpreter's own exit never runs."""
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def migrate(package_dir: Path, runtime_dir: Path, env: dict[str, str], log_path: Path) -> None:
    """Zappa's ``manage`` event running ``migrate``, in a process of its own (as a deploy does)."""
    migrator = LambdaProcess(package_dir, runtime_dir, env, log_path)
    migrated = migrator.invoke({"manage": "migrate --noinput"})
    migrator.close()
    assert migrated == {}, log_path.read_text()[-4000:]


def api_event(
    method: str,
    path: str,
    body: dict | str | None = None,
    token: str | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict:
    """An API Gateway REST API (v1) proxy event for ``/{proxy+}`` on stage ``dev``."""
    all_headers = {
        "Host": API_HOST,
        "Accept": "application/json",
        "User-Agent": "pytest",
        "X-Forwarded-For": "203.0.113.7, 130.176.1.1",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    if body is not None:
        all_headers["Content-Type"] = "application/json"
    if token:
        all_headers["Authorization"] = f"Bearer {token}"
    all_headers.update(headers or {})
    if isinstance(body, dict):
        body = json.dumps(body)
    return {
        "resource": "/{proxy+}" if path != "/" else "/",
        "path": path,
        "httpMethod": method,
        "headers": all_headers,
        "multiValueHeaders": {name: [value] for name, value in all_headers.items()},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": {"proxy": path.lstrip("/")} if path != "/" else None,
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/dev{path}",
            "stage": "dev",
            "accountId": "123456789012",
            "apiId": API_HOST.split(".")[0],
            "domainName": API_HOST,
            "protocol": "HTTP/1.1",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "203.0.113.7", "userAgent": "pytest"},
        },
        "body": body,
        "isBase64Encoded": False,
    }


def body_of(response: dict) -> dict:
    assert response["headers"]["Content-Type"] == "application/json", response
    return json.loads(response["body"])


def register(app: LambdaProcess, email: str, name: str = "Ada Lovelace") -> dict:
    """``POST /users/register`` through the handler: the new user and their tokens."""
    response = app.invoke(
        api_event("POST", "/users/register", {"name": name, "email": email, "password": "s3cure-Passw0rd!"})
    )
    assert response["statusCode"] == 200, response
    return body_of(response)
