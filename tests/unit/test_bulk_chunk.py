"""ChunkWorker: validation with line numbers, one enrichment call, counted once."""

from __future__ import annotations

import orjson
import pytest

from newsflow_aggregate.logic.chunk import ChunkWorker, read_chunk
from newsflow_aggregate.logic.model import (
    ChunkLine,
    ChunkTask,
    Job,
    JobStatus,
    PartialResult,
    chunk_key,
    rejects_key,
    result_key,
)
from newsflow_core.errors import PermanentError
from tests.unit.test_bulk_fakes import (
    BUCKET,
    FakeAggregateTrigger,
    FakeDataStore,
    FakeJobRepository,
    FakeLineEnricher,
    article_line,
    jsonl,
)

JOB = "sample-2026-11-22-0123456789abcdef"


class World:
    def __init__(self, total_chunks: int = 2) -> None:
        self.store = FakeDataStore()
        self.jobs = FakeJobRepository()
        self.enricher = FakeLineEnricher()
        self.trigger = FakeAggregateTrigger()
        self.worker = ChunkWorker(
            store=self.store, jobs=self.jobs, enricher=self.enricher, aggregate=self.trigger
        )
        self.jobs.put(
            Job(
                job_id=JOB,
                status=JobStatus.SPLIT,
                source_bucket=BUCKET,
                source_key="bulk/sample-2026-11-22.jsonl",
                source_etag="e",
                digest_date="2026-11-22",
                chunk_size=50,
                total_chunks=total_chunks,
                lines=0,
            )
        )

    def add_chunk(self, index: int, lines: dict[int, bytes]) -> ChunkTask:
        body = jsonl(
            [orjson.dumps(ChunkLine(n, raw).to_dict()) for n, raw in sorted(lines.items())]
        )
        self.store.put(chunk_key(JOB, index), body, "application/x-ndjson")
        return ChunkTask(JOB, index)

    def result(self, index: int) -> PartialResult:
        return PartialResult.from_dict(self.store.json(result_key(JOB, index)))


def test_valid_lines_are_enriched_in_one_batch_and_rejects_keep_their_line_numbers() -> None:
    world = World()
    task = world.add_chunk(
        1,
        {
            51: article_line(51, "Chipmaker shares surge on $NVDA guidance"),
            52: b"{not json",
            53: article_line(53, url=""),
            54: article_line(54, "Retailer plunge hits $WMT and $TGT"),
            55: b"[1, 2]",
        },
    )

    outcome = world.worker.process(task)

    assert (outcome.lines, outcome.enriched, outcome.rejected) == (5, 2, 3)
    assert world.enricher.enrich_calls == [2]
    rejects = world.store.jsonl(rejects_key(JOB, 1))
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (52, "invalid_json"),
        (53, "missing_field:url"),
        (55, "not_an_object"),
    ]
    assert all(r["detail"] for r in rejects)


def test_line_that_is_not_utf8_is_rejected_with_its_line_number() -> None:
    world = World()
    task = world.add_chunk(0, {7: article_line(7), 8: b'{"headline": "caf\xe9"}'})

    world.worker.process(task)

    rejects = world.store.jsonl(rejects_key(JOB, 0))
    assert [(r["line"], r["reason"]) for r in rejects] == [(8, "invalid_encoding")]
    assert world.result(0).enriched == 1


def test_partial_result_sums_ticker_mentions_and_sentiment_and_ranks_top_stories() -> None:
    world = World()
    task = world.add_chunk(
        0,
        {
            1: article_line(1, "Quiet day for $AAPL"),
            2: article_line(2, "$AAPL and $MSFT surge"),
            3: article_line(3, "$MSFT plunge"),
            4: b"oops",
        },
    )

    world.worker.process(task)

    result = world.result(0)
    assert (result.lines, result.enriched, result.rejected) == (4, 3, 1)
    assert result.tickers["AAPL"].mentions == 2
    assert result.tickers["AAPL"].sentiment_sum == pytest.approx(0.9)
    assert result.tickers["MSFT"].mentions == 2
    assert result.tickers["MSFT"].sentiment_sum == pytest.approx(-0.1)
    assert [s.line for s in result.top_stories] == [3, 2, 1]
    assert result.top_stories[1].tickers == ("AAPL", "MSFT")
    assert result.rejects_by_reason == {"invalid_json": 1}
    assert result.rejects_key == rejects_key(JOB, 0)


def test_chunk_without_rejects_writes_no_rejects_file() -> None:
    world = World()
    world.worker.process(world.add_chunk(0, {1: article_line(1)}))

    assert world.store.keys("bulk-rejects/") == []
    assert world.result(0).rejects_key is None


def test_redelivered_chunk_is_counted_once() -> None:
    world = World(total_chunks=3)
    task = world.add_chunk(0, {1: article_line(1), 2: b"bad"})

    first = world.worker.process(task)
    again = world.worker.process(task)

    assert first.counted and not again.counted
    job = world.jobs.get(JOB)
    assert job is not None
    assert (job.completed_chunks, job.enriched, job.rejected) == (1, 1, 1)
    assert world.jobs.done_chunks(JOB) == {"00000"}
    assert world.trigger.requested == []


def test_only_the_last_chunk_asks_for_aggregation() -> None:
    world = World(total_chunks=2)
    first = world.worker.process(world.add_chunk(1, {51: article_line(51)}))
    assert not first.job_complete and world.trigger.requested == []

    last = world.worker.process(world.add_chunk(0, {1: article_line(1)}))

    assert last.job_complete and world.trigger.requested == [JOB]


def test_redelivered_last_chunk_asks_again_in_case_the_first_ask_was_lost() -> None:
    world = World(total_chunks=1)
    task = world.add_chunk(0, {1: article_line(1)})

    world.worker.process(task)
    world.worker.process(task)

    assert world.trigger.requested == [JOB, JOB]
    job = world.jobs.get(JOB)
    assert job is not None and job.completed_chunks == 1


def test_chunk_of_an_unknown_job_is_a_permanent_error_and_counts_nothing() -> None:
    world = World()
    del world.jobs.rows[JOB]

    with pytest.raises(PermanentError) as caught:
        world.worker.process(world.add_chunk(0, {1: article_line(1)}))

    assert caught.value.reason == "job_missing"


def test_missing_or_corrupt_chunk_object_is_a_permanent_error() -> None:
    world = World()
    with pytest.raises(PermanentError) as missing:
        world.worker.process(ChunkTask(JOB, 9))
    assert missing.value.reason == "object_missing"
    with pytest.raises(PermanentError) as corrupt:
        read_chunk(b'{"line": 1, "raw_b64": "***"}\n')
    assert corrupt.value.reason == "corrupt_chunk"


@pytest.mark.parametrize(
    "body",
    [{"job_id": JOB}, {"index": 0}, {"job_id": "", "index": 0}, {"job_id": JOB, "index": -1}],
)
def test_malformed_chunk_message_is_a_permanent_error(body: dict[str, object]) -> None:
    with pytest.raises(PermanentError) as caught:
        ChunkTask.from_dict(body)
    assert caught.value.reason == "invalid_chunk_task"
