"""WebhookFunction - WebhookQueue -> signed deliveries to matching subscribers."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import logger, metrics, tracer
from newsflow_fanout.bootstrap import build_webhook

processor = BatchProcessor(event_type=EventType.SQS)
webhooks = build_webhook()


@tracer.capture_method
def record_handler(record: SQSRecord) -> None:
    webhooks.consume(
        record.body,
        message_id=record.message_id,
        sent_timestamp_ms=record.attributes.sent_timestamp,
    )


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
