"""IntakeApiFunction: POST /v1/articles, signed by the vendor, into NewsStream."""

from __future__ import annotations

import base64
from typing import Any

from aws_lambda_powertools.event_handler import APIGatewayHttpResolver, Response, content_types
from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import MetricName, logger, metrics, tracer
from newsflow_ingest.bootstrap import build_intake
from newsflow_ingest.logic.intake import IntakeResult, ItemStatus

INTAKE = build_intake()
app = APIGatewayHttpResolver()


def raw_body(body: str | None, is_base64_encoded: bool | None) -> bytes:
    """The bytes the vendor signed: HTTP API base64-encodes bodies it deems binary."""
    if not body:
        return b""
    return base64.b64decode(body) if is_base64_encoded else body.encode("utf-8")


def emit_metrics(result: IntakeResult) -> None:
    for name, value in (
        (MetricName.RECORDS_RECEIVED, len(result.items)),
        (MetricName.ARTICLES_ACCEPTED, result.count(ItemStatus.ACCEPTED)),
        (MetricName.ARTICLES_REJECTED, result.count(ItemStatus.REJECTED)),
    ):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


@app.post("/v1/articles")
def post_articles() -> Response[str]:
    event = app.current_event
    result = INTAKE.submit(raw_body(event.body, event.is_base64_encoded), event.headers)
    emit_metrics(result)
    return Response(
        status_code=result.status_code,
        content_type=content_types.APPLICATION_JSON,
        body=result.to_json(),
        headers=dict(result.headers),
    )


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
