"""AggregatorFunction: {"job_id"} from AggregateQueue (BatchSize 1) -> the daily digest
in S3, the job AGGREGATED, a DailyDigestReady event. Exactly once per job."""

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
from newsflow_aggregate.logic.model import job_id_from_message
from newsflow_core.observability import MetricName, logger, metrics, tracer

processor = BatchProcessor(event_type=EventType.SQS)
AGGREGATOR = bootstrap.build_aggregator()


@tracer.capture_method
def record_handler(record: SQSRecord) -> dict[str, Any]:
    outcome = AGGREGATOR.run(job_id_from_message(record.json_body))
    if outcome.action == "aggregated":
        metrics.add_metric(name=MetricName.BULK_JOBS_AGGREGATED, unit=MetricUnit.Count, value=1)
    elif outcome.action in {"already_aggregated", "announced"}:
        metrics.add_metric(name=MetricName.ALREADY_PROCESSED, unit=MetricUnit.Count, value=1)
    logger.info("aggregate request handled", **outcome.to_dict())
    return outcome.to_dict()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
