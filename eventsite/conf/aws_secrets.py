"""Secrets from AWS Secrets Manager or SSM Parameter Store, read once at start-up.

``DJANGO_SECRETS_ARN`` names where the secrets live:

* a Secrets Manager secret (its ARN or name, e.g. ``eventsite/dev``), or
* an SSM parameter (``arn:aws:ssm:…:parameter/eventsite/dev`` or ``ssm:/eventsite/dev``,
  a ``SecureString``).

Either holds a JSON object of environment variables, typically
``{"DJANGO_SECRET_KEY": "…", "DATABASE_URL": "mongodb+srv://…"}``. The settings module calls
:func:`fetch_from_aws_into_environ` first, before it reads any variable: once per process, i.e.
once per Lambda cold start, and a network round trip to AWS whenever a secret is named.
Variables already set in the environment win over stored ones. Values are never
logged and never appear in error messages. boto3 (provided by the Lambda runtime)
is imported only when a secret is named, to keep it out of the cold start otherwise.
"""

from __future__ import annotations

import json
import os
from collections.abc import MutableMapping

from eventsite.conf import environ as settings_environ

SOURCE_VARIABLE = "DJANGO_SECRETS_ARN"
SSM_PREFIXES = ("arn:aws:ssm:", "ssm:")


class SecretsError(Exception):
    """The named secret could not be read or is not a JSON object of strings."""


def _client_error_code(exc: Exception) -> str:
    response = getattr(exc, "response", None) or {}
    return response.get("Error", {}).get("Code") or type(exc).__name__


def read_secret_string(source: str) -> str:
    import boto3

    try:
        if source.startswith(SSM_PREFIXES):
            name = source.removeprefix("ssm:")
            response = boto3.client("ssm").get_parameter(Name=name, WithDecryption=True)
            return response["Parameter"]["Value"]
        return boto3.client("secretsmanager").get_secret_value(SecretId=source)["SecretString"]
    except Exception as exc:
        raise SecretsError(f"cannot read secrets from {source}: {_client_error_code(exc)}") from None


def parse_secret(source: str, text: str) -> dict[str, str]:
    try:
        values = json.loads(text)
    except ValueError:
        values = None
    if not isinstance(values, dict) or not all(isinstance(value, str) for value in values.values()):
        raise SecretsError(f"the secret {source} must be a JSON object of strings")
    return values


def fetch_from_aws_into_environ(environ: MutableMapping[str, str] = os.environ) -> list[str]:
    """Read the secret ``DJANGO_SECRETS_ARN`` names from AWS, over the network, and copy its
    variables into ``environ``; return the names set. With nothing named, nothing is read.

    A secret that cannot be read stops start-up with one line saying why.
    """
    source = environ.get(SOURCE_VARIABLE, "").strip()
    if not source:
        return []
    try:
        values = parse_secret(source, read_secret_string(source))
    except SecretsError as exc:
        settings_environ.fail(str(exc))
    loaded = []
    for name, value in values.items():
        if not environ.get(name):
            environ[name] = value
            loaded.append(name)
    return loaded
