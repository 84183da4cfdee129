"""Ingestor: Kinesis records -> rejects, dedup, one claim and one execution per batch."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from newsflow_core.article import Article, ClaimRef
from newsflow_core.errors import TransientError
from newsflow_core.ports import ClaimStore, Rejection, RejectSink
from newsflow_core.validation import article_id_for
from newsflow_ingest.logic.ingest import (
    Ingestor,
    StreamRecord,
    batch_id_for,
    claim_key,
)
from newsflow_ingest.ports import Deduplicator, ExecutionStarter

SHARD = "shardId-000000000001"
ARRIVED = 1714680000.5  # 2024-05-02T20:00:00.5Z
BODY = " ".join(f"word{i}" for i in range(25))


# ---------------------------------------------------------------------------- fakes


class FakeDedup(Deduplicator):
    def __init__(self) -> None:
        self.first_seq: dict[str, str] = {}
        self.dup_seqs: dict[str, set[str]] = {}
        self.fail_on: set[str] = set()
        self.calls: list[str] = []

    def claim(self, article_id: str, record_id: str) -> bool:
        self.calls.append(record_id)
        if record_id in self.fail_on:
            raise TransientError("ProvisionedThroughputExceededException")
        owner = self.first_seq.setdefault(article_id, record_id)
        if owner == record_id:
            return True
        self.dup_seqs.setdefault(article_id, set()).add(record_id)
        return False


class FakeClaims(ClaimStore):
    def __init__(self) -> None:
        self.objects: dict[str, list[Article]] = {}
        self.fail = False

    def put(self, key: str, articles: Sequence[Article]) -> ClaimRef:
        if self.fail:
            raise TransientError("SlowDown")
        self.objects[key] = list(articles)
        return ClaimRef(bucket="data", key=key, count=len(articles))

    def get(self, ref: ClaimRef) -> list[Article]:
        return self.objects[ref.key]


class FakeRejects(RejectSink):
    def __init__(self) -> None:
        self.rejections: list[Rejection] = []
        self.fail = False

    def reject(self, rejections: Sequence[Rejection]) -> None:
        if self.fail:
            raise TransientError("sqs down")
        self.rejections.extend(rejections)


class FakeExecutions(ExecutionStarter):
    def __init__(self) -> None:
        self.started: list[tuple[str, Mapping[str, Any]]] = []
        self.fail = False

    def start(self, name: str, payload: Mapping[str, Any]) -> None:
        if self.fail:
            raise TransientError("ThrottlingException")
        self.started.append((name, payload))


@pytest.fixture
def dedup() -> FakeDedup:
    return FakeDedup()


@pytest.fixture
def claims() -> FakeClaims:
    return FakeClaims()


@pytest.fixture
def rejects() -> FakeRejects:
    return FakeRejects()


@pytest.fixture
def executions() -> FakeExecutions:
    return FakeExecutions()


@pytest.fixture
def ingestor(
    dedup: FakeDedup, claims: FakeClaims, rejects: FakeRejects, executions: FakeExecutions
) -> Ingestor:
    return Ingestor(dedup=dedup, claims=claims, rejects=rejects, executions=executions)


# ---------------------------------------------------------------------------- records


def article(n: int, **overrides: Any) -> dict[str, Any]:
    data = {
        "source": "wire",
        "url": f"https://news.example.com/story/{n}",
        "headline": f"Story {n}",
        "body": BODY,
        "published_at": "2024-05-02T20:00:00Z",
    }
    data.update(overrides)
    return data


def record(seq: int, payload: dict[str, Any] | bytes, shard: str = SHARD) -> StreamRecord:
    raw = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
    return StreamRecord(
        shard_id=shard,
        sequence_number=str(seq),
        data=base64.b64encode(raw).decode(),
        arrived_at=ARRIVED,
    )


def rid(seq: int, shard: str = SHARD) -> str:
    """A record's identity in the stream: sequence numbers are unique only per shard."""
    return f"kinesis:{shard}:{seq}"


def poison(seq: int) -> StreamRecord:
    return record(seq, b'{"source": "wire", "url": ')


# ---------------------------------------------------------------------------- behaviour


