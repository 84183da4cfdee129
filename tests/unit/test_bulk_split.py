"""Splitter: streaming, chunking with original line numbers, idempotent redelivery."""

from __future__ import annotations

import gzip
from typing import Any

import pytest

from newsflow_aggregate.logic import split as split_module
from newsflow_aggregate.logic.model import (
    BulkObject,
    ChunkLine,
    ChunkTask,
    JobStatus,
    chunk_key,
    job_id_for,
)
from newsflow_aggregate.logic.split import Splitter, digest_date_for
from tests.unit.test_bulk_fakes import (
    BUCKET,
    FakeAggregateTrigger,
    FakeBulkSource,
    FakeChunkQueue,
    FakeDataStore,
    FakeJobRepository,
    article_line,
    jsonl,
)


class World:
    def __init__(self, chunk_size: int = 3) -> None:
        self.log: list[str] = []
        self.source = FakeBulkSource(self.log)
        self.store = FakeDataStore(self.log)
        self.jobs = FakeJobRepository()
        self.queue = FakeChunkQueue()
        self.trigger = FakeAggregateTrigger()
        self.splitter = self.with_chunk_size(chunk_size)

    def with_chunk_size(self, chunk_size: int) -> Splitter:
        return Splitter(
            source=self.source,
            store=self.store,
            jobs=self.jobs,
            chunk_queue=self.queue,
            aggregate=self.trigger,
            chunk_size=chunk_size,
        )

    def chunk(self, job_id: str, index: int) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = self.store.jsonl(chunk_key(job_id, index))
        return rows

    def chunk_lines(self, job_id: str, index: int) -> list[ChunkLine]:
        return [ChunkLine.from_dict(row) for row in self.chunk(job_id, index)]


def _lines(count: int) -> list[bytes]:
    return [article_line(n) for n in range(1, count + 1)]


def test_plain_file_is_cut_into_chunks_of_chunk_size_carrying_original_line_numbers() -> None:
    world = World(chunk_size=3)
    obj = world.source.add("bulk/vendor-2026-11-22.jsonl", jsonl(_lines(7)))

    outcome = world.splitter.split(obj)

    assert (outcome.action, outcome.chunks, outcome.lines) == ("split", 3, 7)
    assert [row["line"] for row in world.chunk(outcome.job_id, 0)] == [1, 2, 3]
    assert [row["line"] for row in world.chunk(outcome.job_id, 2)] == [7]
    assert world.chunk_lines(outcome.job_id, 1)[0].raw == article_line(4)
    assert world.queue.sent == [ChunkTask(outcome.job_id, i) for i in range(3)]
    job = world.jobs.get(outcome.job_id)
    assert job is not None and job.status is JobStatus.SPLIT
    assert (job.total_chunks, job.lines, job.chunk_size) == (3, 7, 3)
    assert world.trigger.requested == []


def test_gzip_file_yields_exactly_the_chunks_of_the_plain_file() -> None:
    world = World(chunk_size=4)
    data = jsonl(_lines(10))
    plain = world.splitter.split(world.source.add("bulk/a-2026-11-22.jsonl", data))
    zipped = world.splitter.split(
        world.source.add("bulk/a-2026-11-22.jsonl.gz", gzip.compress(data, mtime=0))
    )

    assert (zipped.chunks, zipped.lines) == (plain.chunks, plain.lines) == (3, 10)
    for index in range(3):
        assert world.chunk(zipped.job_id, index) == world.chunk(plain.job_id, index)


def test_multi_member_gzip_is_read_to_the_end() -> None:
    world = World(chunk_size=50)
    lines = _lines(6)
    data = gzip.compress(jsonl(lines[:3]), mtime=0) + gzip.compress(jsonl(lines[3:]), mtime=0)

    outcome = world.splitter.split(world.source.add("bulk/b.jsonl.gz", data))

    assert outcome.lines == 6


