"""Powertools Logger, Tracer and Metrics, set up once per container.

Service name, namespace and log level come from the template's POWERTOOLS_* variables.
Metric names are defined here once so dashboards and alarms have one vocabulary.
"""

from __future__ import annotations

from enum import StrEnum

from aws_lambda_powertools import Logger, Metrics, Tracer

logger = Logger()
tracer = Tracer()
metrics = Metrics()


class MetricName(StrEnum):
    RECORDS_RECEIVED = "RecordsReceived"
    ARTICLES_ACCEPTED = "ArticlesAccepted"
    ARTICLES_REJECTED = "ArticlesRejected"
    DUPLICATES_DROPPED = "DuplicatesDropped"
    CLAIMS_WRITTEN = "ClaimsWritten"
    EXECUTIONS_STARTED = "ExecutionsStarted"
    ARTICLES_ENRICHED = "ArticlesEnriched"
    TICKERS_TAGGED = "TickersTagged"
    ARTICLES_PUBLISHED = "ArticlesPublished"
    FEED_ITEMS_WRITTEN = "FeedItemsWritten"
    ANALYTICS_COUNTED = "AnalyticsCounted"
    WEBHOOKS_DELIVERED = "WebhooksDelivered"
    WEBHOOKS_FAILED = "WebhooksFailed"
    ALREADY_PROCESSED = "AlreadyProcessed"
    BULK_CHUNKS_CREATED = "BulkChunksCreated"
    BULK_LINES_ENRICHED = "BulkLinesEnriched"
    BULK_LINES_REJECTED = "BulkLinesRejected"
    BULK_JOBS_AGGREGATED = "BulkJobsAggregated"
