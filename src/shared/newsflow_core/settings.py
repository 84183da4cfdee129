"""Environment variable names, defined once, and typed access read at cold start.

Each function builds its own frozen settings dataclass from these at import time, so a
missing variable fails the cold start loudly instead of the first record.
"""

from __future__ import annotations

import os
from enum import StrEnum


class EnvVar(StrEnum):
    STAGE = "STAGE"
    DATA_BUCKET = "DATA_BUCKET"
    NEWS_STREAM_NAME = "NEWS_STREAM_NAME"
    DEDUP_TABLE = "DEDUP_TABLE"
    DEDUP_TTL_DAYS = "DEDUP_TTL_DAYS"
    ARTICLES_TABLE = "ARTICLES_TABLE"
    FEEDS_TABLE = "FEEDS_TABLE"
    ANALYTICS_TABLE = "ANALYTICS_TABLE"
    WEBHOOKS_TABLE = "WEBHOOKS_TABLE"
    DELIVERIES_TABLE = "DELIVERIES_TABLE"
    JOBS_TABLE = "JOBS_TABLE"
    ARTICLES_TOPIC_ARN = "ARTICLES_TOPIC_ARN"
    ENRICHMENT_STATE_MACHINE_ARN = "ENRICHMENT_STATE_MACHINE_ARN"
    INGEST_DLQ_URL = "INGEST_DLQ_URL"
    CHUNK_QUEUE_URL = "CHUNK_QUEUE_URL"
    AGGREGATE_QUEUE_URL = "AGGREGATE_QUEUE_URL"
    CHUNK_SIZE = "CHUNK_SIZE"
    EVENT_BUS_NAME = "EVENT_BUS_NAME"
    INTAKE_SECRET_ARN = "INTAKE_SECRET_ARN"  # noqa: S105 - a variable name, not a secret
    WEBHOOK_TIMEOUT_SECONDS = "WEBHOOK_TIMEOUT_SECONDS"


class ConfigError(RuntimeError):
    """A required setting is missing or malformed; raised at cold start."""


def require(name: EnvVar) -> str:
    value = os.environ.get(name.value, "").strip()
    if not value:
        raise ConfigError(f"environment variable {name.value} is required but not set")
    return value


def require_int(name: EnvVar, *, minimum: int = 1) -> int:
    raw = require(name)
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name.value} must be an integer, got {raw!r}") from exc
    if value < minimum:
        raise ConfigError(f"{name.value} must be >= {minimum}, got {value}")
    return value
