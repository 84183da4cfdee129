"""Typed settings of the three bulk functions, read once at cold start.

Each function gets only the variables template.yaml gives it, hence one dataclass each:
a missing variable fails the cold start instead of the first record.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsflow_core.settings import EnvVar, require, require_int


@dataclass(frozen=True, slots=True)
class SplitterSettings:
    data_bucket: str
    jobs_table: str
    chunk_queue_url: str
    aggregate_queue_url: str  # an empty file has no chunk to trigger its aggregation
    chunk_size: int

    @classmethod
    def from_env(cls) -> SplitterSettings:
        return cls(
            data_bucket=require(EnvVar.DATA_BUCKET),
            jobs_table=require(EnvVar.JOBS_TABLE),
            chunk_queue_url=require(EnvVar.CHUNK_QUEUE_URL),
            aggregate_queue_url=require(EnvVar.AGGREGATE_QUEUE_URL),
            chunk_size=require_int(EnvVar.CHUNK_SIZE, minimum=1),
        )


@dataclass(frozen=True, slots=True)
class ChunkWorkerSettings:
    data_bucket: str
    jobs_table: str
    aggregate_queue_url: str

    @classmethod
    def from_env(cls) -> ChunkWorkerSettings:
        return cls(
            data_bucket=require(EnvVar.DATA_BUCKET),
            jobs_table=require(EnvVar.JOBS_TABLE),
            aggregate_queue_url=require(EnvVar.AGGREGATE_QUEUE_URL),
        )


@dataclass(frozen=True, slots=True)
class AggregatorSettings:
    data_bucket: str
    jobs_table: str
    event_bus_name: str

    @classmethod
    def from_env(cls) -> AggregatorSettings:
        return cls(
            data_bucket=require(EnvVar.DATA_BUCKET),
            jobs_table=require(EnvVar.JOBS_TABLE),
            event_bus_name=require(EnvVar.EVENT_BUS_NAME),
        )