def test_valid_records_are_claimed_together_and_one_execution_started(
    ingestor: Ingestor, claims: FakeClaims, executions: FakeExecutions
) -> None:
    report = ingestor.ingest([record(100, article(1)), record(101, article(2))])

    batch_id = batch_id_for(SHARD, "100", "101")
    key = f"claims/2024/05/02/{batch_id}.jsonl"
    assert report.failed == ()
    assert (report.received, report.accepted, report.rejected, report.duplicates) == (2, 2, 0, 0)
    assert [a.url for a in claims.objects[key]] == [
        "https://news.example.com/story/1",
        "https://news.example.com/story/2",
    ]
    assert executions.started == [
        (batch_id, {"batch_id": batch_id, "claim": {"bucket": "data", "key": key, "count": 2}})
    ]


def test_poison_record_goes_to_rejects_with_reason_and_rest_of_batch_commits(
    ingestor: Ingestor, claims: FakeClaims, rejects: FakeRejects, executions: FakeExecutions
) -> None:
    report = ingestor.ingest([record(1, article(1)), poison(2), record(3, article(3))])

    assert report.failed == ()
    assert (report.accepted, report.rejected) == (2, 1)
    [rejection] = rejects.rejections
    assert rejection.reason == "invalid_json"
    assert rejection.source == f"kinesis:{SHARD}:2"
    assert rejection.payload == '{"source": "wire", "url": '
    assert rejection.context == {"shard_id": SHARD, "sequence_number": "2"}
    assert [a.headline for a in next(iter(claims.objects.values()))] == ["Story 1", "Story 3"]
    assert len(executions.started) == 1


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        (article(1, body="too short"), "body_too_short"),
        (article(1, url="not a url"), "invalid_url"),
        ({k: v for k, v in article(1).items() if k != "headline"}, "missing_field:headline"),
        (b"\xff\xfe", "invalid_encoding"),
        (b"[1, 2]", "not_an_object"),
    ],
)
def test_each_malformed_record_is_rejected_with_its_reason(
    ingestor: Ingestor, rejects: FakeRejects, payload: dict[str, Any] | bytes, reason: str
) -> None:
    report = ingestor.ingest([record(7, payload)])

    assert report.failed == ()
    assert [r.reason for r in rejects.rejections] == [reason]


def test_data_that_is_not_base64_is_rejected_and_kept_as_received(
    ingestor: Ingestor, rejects: FakeRejects
) -> None:
    bad = StreamRecord(shard_id=SHARD, sequence_number="9", data="%%% not base64", arrived_at=1.0)

    assert ingestor.ingest([bad]).failed == ()
    [rejection] = rejects.rejections
    assert rejection.reason == "invalid_encoding"
    assert rejection.payload == "%%% not base64"
    assert rejection.context == {
        "shard_id": SHARD,
        "sequence_number": "9",
        "payload_encoding": "base64",
    }


def test_duplicate_is_recorded_and_dropped(
    ingestor: Ingestor, dedup: FakeDedup, claims: FakeClaims
) -> None:
    tracked = article(1, url="https://NEWS.example.com/story/1/?utm_source=x#comments")
    report = ingestor.ingest([record(10, article(1)), record(11, article(2)), record(12, tracked)])

    article_id = article_id_for("https://news.example.com/story/1")
    assert report.failed == ()
    assert (report.accepted, report.duplicates) == (2, 1)
    assert dedup.first_seq[article_id] == rid(10)
    assert dedup.dup_seqs[article_id] == {rid(12)}
    assert len(next(iter(claims.objects.values()))) == 2


def test_same_sequence_number_on_another_shard_is_a_duplicate_not_a_redelivery(
    ingestor: Ingestor, dedup: FakeDedup
) -> None:
    ingestor.ingest([record(7, article(1))])
    other_shard = ingestor.ingest([record(7, article(1), shard="shardId-000000000002")])

    assert (other_shard.accepted, other_shard.duplicates) == (0, 1)
    assert dedup.dup_seqs[article_id_for(article(1)["url"])] == {rid(7, "shardId-000000000002")}