def test_file_is_streamed_chunk_by_chunk_never_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(split_module, "_READ_SIZE", 512)
    world = World(chunk_size=2)
    data = jsonl(_lines(40))
    obj = world.source.add("bulk/big.jsonl", data)

    outcome = world.splitter.split(obj)

    assert outcome.chunks == 20
    assert world.source.opened[0].max_read == 512 < len(data)
    first_put = world.log.index(f"put {chunk_key(outcome.job_id, 0)}")
    assert "read" in world.log[first_put:], "chunks must be written while the file is read"


def test_line_that_is_not_utf8_is_carried_byte_for_byte_with_its_number() -> None:
    world = World(chunk_size=10)
    bad = b'{"headline": "caf\xe9 \xff"}'
    obj = world.source.add("bulk/c.jsonl", jsonl([article_line(1), bad, article_line(3)]))

    outcome = world.splitter.split(obj)

    carried = world.chunk_lines(outcome.job_id, 0)
    assert [c.line for c in carried] == [1, 2, 3]
    assert carried[1].raw == bad
    assert "raw_b64" in world.chunk(outcome.job_id, 0)[1]


def test_blank_lines_are_skipped_but_later_lines_keep_their_file_line_numbers() -> None:
    world = World(chunk_size=10)
    data = article_line(1) + b"\r\n\n   \n" + article_line(4) + b"\r\n" + article_line(5)

    outcome = world.splitter.split(world.source.add("bulk/d.jsonl", data))

    carried = world.chunk_lines(outcome.job_id, 0)
    assert [c.line for c in carried] == [1, 4, 5]
    assert [c.raw for c in carried] == [article_line(1), article_line(4), article_line(5)]
    assert outcome.lines == 3


def test_utf8_byte_order_mark_does_not_spoil_the_first_line() -> None:
    world = World(chunk_size=10)
    data = b"\xef\xbb\xbf" + jsonl([article_line(1), article_line(2)])

    outcome = world.splitter.split(world.source.add("bulk/bom.jsonl", data))

    assert world.chunk_lines(outcome.job_id, 0)[0].raw == article_line(1)


def test_empty_file_is_a_job_with_no_chunks_that_goes_straight_to_aggregation() -> None:
    world = World()

    outcome = world.splitter.split(world.source.add("bulk/empty-2026-11-22.jsonl", b"\n\n"))

    assert (outcome.action, outcome.chunks, outcome.lines) == ("split", 0, 0)
    assert world.queue.sent == []
    assert world.trigger.requested == [outcome.job_id]
    job = world.jobs.get(outcome.job_id)
    assert job is not None and job.status is JobStatus.SPLIT and job.total_chunks == 0


def test_redelivered_event_for_a_split_job_does_nothing() -> None:
    world = World()
    obj = world.source.add("bulk/e.jsonl", jsonl(_lines(5)))
    first = world.splitter.split(obj)
    puts, sent = len(world.store.puts), len(world.queue.sent)

    again = world.splitter.split(obj)

    assert again.action == "already_split" and again.job_id == first.job_id
    assert (len(world.store.puts), len(world.queue.sent)) == (puts, sent)


def test_redelivered_event_for_a_job_still_splitting_resends_every_chunk() -> None:
    world = World(chunk_size=2)
    obj = world.source.add("bulk/f.jsonl", jsonl(_lines(5)))
    world.queue.on_send = _crash
    with pytest.raises(RuntimeError):
        world.splitter.split(obj)
    job_id = job_id_for(obj.bucket, obj.key, obj.etag)
    job = world.jobs.get(job_id)
    assert job is not None and job.status is JobStatus.SPLITTING

    world.queue.on_send = lambda tasks: None
    outcome = world.splitter.split(obj)

    assert outcome.action == "split"
    assert world.queue.sent[-3:] == [ChunkTask(job_id, i) for i in range(3)]
    job = world.jobs.get(job_id)
    assert job is not None and job.status is JobStatus.SPLIT


def _crash(tasks: object) -> None:
    raise RuntimeError("lambda timed out")


