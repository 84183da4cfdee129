"""ChunkWorkerFunction: one ChunkQueue message (BatchSize 1) -> the chunk validated and
enriched, its partial result and rejects in S3, its counts added to the job once."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_aggregate import bootstrap
from newsflow_aggregate.logic.model import ChunkTask
from newsflow_core.observability import MetricName, logger, metrics, tracer

processor = BatchProcessor(event_type=EventType.SQS)
WORKER = bootstrap.build_chunk_worker()


@tracer.capture_method
def record_handler(record: SQSRecord) -> dict[str, Any]:
    outcome = WORKER.process(ChunkTask.from_dict(record.json_body))
    if outcome.counted:
        metrics.add_metric(
            name=MetricName.BULK_LINES_ENRICHED, unit=MetricUnit.Count, value=outcome.enriched
        )
        metrics.add_metric(
            name=MetricName.BULK_LINES_REJECTED, unit=MetricUnit.Count, value=outcome.rejected
        )
    else:
        metrics.add_metric(name=MetricName.ALREADY_PROCESSED, unit=MetricUnit.Count, value=1)
    logger.info("chunk processed", **outcome.to_dict())
    return outcome.to_dict()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
