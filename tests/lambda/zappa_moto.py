"""Run the real Zappa CLI against moto, bridging one emulator gap (test harness only).

moto has no ListFunctionUrlConfigs route, so ``zappa update`` - which, with function URLs
off, lists and removes any left over - ends with a 404 there. On AWS that list is empty for
this project; here the 404 from that one operation is read as "no function URLs". Every other
call, and every other error, goes to moto unchanged.

With ``ZAPPA_MOTO_LAMBDA_CALLS`` naming a file, every Lambda API call Zappa makes is appended
to it as one JSON line, ``{"operation": ..., "params": ...}`` (the zip bytes left out): moto
does not store some settings (SnapStart reads back ``ApplyOn: None``), so tests check what
Zappa sent. A botocore event hook on each session records the call; it changes nothing.
"""

import json
import os
import sys
from functools import partial

import botocore.session
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


def record_lambda_call(log_path, params, model, **kwargs):
    call = {"operation": model.name, "params": {k: v for k, v in params.items() if k != "ZipFile"}}
    with open(log_path, "a") as log:
        log.write(json.dumps(call, default=str) + "\n")


def record_lambda_calls_to(log_path):
    original_init = botocore.session.Session.__init__

    def init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        self.register("provide-client-params.lambda", partial(record_lambda_call, log_path))

    botocore.session.Session.__init__ = init


core.Zappa.delete_lambda_function_url = delete_lambda_function_url
if os.environ.get("ZAPPA_MOTO_LAMBDA_CALLS"):
    record_lambda_calls_to(os.environ["ZAPPA_MOTO_LAMBDA_CALLS"])

if __name__ == "__main__":
    sys.exit(cli.handle())
