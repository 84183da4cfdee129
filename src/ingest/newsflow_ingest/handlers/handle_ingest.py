"""IngestFunction: Kinesis NewsStream -> validate, dedup, one claim and one enrichment run.

Not Powertools' BatchProcessor: it processes every record independently, but a Kinesis
batch must commit an ordered prefix (records after a failure are redelivered anyway) and
the batch-level claim decides which records failed after the record step. ``Ingestor``
owns that; this handler only parses the event and reports ``batchItemFailures``.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.batch.types import PartialItemFailureResponse
from aws_lambda_powertools.utilities.data_classes import KinesisStreamEvent
from aws_lambda_powertools.utilities.data_classes.kinesis_stream_event import KinesisStreamRecord
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import MetricName, logger, metrics, tracer
from newsflow_ingest.bootstrap import build_ingestor
from newsflow_ingest.logic.ingest import IngestReport, StreamRecord

INGESTOR = build_ingestor()


def stream_record(record: KinesisStreamRecord) -> StreamRecord:
    payload = record.kinesis
    return StreamRecord(
        shard_id=record.event_id.split(":", 1)[0],  # eventID is "<shardId>:<sequenceNumber>"
        sequence_number=payload.sequence_number,
        data=payload.data,
        arrived_at=payload.approximate_arrival_timestamp,
    )


def emit_metrics(report: IngestReport) -> None:
    for name, value in (
        (MetricName.RECORDS_RECEIVED, report.received),
        (MetricName.ARTICLES_ACCEPTED, report.accepted),
        (MetricName.ARTICLES_REJECTED, report.rejected),
        (MetricName.DUPLICATES_DROPPED, report.duplicates),
        (MetricName.CLAIMS_WRITTEN, 1 if report.claim else 0),
        (MetricName.EXECUTIONS_STARTED, 1 if report.claim else 0),
    ):
        metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> PartialItemFailureResponse:
    records = [stream_record(r) for r in KinesisStreamEvent(event).records]
    report = INGESTOR.ingest(records)
    emit_metrics(report)
    logger.info(
        "batch ingested",
        extra={
            "batch_id": report.batch_id,
            "failed": len(report.failed),
            "received": report.received,
        },
    )
    return {"batchItemFailures": [{"itemIdentifier": seq} for seq in report.failed]}
