"""Build the Lambda package once per session and run Zappa's handler from it."""

from __future__ import annotations

import pytest


@pytest.fixture
def aws_client(aws_env):
    import boto3

    session = boto3.session.Session(
        aws_access_key_id=aws_env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=aws_env["AWS_SECRET_ACCESS_KEY"],
        region_name=aws_env["AWS_REGION"],
    )
    return lambda service: session.client(service, endpoint_url=aws_env["AWS_ENDPOINT_URL"])
