"""PutFollowsFunction - PUT /v1/users/{user_id}/follows {"tickers": [...]} replaces follows."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import logger, metrics, tracer
from newsflow_fanout.bootstrap import build_put_follows
from newsflow_fanout.http_api import build_resolver, request_body

app = build_resolver()
follows = build_put_follows()


@app.put("/v1/users/<user_id>/follows")
@tracer.capture_method
def put_follows(user_id: str) -> dict[str, Any]:
    return follows.replace(user_id, request_body(app)).to_dict()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
