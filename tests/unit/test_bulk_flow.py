"""The whole bulk flow on fakes: however chunks arrive, exactly one aggregation."""

from __future__ import annotations

import gzip
from collections import Counter
from collections.abc import Sequence

import pytest

from newsflow_aggregate.logic.aggregate import Aggregator
from newsflow_aggregate.logic.chunk import ChunkWorker
from newsflow_aggregate.logic.model import ChunkTask, JobStatus, digest_keys
from newsflow_aggregate.logic.split import Splitter
from tests.unit.test_bulk_fakes import (
    FakeAggregateTrigger,
    FakeBulkSource,
    FakeChunkQueue,
    FakeDataStore,
    FakeDigestPublisher,
    FakeJobRepository,
    FakeLineEnricher,
    article_line,
    jsonl,
)


class Pipeline:
    def __init__(self, chunk_size: int = 4) -> None:
        self.source = FakeBulkSource()
        self.store = FakeDataStore()
        self.jobs = FakeJobRepository()
        self.queue = FakeChunkQueue()
        self.trigger = FakeAggregateTrigger()
        self.publisher = FakeDigestPublisher()
        self.splitter = Splitter(
            source=self.source,
            store=self.store,
            jobs=self.jobs,
            chunk_queue=self.queue,
            aggregate=self.trigger,
            chunk_size=chunk_size,
        )
        self.worker = ChunkWorker(
            store=self.store, jobs=self.jobs, enricher=FakeLineEnricher(), aggregate=self.trigger
        )
        self.aggregator = Aggregator(store=self.store, jobs=self.jobs, publisher=self.publisher)
        self.outcomes: Counter[str] = Counter()

    def work(self, tasks: Sequence[ChunkTask]) -> None:
        for task in tasks:
            self.worker.process(task)

    def drain_aggregate_requests(self) -> None:
        """AggregateQueue delivers every request; each one runs the aggregator."""
        while self.trigger.requested:
            self.outcomes[self.aggregator.run(self.trigger.requested.pop(0)).action] += 1


def _file(lines: int) -> bytes:
    body = []
    for n in range(1, lines + 1):
        if n % 7 == 0:
            body.append(b'{"headline": "\xff\xfe broken"}')
        elif n % 5 == 0:
            body.append(b"{truncated")
        else:
            body.append(article_line(n, f"Shares surge for $T{n % 3}"))
    return jsonl(body)


def test_whole_file_flows_to_exactly_one_digest_with_every_line_accounted_for() -> None:
    pipe = Pipeline(chunk_size=4)
    outcome = pipe.splitter.split(
        pipe.source.add("bulk/v-2026-11-22.jsonl.gz", gzip.compress(_file(22)))
    )

    pipe.work(pipe.queue.sent)
    pipe.drain_aggregate_requests()

    assert outcome.chunks == 6
    assert pipe.outcomes == Counter({"aggregated": 1})
    job = pipe.jobs.get(outcome.job_id)
    assert job is not None and job.status is JobStatus.AGGREGATED
    assert job.lines == job.enriched + job.rejected == 22
    digest = pipe.store.json(digest_keys("2026-11-22", outcome.job_id)[0])
    assert digest["totals"]["lines"] == 22
    assert digest["rejects"]["by_reason"] == {"invalid_json": 4, "invalid_encoding": 3}
    [event] = pipe.publisher.published
    assert event.totals["enriched"] == 15


def test_last_two_chunks_completing_out_of_order_and_redelivered_aggregate_exactly_once() -> None:
    pipe = Pipeline(chunk_size=3)
    outcome = pipe.splitter.split(pipe.source.add("bulk/w.jsonl", _file(15)))
    *early, second_last, last = pipe.queue.sent

    pipe.work(early)
    # Both final chunks finish "together": the later index first, then each is redelivered
    # (SQS at least once) after the job may already be aggregating or aggregated.
    pipe.work([last, second_last])
    pipe.drain_aggregate_requests()
    pipe.work([second_last, last])
    pipe.drain_aggregate_requests()

    assert pipe.outcomes["aggregated"] == 1
    assert pipe.outcomes["already_aggregated"] == 2
    assert len(pipe.publisher.published) == 1
    job = pipe.jobs.get(outcome.job_id)
    assert job is not None and job.completed_chunks == job.total_chunks == 5
    assert job.lines == job.enriched + job.rejected == 15


@pytest.mark.parametrize("order", ["forward", "reverse"])
def test_every_chunk_delivered_twice_in_any_order_counts_each_line_once(order: str) -> None:
    pipe = Pipeline(chunk_size=2)
    outcome = pipe.splitter.split(pipe.source.add("bulk/x.jsonl", _file(9)))
    tasks = list(pipe.queue.sent)
    deliveries = tasks + tasks if order == "forward" else tasks[::-1] + tasks

    for task in deliveries:
        pipe.work([task])
        pipe.drain_aggregate_requests()

    assert pipe.outcomes["aggregated"] == 1
    job = pipe.jobs.get(outcome.job_id)
    assert job is not None and (job.lines, job.enriched + job.rejected) == (9, 9)


def test_chunks_finishing_before_the_splitter_marks_split_still_aggregate_once() -> None:
    pipe = Pipeline(chunk_size=3)
    # Workers are faster than the splitter: every chunk is processed (and the aggregator
    # asked) between SendMessageBatch and the SPLITTING -> SPLIT write.
    pipe.queue.on_send = lambda tasks: (pipe.work(tasks), pipe.drain_aggregate_requests())

    outcome = pipe.splitter.split(pipe.source.add("bulk/y.jsonl", _file(8)))
    assert pipe.outcomes == Counter({"not_ready": 1})
    pipe.drain_aggregate_requests()

    assert pipe.outcomes == Counter({"not_ready": 1, "aggregated": 1})
    job = pipe.jobs.get(outcome.job_id)
    assert job is not None and job.status is JobStatus.AGGREGATED


def test_redelivered_s3_event_after_aggregation_changes_nothing() -> None:
    pipe = Pipeline()
    obj = pipe.source.add("bulk/z.jsonl", _file(6))
    pipe.splitter.split(obj)
    pipe.work(pipe.queue.sent)
    pipe.drain_aggregate_requests()
    sent = len(pipe.queue.sent)

    assert pipe.splitter.split(obj).action == "already_split"
    assert len(pipe.queue.sent) == sent and pipe.trigger.requested == []
