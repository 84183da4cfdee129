"""Ports of the bulk stage. Adapters in ``newsflow_aggregate.adapters`` implement them;
unit tests pass fakes that subclass them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from newsflow_aggregate.logic.model import BulkObject, ChunkTask, Job
from newsflow_core.article import Article


class ByteStream(Protocol):
    """A readable, closable byte stream (S3 StreamingBody, BytesIO, GzipFile)."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class BulkSource(ABC):
    """Where bulk files are read from, as a stream: they can be larger than memory."""

    @abstractmethod
    def open(self, obj: BulkObject) -> ByteStream:
        """Raises PermanentError("source_missing") if the object is gone."""


class DataStore(ABC):
    """Objects in DATA_BUCKET by key: chunks, partial results, rejects, digests."""

    @abstractmethod
    def put(self, key: str, body: bytes, content_type: str) -> None: ...

    @abstractmethod
    def get(self, key: str) -> bytes:
        """Raises PermanentError("object_missing") if there is no such key."""


@dataclass(frozen=True, slots=True)
class ChunkCount:
    """The outcome of recording a chunk: ``counted`` is False for a redelivered chunk."""

    counted: bool
    job: Job


class JobRepository(ABC):
    """JobsTable. Every transition is one conditional write, so concurrent and redelivered
    invocations cannot double count or aggregate twice."""

    @abstractmethod
    def create(self, job: Job) -> Job:
        """Put ``job`` if no job has that id yet; return the stored job either way."""

    @abstractmethod
    def get(self, job_id: str) -> Job | None: ...

    @abstractmethod
    def record_totals(self, job_id: str, total_chunks: int, lines: int) -> bool:
        """Set the totals while SPLITTING; False if the job has moved on."""

    @abstractmethod
    def mark_split(self, job_id: str) -> Job | None:
        """SPLITTING -> SPLIT; the job after the update, or None if it was not SPLITTING."""

    @abstractmethod
    def record_chunk(self, job_id: str, index: int, enriched: int, rejected: int) -> ChunkCount:
        """Add a chunk's counts once per chunk index. Raises PermanentError("job_missing")."""

    @abstractmethod
    def claim(self, job_id: str, owner: str, now: int, lease_until: int) -> Job | None:
        """Take the aggregation lease: SPLIT, all chunks done, no live lease. None if not."""

    @abstractmethod
    def complete(self, job_id: str, owner: str, digest_key: str, now: int) -> Job | None:
        """SPLIT -> AGGREGATED while ``owner`` holds the lease; None if it does not."""

    @abstractmethod
    def mark_announced(self, job_id: str, now: int) -> None: ...

    @abstractmethod
    def fail(self, job_id: str, reason: str, detail: str, *, lease_owner: str | None) -> None:
        """-> FAILED with a reason: from SPLITTING (lease_owner None) or by the lease holder."""


class ChunkQueue(ABC):
    @abstractmethod
    def send(self, tasks: Sequence[ChunkTask]) -> None: ...


class AggregateTrigger(ABC):
    """Asks for a job's aggregation. The aggregator is idempotent: extra asks are harmless."""

    @abstractmethod
    def request(self, job_id: str) -> None: ...


@dataclass(frozen=True, slots=True)
class DigestAnnouncement:
    job_id: str
    digest_key: str
    digest_date: str
    totals: dict[str, int]

    def detail(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "digest_key": self.digest_key,
            "digest_date": self.digest_date,
            "totals": self.totals,
        }


class DigestPublisher(ABC):
    @abstractmethod
    def publish(self, announcement: DigestAnnouncement) -> None: ...


class LineEnricher(ABC):
    """Validation and enrichment of bulk lines: the same core as the streaming pipeline."""

    @abstractmethod
    def parse(self, raw: bytes) -> Article:
        """Raises newsflow_core.errors.ValidationError(reason, detail)."""

    @abstractmethod
    def enrich(self, articles: Sequence[Article]) -> list[Article]:
        """One batch call for the whole chunk; returns the articles in the same order."""