def test_redelivered_record_is_not_a_duplicate(
    ingestor: Ingestor, dedup: FakeDedup, claims: FakeClaims, executions: FakeExecutions
) -> None:
    batch = [record(10, article(1)), record(11, article(1)), record(12, article(2))]
    first = ingestor.ingest(batch)
    again = ingestor.ingest(batch)

    assert first == again  # same counts, same batch id, same claim
    assert (again.accepted, again.duplicates) == (2, 1)
    assert dedup.dup_seqs == {article_id_for(article(1)["url"]): {rid(11)}}
    assert len(claims.objects) == 1  # the deterministic key was overwritten, not added to
    assert [name for name, _ in executions.started] == [first.batch_id, first.batch_id]


def test_transient_dedup_failure_commits_the_prefix_and_fails_the_rest(
    ingestor: Ingestor,
    dedup: FakeDedup,
    claims: FakeClaims,
    rejects: FakeRejects,
    executions: FakeExecutions,
) -> None:
    dedup.fail_on = {rid(3)}
    batch = [
        record(1, article(1)),
        poison(2),
        record(3, article(3)),
        poison(4),
        record(5, article(5)),
    ]

    report = ingestor.ingest(batch)

    # Kinesis checkpoints before "3" and redelivers 3, 4, 5: nothing after it is screened.
    assert report.failed == ("3", "4", "5")
    assert dedup.calls == [rid(1), rid(3)]
    assert [r.source for r in rejects.rejections] == [f"kinesis:{SHARD}:2"]
    assert [
        a.headline for a in claims.objects[claim_key(batch_id_for(SHARD, "1", "1"), ARRIVED)]
    ] == ["Story 1"]
    assert len(executions.started) == 1
    assert (report.accepted, report.rejected) == (1, 1)


def test_transient_failure_on_the_first_record_fails_the_whole_batch(
    ingestor: Ingestor, dedup: FakeDedup, executions: FakeExecutions
) -> None:
    dedup.fail_on = {rid(1)}

    report = ingestor.ingest([record(1, article(1)), record(2, article(2))])

    assert report.failed == ("1", "2")
    assert executions.started == []


@pytest.mark.parametrize("failing", ["claims", "executions"])
def test_claim_or_start_failure_reports_every_accepted_record_failed(
    ingestor: Ingestor,
    claims: FakeClaims,
    rejects: FakeRejects,
    executions: FakeExecutions,
    failing: str,
) -> None:
    {"claims": claims, "executions": executions}[failing].fail = True
    batch = [poison(1), record(2, article(2)), poison(3), record(4, article(4))]

    report = ingestor.ingest(batch)

    # The poison record before the first accepted one is handled; from "2" on, all retry.
    assert report.failed == ("2", "3", "4")
    assert (report.accepted, report.rejected, report.claim) == (0, 1, None)
    assert len(rejects.rejections) == 2  # "3" again on redelivery: reports count distinct


def test_rejects_sink_failure_fails_from_the_first_rejection(
    ingestor: Ingestor, rejects: FakeRejects, claims: FakeClaims
) -> None:
    rejects.fail = True
    batch = [record(1, article(1)), poison(2), record(3, article(3))]

    report = ingestor.ingest(batch)

    assert report.failed == ("2", "3")
    assert [a.headline for c in claims.objects.values() for a in c] == ["Story 1"]


def test_batch_of_only_rejections_and_duplicates_starts_nothing(
    ingestor: Ingestor, dedup: FakeDedup, executions: FakeExecutions, claims: FakeClaims
) -> None:
    dedup.first_seq[article_id_for(article(1)["url"])] = "earlier"

    report = ingestor.ingest([poison(1), record(2, article(1))])

    assert report.failed == ()
    assert (report.accepted, report.rejected, report.duplicates) == (0, 1, 1)
    assert (executions.started, claims.objects, report.batch_id) == ([], {}, None)


def test_empty_batch_is_a_no_op(ingestor: Ingestor, executions: FakeExecutions) -> None:
    report = ingestor.ingest([])
    assert (report.received, report.failed, executions.started) == (0, (), [])


def test_batch_id_depends_on_shard_and_accepted_range_only() -> None:
    assert batch_id_for(SHARD, "1", "9") == batch_id_for(SHARD, "1", "9")
    assert len({batch_id_for(SHARD, "1", "9"), batch_id_for(SHARD, "1", "8"),
                batch_id_for("shardId-000000000002", "1", "9")}) == 3  # fmt: skip
    assert claim_key("abc", ARRIVED) == "claims/2024/05/02/abc.jsonl"
