"""GetFeedFunction - GET /v1/users/{user_id}/feed?limit=&cursor=, newest first."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import logger, metrics, tracer
from newsflow_fanout.bootstrap import build_get_feed
from newsflow_fanout.http_api import build_resolver

app = build_resolver()
feeds = build_get_feed()


@app.get("/v1/users/<user_id>/feed")
@tracer.capture_method
def get_feed(user_id: str) -> dict[str, Any]:
    event = app.current_event
    return feeds.page(
        user_id,
        limit=event.get_query_string_value("limit"),
        cursor=event.get_query_string_value("cursor"),
    ).to_dict()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
