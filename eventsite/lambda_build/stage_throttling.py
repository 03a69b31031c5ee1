"""API Gateway stage throttling (rate and burst), applied by the ``post`` callback (``post_deploy.py``).

Zappa 0.63 has no setting for stage throttling (``deploy_api_gateway`` patches only logging,
metrics and caching), so this applies the stage's ``apigateway_throttling`` block of
``zappa_settings.json`` — ``{"rate_limit": requests per second, "burst_limit": requests}`` —
to every method of the stage (``/*/*``), with the same ``update_stage`` call Zappa uses.
This module is excluded from the package itself.
"""


def apply_stage_throttling(cli) -> None:
    limits = cli.stage_config.get("apigateway_throttling")
    if not limits or not cli.stage_config.get("apigateway_enabled", True):
        return
    api_id = cli.zappa.get_api_id(cli.lambda_name)
    cli.zappa.apigateway_client.update_stage(
        restApiId=api_id,
        stageName=cli.api_stage,
        patchOperations=[
            {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": str(limits["rate_limit"])},
            {"op": "replace", "path": "/*/*/throttling/burstLimit", "value": str(limits["burst_limit"])},
        ],
    )
