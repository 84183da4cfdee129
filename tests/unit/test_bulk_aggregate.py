"""Aggregator: exactly one digest per job, lease takeover, idempotent announcements."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import orjson
import pytest

from newsflow_aggregate.logic.aggregate import Aggregator, build_digest, render_text
from newsflow_aggregate.logic.model import (
    Job,
    JobStatus,
    PartialResult,
    Story,
    TickerStats,
    result_key,
)
from newsflow_core.errors import PermanentError, TransientError
from tests.unit.test_bulk_fakes import (
    BUCKET,
    FakeDataStore,
    FakeDigestPublisher,
    FakeJobRepository,
)

JOB = "sample-2026-11-22-0123456789abcdef"
DIGEST = f"digests/2026-11-22/{JOB}.json"


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 3, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: int) -> None:
        self.now += timedelta(seconds=seconds)


def _story(line: int, sentiment: float, *tickers: str) -> Story:
    return Story(
        line=line,
        article_id=f"id{line}",
        headline=f"Headline {line}",
        url=f"https://news.example.com/{line}",
        source="wire",
        published_at="2026-11-22T10:00:00Z",
        sentiment=sentiment,
        tickers=tickers,
    )


PARTIALS = [
    PartialResult(
        job_id=JOB,
        index=0,
        lines=3,
        enriched=2,
        rejected=1,
        tickers={"AAPL": TickerStats(2, 1.0), "MSFT": TickerStats(1, -0.5)},
        top_stories=(_story(1, 0.6, "AAPL"), _story(2, 0.4, "AAPL", "MSFT")),
        rejects_by_reason={"invalid_json": 1},
        rejects_key=f"bulk-rejects/{JOB}/00000.jsonl",
    ),
    PartialResult(
        job_id=JOB,
        index=1,
        lines=2,
        enriched=1,
        rejected=1,
        tickers={"AAPL": TickerStats(1, -0.7)},
        top_stories=(_story(5, -0.7, "AAPL"),),
        rejects_by_reason={"invalid_encoding": 1},
        rejects_key=f"bulk-rejects/{JOB}/00001.jsonl",
    ),
]


def _job(**changes: object) -> Job:
    job = Job(
        job_id=JOB,
        status=JobStatus.SPLIT,
        source_bucket=BUCKET,
        source_key="bulk/sample-2026-11-22.jsonl",
        source_etag="e",
        digest_date="2026-11-22",
        chunk_size=50,
        total_chunks=2,
        lines=5,
        completed_chunks=2,
        enriched=3,
        rejected=2,
    )
    return replace(job, **changes)  # type: ignore[arg-type]


class World:
    def __init__(self, job: Job | None = None) -> None:
        self.store = FakeDataStore()
        self.jobs = FakeJobRepository()
        self.publisher = FakeDigestPublisher()
        self.clock = Clock()
        owners = iter(f"run-{n}" for n in range(1, 100))
        self.aggregator = Aggregator(
            store=self.store,
            jobs=self.jobs,
            publisher=self.publisher,
            clock=self.clock,
            lease_seconds=180,
            new_owner=lambda: next(owners),
        )
        self.jobs.put(job or _job(), done=range(2))
        for partial in PARTIALS:
            self.store.put(
                result_key(JOB, partial.index), orjson.dumps(partial.to_dict()), "application/json"
            )

    def job(self) -> Job:
        job = self.jobs.get(JOB)
        assert job is not None
        return job


def test_completed_job_gets_one_json_and_text_digest_and_one_event() -> None:
    world = World()

    outcome = world.aggregator.run(JOB)

    assert (outcome.action, outcome.digest_key) == ("aggregated", DIGEST)
    digest = world.store.json(DIGEST)
    assert digest["totals"] == {"lines": 5, "enriched": 3, "rejected": 2, "chunks": 2, "tickers": 2}
    assert digest["tickers"] == [
        {"symbol": "AAPL", "mentions": 3, "mean_sentiment": 0.1},
        {"symbol": "MSFT", "mentions": 1, "mean_sentiment": -0.5},
    ]
    assert [s["line"] for s in digest["top_stories"]] == [5, 1, 2]
    assert digest["rejects"]["by_reason"] == {"invalid_encoding": 1, "invalid_json": 1}
    assert len(digest["rejects"]["files"]) == 2
    text = world.store.objects[f"digests/2026-11-22/{JOB}.txt"].decode()
    assert "AAPL" in text and "Headline 5" in text and "invalid_json: 1" in text
    job = world.job()
    assert job.status is JobStatus.AGGREGATED and job.digest_key == DIGEST and job.announced
    assert job.lease_owner is None
    [event] = world.publisher.published
    assert event.detail() == {
        "job_id": JOB,
        "digest_key": DIGEST,
        "digest_date": "2026-11-22",
        "totals": {"lines": 5, "enriched": 3, "rejected": 2, "chunks": 2},
    }


def test_second_request_for_an_aggregated_job_is_a_no_op() -> None:
    world = World()
    world.aggregator.run(JOB)
    puts = len(world.store.puts)

    again = world.aggregator.run(JOB)

    assert again.action == "already_aggregated"
    assert len(world.store.puts) == puts and len(world.publisher.published) == 1


@pytest.mark.parametrize(
    "job",
    [
        _job(completed_chunks=1, enriched=2, rejected=1),
        _job(status=JobStatus.SPLITTING),
    ],
    ids=["chunks-missing", "still-splitting"],
)
def test_request_for_a_job_that_is_not_complete_is_a_no_op(job: Job) -> None:
    world = World(job)

    assert world.aggregator.run(JOB).action == "not_ready"
    assert world.store.keys("digests/") == [] and world.publisher.published == []
    assert world.job().lease_owner is None


def test_request_while_another_run_holds_the_lease_is_retried_later() -> None:
    world = World()
    world.jobs.claim(JOB, "other", now=int(world.clock().timestamp()), lease_until=10**12)

    with pytest.raises(TransientError):
        world.aggregator.run(JOB)
    assert world.store.keys("digests/") == []


def test_crashed_run_is_resumed_by_the_next_request_once_its_lease_expires() -> None:
    world = World()
    world.jobs.before_write = _crash_on("complete")
    with pytest.raises(RuntimeError):
        world.aggregator.run(JOB)
    world.jobs.before_write = lambda operation: None
    assert world.job().lease_owner == "run-1"

    world.clock.advance(60)
    with pytest.raises(TransientError):
        world.aggregator.run(JOB)
    world.clock.advance(200)
    outcome = world.aggregator.run(JOB)

    assert outcome.action == "aggregated"
    assert world.job().status is JobStatus.AGGREGATED
    assert len(world.publisher.published) == 1


def _crash_on(operation: str) -> object:
    def hook(name: str) -> None:
        if name == operation:
            raise RuntimeError(f"crashed before {operation}")

    return hook


def test_run_that_lost_its_lease_does_not_mark_or_announce() -> None:
    world = World()

    def steal(name: str) -> None:
        if name == "complete":
            world.jobs.before_write = lambda operation: None
            world.clock.advance(500)
            world.jobs.claim(JOB, "thief", int(world.clock().timestamp()), 10**12)

    world.jobs.before_write = steal

    assert world.aggregator.run(JOB).action == "lease_lost"
    assert world.job().status is JobStatus.SPLIT and world.publisher.published == []


def test_aggregated_job_whose_event_was_lost_is_announced_by_the_next_request() -> None:
    world = World()
    world.publisher.fail_next = True
    with pytest.raises(RuntimeError):
        world.aggregator.run(JOB)
    assert world.job().status is JobStatus.AGGREGATED and not world.job().announced

    outcome = world.aggregator.run(JOB)

    assert outcome.action == "announced" and len(world.publisher.published) == 1
    assert world.job().announced
    assert world.aggregator.run(JOB).action == "already_aggregated"


def test_counts_that_do_not_add_up_fail_the_job_with_a_reason_and_write_no_digest() -> None:
    world = World(_job(enriched=2))

    outcome = world.aggregator.run(JOB)

    assert (outcome.action, outcome.reason) == ("failed", "invariant_violated")
    job = world.job()
    assert job.status is JobStatus.FAILED and job.failure_reason == "invariant_violated"
    assert world.store.keys("digests/") == [] and world.publisher.published == []
    assert world.aggregator.run(JOB).action == "failed"


@pytest.mark.parametrize(
    "job",
    [_job(lines=6), _job(lines=6, enriched=4)],
    ids=["lines-not-enriched-plus-rejected", "job-disagrees-with-partials"],
)
def test_build_digest_raises_permanent_error_when_lines_are_not_all_accounted_for(
    job: Job,
) -> None:
    with pytest.raises(PermanentError) as caught:
        build_digest(job, PARTIALS, "2026-11-23T03:00:00+00:00")
    assert caught.value.reason == "invariant_violated"


def test_missing_partial_result_fails_the_job() -> None:
    world = World()
    del world.store.objects[result_key(JOB, 1)]

    outcome = world.aggregator.run(JOB)

    assert (outcome.action, outcome.reason) == ("failed", "object_missing")


def test_unknown_job_is_a_permanent_error() -> None:
    world = World()
    with pytest.raises(PermanentError):
        world.aggregator.run("no-such-job")


def test_job_with_no_lines_gets_an_empty_digest() -> None:
    world = World(_job(total_chunks=0, lines=0, completed_chunks=0, enriched=0, rejected=0))

    outcome = world.aggregator.run(JOB)

    assert outcome.action == "aggregated"
    digest = world.store.json(DIGEST)
    assert digest["totals"]["lines"] == 0 and digest["tickers"] == []
    assert "(none)" in render_text(digest)
