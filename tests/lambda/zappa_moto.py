"""Run the real Zappa CLI against moto, bridging one emulator gap (test harness only).

moto has no ListFunctionUrlConfigs route, so ``zappa update`` - which, with function URLs
off, lists and removes any left over - ends with a 404 there. On AWS that list is empty for
this project; here the 404 from that one operation is read as "no function URLs". Every other
call, and every other error, goes to moto unchanged.
"""

import sys

from botocore.exceptions import ClientError
from zappa import cli, core

original_delete_lambda_function_url = core.Zappa.delete_lambda_function_url


def delete_lambda_function_url(self, function_arn):
    try:
        return original_delete_lambda_function_url(self, function_arn)
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if exc.operation_name == "ListFunctionUrlConfigs" and status == 404:
            return None
        raise


core.Zappa.delete_lambda_function_url = delete_lambda_function_url

if __name__ == "__main__":
    sys.exit(cli.handle())
