"""API Gateway stage throttling and X-Ray tracing, applied by the ``post`` callback (``post_deploy.py``).

Zappa 0.63 has no setting for stage throttling (``deploy_api_gateway`` patches only logging,
metrics and caching), so this applies the stage's ``apigateway_throttling`` block of
``zappa_settings.json`` — ``{"rate_limit": requests per second, "burst_limit": requests}`` —
to every method of the stage (``/*/*``), with the same ``update_stage`` call Zappa uses.
Zappa's ``xray_tracing`` turns on active tracing of the function only; the stage's own
tracing is set here to match, so that a trace starts at API Gateway.
This module is excluded from the package itself.
"""


def apply_stage_throttling(cli) -> None:
    if not cli.stage_config.get("apigateway_enabled", True):
        return
    limits = cli.stage_config.get("apigateway_throttling")
    tracing = "true" if cli.stage_config.get("xray_tracing", False) else "false"
    operations = [{"op": "replace", "path": "/tracingEnabled", "value": tracing}]
    if limits:
        operations += [
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": str(limits["rate_limit"])},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": str(limits["burst_limit"])},
        ]
    api_id = cli.zappa.get_api_id(cli.lambda_name)
    cli.zappa.apigateway_client.update_stage(
        restApiId=api_id, stageName=cli.api_stage, patchOperations=operations
    )
