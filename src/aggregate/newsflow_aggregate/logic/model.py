"""Values the bulk stage passes around, and the S3 key layout of a job, defined once.

A job moves SPLITTING -> SPLIT -> AGGREGATED (or FAILED with a reason). Chunk objects,
partial results and rejects live under deterministic keys so every step can be redone
after a redelivery without creating a second copy.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath
from typing import Any

from newsflow_core.errors import PermanentError

CHUNKS_PREFIX = "bulk-chunks"
RESULTS_PREFIX = "bulk-results"
REJECTS_PREFIX = "bulk-rejects"
DIGESTS_PREFIX = "digests"


class JobStatus(StrEnum):
    SPLITTING = "SPLITTING"
    SPLIT = "SPLIT"
    AGGREGATED = "AGGREGATED"
    FAILED = "FAILED"


def chunk_name(index: int) -> str:
    """The zero-padded name of a chunk: its key stem and its member of ``done_chunks``."""
    return f"{index:05d}"


def chunk_key(job_id: str, index: int) -> str:
    return f"{CHUNKS_PREFIX}/{job_id}/{chunk_name(index)}.jsonl"


def result_key(job_id: str, index: int) -> str:
    return f"{RESULTS_PREFIX}/{job_id}/{chunk_name(index)}.json"


def rejects_key(job_id: str, index: int) -> str:
    return f"{REJECTS_PREFIX}/{job_id}/{chunk_name(index)}.jsonl"


def digest_keys(digest_date: str, job_id: str) -> tuple[str, str]:
    """The JSON digest and its human-readable twin."""
    stem = f"{DIGESTS_PREFIX}/{digest_date}/{job_id}"
    return f"{stem}.json", f"{stem}.txt"


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
_SUFFIXES = (".jsonl.gz", ".jsonl")


def job_id_for(bucket: str, key: str, etag: str) -> str:
    """Deterministic, so a redelivered S3 event finds the job it already started.

    The file's stem keeps ids readable in S3 listings; the hash makes them unique per
    (bucket, key, content) - a re-upload with new content is a new job.
    """
    name = PurePosixPath(key).name
    for suffix in _SUFFIXES:
        if name.lower().endswith(suffix):
            name = name[: -len(suffix)]
            break
    stem = _UNSAFE.sub("-", name).strip("-.")[:40] or "bulk"
    digest = hashlib.sha256(f"{bucket}\n{key}\n{etag.strip('"')}".encode()).hexdigest()
    return f"{stem}-{digest[:16]}"


@dataclass(frozen=True, slots=True)
class BulkObject:
    """One bulk file announced by an S3 ObjectCreated notification."""

    bucket: str
    key: str
    etag: str
    size: int
    event_time: str  # ISO 8601, from the notification
    version_id: str | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """A JobsTable item. ``total_chunks``/``lines`` are unknown until the file is split."""

    job_id: str
    status: JobStatus
    source_bucket: str
    source_key: str
    source_etag: str
    digest_date: str  # YYYY-MM-DD the digest is filed under
    chunk_size: int
    total_chunks: int | None = None
    lines: int | None = None
    completed_chunks: int = 0
    enriched: int = 0
    rejected: int = 0
    digest_key: str | None = None
    announced: bool = False
    lease_owner: str | None = None
    lease_expires_at: int | None = None  # epoch seconds
    failure_reason: str | None = None

    @property
    def all_chunks_done(self) -> bool:
        return self.total_chunks is not None and self.completed_chunks >= self.total_chunks


@dataclass(frozen=True, slots=True)
class ChunkTask:
    """A ChunkQueue message: which chunk of which job to process."""

    job_id: str
    index: int

    def to_dict(self) -> dict[str, Any]:
        return {"job_id": self.job_id, "index": self.index}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChunkTask:
        try:
            job_id, index = data["job_id"], data["index"]
        except (KeyError, TypeError) as exc:
            raise PermanentError("invalid_chunk_task", repr(exc)) from exc
        if not isinstance(job_id, str) or not job_id or not isinstance(index, int) or index < 0:
            raise PermanentError("invalid_chunk_task", f"job_id={job_id!r} index={index!r}")
        return cls(job_id=job_id, index=index)


def job_id_from_message(data: Any) -> str:
    """An AggregateQueue message is ``{"job_id": ...}``."""
    job_id = data.get("job_id") if isinstance(data, Mapping) else None
    if not isinstance(job_id, str) or not job_id:
        raise PermanentError("invalid_aggregate_request", repr(data)[:200])
    return job_id


@dataclass(frozen=True, slots=True)
class ChunkLine:
    """One line of the bulk file with its ORIGINAL 1-based line number.

    Bytes, not text: a line that is not valid UTF-8 is carried as-is (base64 in the chunk
    object) so validation can reject it with its line number instead of losing it.
    """

    line: int
    raw: bytes

    def to_dict(self) -> dict[str, Any]:
        try:
            return {"line": self.line, "raw": self.raw.decode("utf-8")}
        except UnicodeDecodeError:
            return {"line": self.line, "raw_b64": base64.b64encode(self.raw).decode("ascii")}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ChunkLine:
        try:
            line = int(data["line"])
            if "raw_b64" in data:
                return cls(line=line, raw=base64.b64decode(data["raw_b64"], validate=True))
            return cls(line=line, raw=str(data["raw"]).encode("utf-8"))
        except (KeyError, TypeError, ValueError, binascii.Error) as exc:
            raise PermanentError("corrupt_chunk", f"{type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class LineReject:
    """A rejected line of the bulk file, as written to ``bulk-rejects/``."""

    line: int
    reason: str
    detail: str

    def to_dict(self) -> dict[str, Any]:
        return {"line": self.line, "reason": self.reason, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class Story:
    """A headline worth surfacing in the digest."""

    line: int
    article_id: str
    headline: str
    url: str
    source: str
    published_at: str
    sentiment: float
    tickers: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "line": self.line,
            "article_id": self.article_id,
            "headline": self.headline,
            "url": self.url,
            "source": self.source,
            "published_at": self.published_at,
            "sentiment": self.sentiment,
            "tickers": list(self.tickers),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Story:
        return cls(
            line=int(data["line"]),
            article_id=str(data["article_id"]),
            headline=str(data["headline"]),
            url=str(data["url"]),
            source=str(data["source"]),
            published_at=str(data["published_at"]),
            sentiment=float(data["sentiment"]),
            tickers=tuple(str(t) for t in data.get("tickers", ())),
        )


def story_rank(story: Story) -> tuple[float, int]:
    """Strongest sentiment either way first; file order breaks ties, so ranking is stable."""
    return (-abs(story.sentiment), story.line)


@dataclass(slots=True)
class TickerStats:
    mentions: int = 0
    sentiment_sum: float = 0.0

    def add(self, mentions: int, sentiment_sum: float) -> None:
        self.mentions += mentions
        self.sentiment_sum += sentiment_sum

    def to_dict(self) -> dict[str, Any]:
        return {"mentions": self.mentions, "sentiment_sum": self.sentiment_sum}


@dataclass(frozen=True, slots=True)
class PartialResult:
    """What one chunk contributed; written to ``bulk-results/<job>/<index>.json``."""

    job_id: str
    index: int
    lines: int
    enriched: int
    rejected: int
    tickers: Mapping[str, TickerStats] = field(default_factory=dict)
    top_stories: tuple[Story, ...] = ()
    rejects_by_reason: Mapping[str, int] = field(default_factory=dict)
    rejects_key: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "index": self.index,
            "lines": self.lines,
            "enriched": self.enriched,
            "rejected": self.rejected,
            "tickers": {s: t.to_dict() for s, t in sorted(self.tickers.items())},
            "top_stories": [s.to_dict() for s in self.top_stories],
            "rejects_by_reason": dict(sorted(self.rejects_by_reason.items())),
            "rejects_key": self.rejects_key,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> PartialResult:
        try:
            return cls(
                job_id=str(data["job_id"]),
                index=int(data["index"]),
                lines=int(data["lines"]),
                enriched=int(data["enriched"]),
                rejected=int(data["rejected"]),
                tickers={
                    str(s): TickerStats(int(t["mentions"]), float(t["sentiment_sum"]))
                    for s, t in data.get("tickers", {}).items()
                },
                top_stories=tuple(Story.from_dict(s) for s in data.get("top_stories", ())),
                rejects_by_reason={
                    str(r): int(n) for r, n in data.get("rejects_by_reason", {}).items()
                },
                rejects_key=data.get("rejects_key"),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise PermanentError("corrupt_partial_result", f"{type(exc).__name__}: {exc}") from exc
