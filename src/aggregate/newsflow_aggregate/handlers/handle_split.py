"""SplitterFunction: S3 ObjectCreated on bulk/ (async invoke, 2 retries, OnFailure
SplitterDLQ) -> chunks in S3, one ChunkQueue message per chunk, a JobsTable item."""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote_plus

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.data_classes import S3Event, event_source
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_aggregate import bootstrap
from newsflow_aggregate.logic.model import BulkObject
from newsflow_core.observability import MetricName, logger, metrics, tracer

SPLITTER = bootstrap.build_splitter()


def bulk_objects(event: S3Event) -> list[BulkObject]:
    return [
        BulkObject(
            bucket=record.s3.bucket.name,
            # Notification keys are URL-encoded ("a+b.jsonl" for "a b.jsonl").
            key=unquote_plus(record.s3.get_object.key),
            etag=record.s3.get_object.etag,
            size=record.s3.get_object.size,
            event_time=record.event_time,
            version_id=record.s3.get_object.version_id,
        )
        for record in event.records
    ]


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
@event_source(data_class=S3Event)
def lambda_handler(event: S3Event, context: LambdaContext) -> dict[str, Any]:
    outcomes = SPLITTER.split_all(bulk_objects(event))
    chunks = sum(outcome.chunks for outcome in outcomes)
    metrics.add_metric(name=MetricName.BULK_CHUNKS_CREATED, unit=MetricUnit.Count, value=chunks)
    logger.info("bulk files split", jobs=[outcome.to_dict() for outcome in outcomes])
    return {"jobs": [outcome.to_dict() for outcome in outcomes]}
