"""Splitter: stream a bulk file into chunks of CHUNK_SIZE lines and record the job.

The job item is the idempotency record of an S3 notification (delivered at least once,
async invoke retried twice): SPLITTING means "the chunk messages may not all be out yet,
so redo everything" (chunk keys are deterministic and workers count each index once);
SPLIT or later means there is nothing left to do.
"""

from __future__ import annotations

import codecs
import gzip
import re
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import PurePosixPath
from typing import Any, cast

import orjson

from newsflow_aggregate.logic.model import (
    BulkObject,
    ChunkLine,
    ChunkTask,
    Job,
    JobStatus,
    chunk_key,
    job_id_for,
)
from newsflow_aggregate.ports import (
    AggregateTrigger,
    BulkSource,
    ByteStream,
    ChunkQueue,
    DataStore,
    JobRepository,
)
from newsflow_core.errors import PermanentError
from newsflow_core.observability import logger

# Large enough to keep S3 GETs few, small enough that memory stays flat on any file size.
_READ_SIZE = 1024 * 1024
_DATE_IN_NAME = re.compile(r"(\d{4}-\d{2}-\d{2})")
# An article body is capped at 100,000 characters; a "line" 40x that is not an article but a
# file without newlines, which would otherwise be buffered whole.
MAX_LINE_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SplitOutcome:
    job_id: str
    action: str  # "split", "already_split", "failed", "ignored"
    chunks: int = 0
    lines: int = 0
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "action": self.action,
            "chunks": self.chunks,
            "lines": self.lines,
            "reason": self.reason,
        }


def digest_date_for(obj: BulkObject) -> str:
    """The day a digest is filed under: the date in the file name (vendors name nightly
    files by the day they cover), else the day the file arrived."""
    for found in _DATE_IN_NAME.findall(PurePosixPath(obj.key).name):
        try:
            return date.fromisoformat(found).isoformat()
        except ValueError:
            continue
    try:
        arrived = datetime.fromisoformat(obj.event_time.replace("Z", "+00:00"))
    except ValueError:
        arrived = datetime.now(UTC)
    return arrived.astimezone(UTC).date().isoformat()


def _decompressed(stream: ByteStream, key: str) -> ByteStream:
    name = key.lower()
    if name.endswith(".jsonl.gz"):
        # GzipFile inflates as it is read: the file is never held whole, compressed or not.
        # Its stub asks for seek(), which it only uses to rewind; reading forward needs read().
        return gzip.GzipFile(fileobj=cast(Any, stream), mode="rb")
    if name.endswith(".jsonl"):
        return stream
    raise PermanentError("unsupported_format", f"{key}: expected .jsonl or .jsonl.gz")


def numbered_lines(stream: ByteStream, key: str) -> Iterator[ChunkLine]:
    """The file's non-blank lines as bytes, with their 1-based line numbers in the file.

    Blank lines carry no article, so they are skipped (the usual JSON Lines reading) but
    still counted, so every later line keeps the number an editor would show.
    """
    reader = _decompressed(stream, key)
    number = 0
    pending = b""
    try:
        while block := reader.read(_READ_SIZE):
            if number == 0 and not pending:
                # A byte order mark from a Windows export is not part of line 1's JSON.
                block = block.removeprefix(codecs.BOM_UTF8)
            pending += block
            *complete, pending = pending.split(b"\n")
            if len(pending) > MAX_LINE_BYTES:
                raise PermanentError("line_too_long", f"{key}: line {number + len(complete) + 1}")
            for raw in complete:
                number += 1
                if raw.strip():
                    yield ChunkLine(line=number, raw=raw.removesuffix(b"\r"))
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise PermanentError("invalid_gzip", f"{key}: {exc}") from exc
    finally:
        reader.close()
        stream.close()
    if pending.strip():
        yield ChunkLine(line=number + 1, raw=pending.removesuffix(b"\r"))


def _chunk_body(lines: Sequence[ChunkLine]) -> bytes:
    return b"".join(orjson.dumps(line.to_dict()) + b"\n" for line in lines)


class Splitter:
    def __init__(
        self,
        *,
        source: BulkSource,
        store: DataStore,
        jobs: JobRepository,
        chunk_queue: ChunkQueue,
        aggregate: AggregateTrigger,
        chunk_size: int,
    ) -> None:
        self._source = source
        self._store = store
        self._jobs = jobs
        self._chunk_queue = chunk_queue
        self._aggregate = aggregate
        self._chunk_size = chunk_size

    def split_all(self, objects: Sequence[BulkObject]) -> list[SplitOutcome]:
        return [self.split(obj) for obj in objects]

    def split(self, obj: BulkObject) -> SplitOutcome:
        job_id = job_id_for(obj.bucket, obj.key, obj.etag)
        if obj.key.endswith("/"):
            # A console "create folder" under bulk/ is a zero-byte key, not a file.
            return SplitOutcome(job_id=job_id, action="ignored", reason="folder_marker")
        job = self._jobs.create(self._new_job(job_id, obj))
        if job.status is not JobStatus.SPLITTING:
            logger.info("bulk file already split", job_id=job_id, status=job.status)
            return SplitOutcome(job_id=job_id, action="already_split")
        try:
            total_chunks, lines = self._write_chunks(job, obj)
        except PermanentError as exc:
            # Retrying a malformed file cannot help: the job item is its durable record.
            logger.error("bulk file rejected", job_id=job_id, reason=exc.reason, key=obj.key)
            self._jobs.fail(job_id, exc.reason, exc.detail, lease_owner=None)
            return SplitOutcome(job_id=job_id, action="failed", reason=exc.reason)
        # Totals go on the item BEFORE any message, so a worker always knows when it is last.
        if not self._jobs.record_totals(job_id, total_chunks, lines):
            return SplitOutcome(job_id=job_id, action="already_split")
        self._chunk_queue.send([ChunkTask(job_id=job_id, index=i) for i in range(total_chunks)])
        split = self._jobs.mark_split(job_id)
        if split is None:
            return SplitOutcome(job_id=job_id, action="already_split")
        # Whichever write completes the job asks for aggregation: the last chunk's ADD, or
        # this one when the chunks finished before we got here (or there were none).
        if split.all_chunks_done:
            self._aggregate.request(job_id)
        return SplitOutcome(job_id=job_id, action="split", chunks=total_chunks, lines=lines)

    def _new_job(self, job_id: str, obj: BulkObject) -> Job:
        return Job(
            job_id=job_id,
            status=JobStatus.SPLITTING,
            source_bucket=obj.bucket,
            source_key=obj.key,
            source_etag=obj.etag.strip('"'),
            digest_date=digest_date_for(obj),
            chunk_size=self._chunk_size,
        )

    def _write_chunks(self, job: Job, obj: BulkObject) -> tuple[int, int]:
        # The job's own chunk size, not today's setting: a retry after a redeploy must cut
        # the same chunks, or counted indexes would cover different lines.
        size = job.chunk_size
        chunks = lines = 0
        buffer: list[ChunkLine] = []
        for line in numbered_lines(self._source.open(obj), obj.key):
            buffer.append(line)
            if len(buffer) == size:
                self._put_chunk(job.job_id, chunks, buffer)
                chunks, lines, buffer = chunks + 1, lines + len(buffer), []
        if buffer:
            self._put_chunk(job.job_id, chunks, buffer)
            chunks, lines = chunks + 1, lines + len(buffer)
        return chunks, lines

    def _put_chunk(self, job_id: str, index: int, lines: Sequence[ChunkLine]) -> None:
        self._store.put(chunk_key(job_id, index), _chunk_body(lines), "application/x-ndjson")
