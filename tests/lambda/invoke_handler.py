"""Stand-in for the Lambda Python runtime: feed events to Zappa's handler.

Run as ``python -I -S -B invoke_handler.py PACKAGE_DIR RUNTIME_DIR`` with the unzipped
package as the working directory. ``sys.path`` then holds only the standard library,
the package (Lambda's ``/var/task``) and the runtime's own libraries (boto3 and friends),
in Lambda's order. ``-B`` mirrors Lambda's read-only ``/var/task``: no bytecode is written.
Each stdin line is one event (JSON); each stdout line is the handler's result (JSON).
Everything the handler prints goes to stderr, as to CloudWatch.
"""

import json
import os
import sys
import time
import uuid


class LambdaContext:
    function_name = "eventsite-dev"
    function_version = "$LATEST"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:eventsite-dev"

    def __init__(self) -> None:
        self.aws_request_id = str(uuid.uuid4())
        self.deadline = time.monotonic() + 30

    def get_remaining_time_in_millis(self) -> int:
        return int((self.deadline - time.monotonic()) * 1000)


def main() -> None:
    package_dir, runtime_dir = sys.argv[1], sys.argv[2]
    sys.path[:0] = [package_dir, runtime_dir]
    results = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr

    import handler

    for line in sys.stdin:
        try:
            result = handler.lambda_handler(json.loads(line), LambdaContext())
        except Exception as exc:
            result = {"invokeError": f"{type(exc).__name__}: {exc}"}
        results.write(json.dumps(result) + "\n")
        results.flush()


if __name__ == "__main__":
    main()