def test_resend_after_a_redeploy_keeps_the_jobs_original_chunk_size() -> None:
    world = World(chunk_size=2)
    obj = world.source.add("bulk/g.jsonl", jsonl(_lines(5)))
    world.queue.on_send = _crash
    with pytest.raises(RuntimeError):
        world.splitter.split(obj)
    world.queue.on_send = lambda tasks: None

    outcome = world.with_chunk_size(50).split(obj)

    assert outcome.chunks == 3


def test_corrupt_gzip_fails_the_job_with_its_reason_and_sends_nothing() -> None:
    world = World()
    data = gzip.compress(jsonl(_lines(30)), mtime=0)[:-20]

    outcome = world.splitter.split(world.source.add("bulk/h.jsonl.gz", data))

    assert (outcome.action, outcome.reason) == ("failed", "invalid_gzip")
    job = world.jobs.get(outcome.job_id)
    assert job is not None and job.status is JobStatus.FAILED
    assert job.failure_reason == "invalid_gzip"
    assert world.queue.sent == [] and world.trigger.requested == []


@pytest.mark.parametrize(
    ("key", "data", "reason"),
    [
        ("bulk/notes.txt", b"hello\n", "unsupported_format"),
        ("bulk/gone.jsonl", None, "source_missing"),
    ],
)
def test_a_file_that_cannot_be_read_fails_its_job_with_a_reason(
    key: str, data: bytes | None, reason: str
) -> None:
    world = World()
    obj = world.source.add(key, data or b"")
    if data is None:
        del world.source.objects[(obj.bucket, obj.key)]

    outcome = world.splitter.split(obj)

    job = world.jobs.get(outcome.job_id)
    assert job is not None and job.status is JobStatus.FAILED and job.failure_reason == reason


def test_a_file_without_newlines_beyond_the_line_cap_fails_instead_of_buffering(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(split_module, "MAX_LINE_BYTES", 1000)
    monkeypatch.setattr(split_module, "_READ_SIZE", 256)
    world = World()

    outcome = world.splitter.split(world.source.add("bulk/i.jsonl", b"x" * 5000))

    assert outcome.reason == "line_too_long"


def test_folder_marker_under_bulk_is_ignored() -> None:
    world = World()
    obj = BulkObject(BUCKET, "bulk/", "d41d8cd98f00b204e9800998ecf8427e", 0, "2026-11-23T00:00:00Z")

    assert world.splitter.split(obj).action == "ignored"
    assert world.jobs.rows == {}


def test_job_id_is_deterministic_per_bucket_key_and_content() -> None:
    first = job_id_for(BUCKET, "bulk/sample-2026-11-22.jsonl", "abc")
    assert first == job_id_for(BUCKET, "bulk/sample-2026-11-22.jsonl", '"abc"')
    assert first.startswith("sample-2026-11-22-")
    assert first != job_id_for(BUCKET, "bulk/sample-2026-11-22.jsonl", "abd")
    assert first != job_id_for(BUCKET, "bulk/sample-2026-11-22.jsonl.gz", "abc")
    assert job_id_for(BUCKET, "bulk/wéird name!.jsonl", "e").startswith("w-ird-name-")


@pytest.mark.parametrize(
    ("key", "event_time", "expected"),
    [
        ("bulk/reuters-2026-11-22.jsonl", "2026-11-23T02:00:00Z", "2026-11-22"),
        ("bulk/2026-13-45-then-2026-11-20.jsonl.gz", "2026-11-23T02:00:00Z", "2026-11-20"),
        ("bulk/nightly.jsonl", "2026-11-23T23:30:00-05:00", "2026-11-24"),
    ],
)
def test_digest_date_is_the_date_in_the_file_name_else_the_arrival_day_utc(
    key: str, event_time: str, expected: str
) -> None:
    obj = BulkObject(BUCKET, key, "e", 1, event_time)
    assert digest_date_for(obj) == expected
