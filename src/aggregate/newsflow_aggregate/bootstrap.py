"""The one place the bulk stage wires concrete adapters into its domain.

Each handler module calls its builder at import time, so clients (and, for the chunk
worker, the enrichment models) are built once per container. The builders are separate
because the three functions get different environment variables and only the chunk
worker should pay for importing the enrichment core.
"""

from __future__ import annotations

from newsflow_aggregate.adapters.dynamodb_jobs import DynamoJobRepository
from newsflow_aggregate.adapters.eventbridge_digests import EventBridgeDigestPublisher
from newsflow_aggregate.adapters.s3_objects import S3BulkSource, S3DataStore
from newsflow_aggregate.adapters.sqs_queues import SqsAggregateTrigger, SqsChunkQueue
from newsflow_aggregate.logic.aggregate import Aggregator
from newsflow_aggregate.logic.chunk import ChunkWorker
from newsflow_aggregate.logic.split import Splitter
from newsflow_aggregate.settings import AggregatorSettings, ChunkWorkerSettings, SplitterSettings
from newsflow_core.adapters import aws


def build_splitter() -> Splitter:
    settings = SplitterSettings.from_env()
    s3, sqs = aws.client("s3"), aws.client("sqs")
    return Splitter(
        source=S3BulkSource(s3),
        store=S3DataStore(s3, settings.data_bucket),
        jobs=DynamoJobRepository(aws.client("dynamodb"), settings.jobs_table),
        chunk_queue=SqsChunkQueue(sqs, settings.chunk_queue_url),
        aggregate=SqsAggregateTrigger(sqs, settings.aggregate_queue_url),
        chunk_size=settings.chunk_size,
    )


def build_chunk_worker() -> ChunkWorker:
    # Imported here, not at module top: only this function loads the enrichment core
    # (ticker universe, NLP engine), the splitter and aggregator cold starts stay light.
    from newsflow_aggregate.adapters.core_enricher import CoreLineEnricher  # noqa: PLC0415
    from newsflow_core.enrichment import build_default_enricher  # noqa: PLC0415

    settings = ChunkWorkerSettings.from_env()
    return ChunkWorker(
        store=S3DataStore(aws.client("s3"), settings.data_bucket),
        jobs=DynamoJobRepository(aws.client("dynamodb"), settings.jobs_table),
        enricher=CoreLineEnricher(build_default_enricher()),
        aggregate=SqsAggregateTrigger(aws.client("sqs"), settings.aggregate_queue_url),
    )


def build_aggregator() -> Aggregator:
    settings = AggregatorSettings.from_env()
    return Aggregator(
        store=S3DataStore(aws.client("s3"), settings.data_bucket),
        jobs=DynamoJobRepository(aws.client("dynamodb"), settings.jobs_table),
        publisher=EventBridgeDigestPublisher(aws.client("events"), settings.event_bus_name),
    )
