"""CreateWebhookSubscriptionFunction - POST /v1/webhooks -> 201 with the id and secret."""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import logger, metrics, tracer
from newsflow_fanout.bootstrap import build_create_subscription
from newsflow_fanout.http_api import build_resolver, json_response, request_body

app = build_resolver()
subscriptions = build_create_subscription()


@app.post("/v1/webhooks")
@tracer.capture_method
def create_subscription() -> Response[str]:
    created = subscriptions.create(request_body(app))
    # The secret is in this one response and never logged or returned again.
    return json_response(HTTPStatus.CREATED, created.to_dict())


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
