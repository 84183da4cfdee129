"""Typed settings of the two ingest functions, read from the environment at cold start."""

from __future__ import annotations

from dataclasses import dataclass

from newsflow_core.settings import EnvVar, require, require_int


@dataclass(frozen=True, slots=True)
class IngestSettings:
    data_bucket: str
    dedup_table: str
    dedup_ttl_days: int
    ingest_dlq_url: str
    enrichment_state_machine_arn: str

    @classmethod
    def from_env(cls) -> IngestSettings:
        return cls(
            data_bucket=require(EnvVar.DATA_BUCKET),
            dedup_table=require(EnvVar.DEDUP_TABLE),
            dedup_ttl_days=require_int(EnvVar.DEDUP_TTL_DAYS),
            ingest_dlq_url=require(EnvVar.INGEST_DLQ_URL),
            enrichment_state_machine_arn=require(EnvVar.ENRICHMENT_STATE_MACHINE_ARN),
        )


@dataclass(frozen=True, slots=True)
class IntakeSettings:
    news_stream_name: str
    intake_secret_arn: str

    @classmethod
    def from_env(cls) -> IntakeSettings:
        return cls(
            news_stream_name=require(EnvVar.NEWS_STREAM_NAME),
            intake_secret_arn=require(EnvVar.INTAKE_SECRET_ARN),
        )
