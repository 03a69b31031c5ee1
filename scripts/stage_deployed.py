"""Exit 0 when the Zappa stage named has its Lambda function, 3 when it has none yet.

Run with .venv-lambda's Python (``scripts/deploy_stage.sh``): Zappa resolves the function's
name and region from zappa_settings.json as its own commands do. Any other failure (no
credentials, no permission, no network) is an error, never taken for "not deployed".
"""

from __future__ import annotations

import sys

from botocore.exceptions import ClientError
from zappa.cli import ZappaCLI

NOT_DEPLOYED = 3


def main(stage: str) -> int:
    cli = ZappaCLI()
    cli.api_stage = stage
    cli.load_settings()
    try:
        cli.zappa.lambda_client.get_function(FunctionName=cli.lambda_name)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ResourceNotFoundException":
            raise
        return NOT_DEPLOYED
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
