"""Fakes of the bulk stage's ports, and contract tests that keep the job-repository fake
honest: every scenario runs on the fake and on the real DynamoDB adapter (moto).

The other test_bulk_* modules import these fakes.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import boto3
import pytest
from moto import mock_aws

from newsflow_aggregate.adapters.dynamodb_jobs import DynamoJobRepository
from newsflow_aggregate.logic.model import BulkObject, ChunkTask, Job, JobStatus, chunk_name
from newsflow_aggregate.ports import (
    AggregateTrigger,
    BulkSource,
    ByteStream,
    ChunkCount,
    ChunkQueue,
    DataStore,
    DigestAnnouncement,
    DigestPublisher,
    JobRepository,
    LineEnricher,
)
from newsflow_core.article import Article, NlpResult, TickerTag
from newsflow_core.errors import PermanentError, ValidationError

BUCKET = "newsflow-data-123456789012-us-east-1"


# ------------------------------------------------------------------------------ fakes
class RecordingStream(io.BytesIO):
    """A source stream that logs each read, to prove the file is consumed incrementally."""

    def __init__(self, data: bytes, log: list[str]) -> None:
        super().__init__(data)
        self._log = log
        self.max_read = 0

    def read(self, size: int | None = -1, /) -> bytes:
        self.max_read = max(self.max_read, size if size is not None else -1)
        data = super().read(size)
        if data:
            self._log.append("read")
        return data


class FakeBulkSource(BulkSource):
    def __init__(self, log: list[str] | None = None) -> None:
        self.objects: dict[tuple[str, str], bytes] = {}
        self.log = log if log is not None else []
        self.opened: list[RecordingStream] = []

    def add(self, key: str, data: bytes, bucket: str = BUCKET) -> BulkObject:
        self.objects[(bucket, key)] = data
        etag = hashlib.md5(data).hexdigest()
        return BulkObject(
            bucket=bucket, key=key, etag=etag, size=len(data), event_time="2026-11-23T02:00:00Z"
        )

    def open(self, obj: BulkObject) -> ByteStream:
        try:
            data = self.objects[(obj.bucket, obj.key)]
        except KeyError:
            raise PermanentError("source_missing", obj.key) from None
        stream = RecordingStream(data, self.log)
        self.opened.append(stream)
        return stream


class FakeDataStore(DataStore):
    def __init__(self, log: list[str] | None = None) -> None:
        self.objects: dict[str, bytes] = {}
        self.content_types: dict[str, str] = {}
        self.puts: list[str] = []
        self.log = log if log is not None else []

    def put(self, key: str, body: bytes, content_type: str) -> None:
        self.objects[key] = body
        self.content_types[key] = content_type
        self.puts.append(key)
        self.log.append(f"put {key}")

    def get(self, key: str) -> bytes:
        try:
            return self.objects[key]
        except KeyError:
            raise PermanentError("object_missing", key) from None

    def keys(self, prefix: str) -> list[str]:
        return sorted(k for k in self.objects if k.startswith(prefix))

    def json(self, key: str) -> Any:
        return json.loads(self.objects[key])

    def jsonl(self, key: str) -> list[Any]:
        return [json.loads(row) for row in self.objects[key].splitlines() if row]


@dataclass
class _Row:
    job: Job
    done: set[str] = field(default_factory=set)
    extra: dict[str, Any] = field(default_factory=dict)


class FakeJobRepository(JobRepository):
    """JobsTable in memory, with the same conditions as DynamoJobRepository."""

    def __init__(self) -> None:
        self.rows: dict[str, _Row] = {}
        # Called before each conditional write: lets a test interleave another writer.
        self.before_write: Callable[[str], None] = lambda operation: None

    def create(self, job: Job) -> Job:
        self.before_write("create")
        if job.job_id not in self.rows:
            self.rows[job.job_id] = _Row(
                replace(job, completed_chunks=0, enriched=0, rejected=0, total_chunks=None)
            )
        return self.rows[job.job_id].job

    def get(self, job_id: str) -> Job | None:
        row = self.rows.get(job_id)
        return row.job if row else None

    def record_totals(self, job_id: str, total_chunks: int, lines: int) -> bool:
        self.before_write("record_totals")
        row = self.rows[job_id]
        if row.job.status is not JobStatus.SPLITTING:
            return False
        row.job = replace(row.job, total_chunks=total_chunks, lines=lines)
        return True

    def mark_split(self, job_id: str) -> Job | None:
        self.before_write("mark_split")
        row = self.rows[job_id]
        if row.job.status is not JobStatus.SPLITTING:
            return None
        row.job = replace(row.job, status=JobStatus.SPLIT)
        return row.job

    def record_chunk(self, job_id: str, index: int, enriched: int, rejected: int) -> ChunkCount:
        self.before_write("record_chunk")
        row = self.rows.get(job_id)
        if row is None:
            raise PermanentError("job_missing", job_id)
        name = chunk_name(index)
        if name in row.done:
            return ChunkCount(counted=False, job=row.job)
        row.done.add(name)
        row.job = replace(
            row.job,
            completed_chunks=row.job.completed_chunks + 1,
            enriched=row.job.enriched + enriched,
            rejected=row.job.rejected + rejected,
        )
        return ChunkCount(counted=True, job=row.job)

    def claim(self, job_id: str, owner: str, now: int, lease_until: int) -> Job | None:
        self.before_write("claim")
        row = self.rows.get(job_id)
        if row is None:
            return None
        job = row.job
        lease_free = job.lease_expires_at is None or job.lease_expires_at < now
        if (
            job.status is JobStatus.SPLIT
            and job.completed_chunks == job.total_chunks
            and lease_free
        ):
            row.job = replace(job, lease_owner=owner, lease_expires_at=lease_until)
            return row.job
        return None

    def complete(self, job_id: str, owner: str, digest_key: str, now: int) -> Job | None:
        self.before_write("complete")
        row = self.rows[job_id]
        if row.job.status is not JobStatus.SPLIT or row.job.lease_owner != owner:
            return None
        row.job = replace(
            row.job,
            status=JobStatus.AGGREGATED,
            digest_key=digest_key,
            lease_owner=None,
            lease_expires_at=None,
        )
        return row.job

    def mark_announced(self, job_id: str, now: int) -> None:
        row = self.rows[job_id]
        row.job = replace(row.job, announced=True)

    def fail(self, job_id: str, reason: str, detail: str, *, lease_owner: str | None) -> None:
        self.before_write("fail")
        row = self.rows[job_id]
        if lease_owner is None and row.job.status is not JobStatus.SPLITTING:
            return
        if lease_owner is not None and row.job.lease_owner != lease_owner:
            return
        row.job = replace(
            row.job,
            status=JobStatus.FAILED,
            failure_reason=reason,
            lease_owner=None,
            lease_expires_at=None,
        )

    # test helpers
    def put(self, job: Job, done: Sequence[int] = ()) -> None:
        self.rows[job.job_id] = _Row(job, {chunk_name(i) for i in done})

    def done_chunks(self, job_id: str) -> set[str]:
        return set(self.rows[job_id].done)


class FakeChunkQueue(ChunkQueue):
    def __init__(self) -> None:
        self.sent: list[ChunkTask] = []
        self.calls = 0
        self.on_send: Callable[[Sequence[ChunkTask]], None] = lambda tasks: None

    def send(self, tasks: Sequence[ChunkTask]) -> None:
        self.calls += 1
        self.sent.extend(tasks)
        self.on_send(tasks)


class FakeAggregateTrigger(AggregateTrigger):
    def __init__(self) -> None:
        self.requested: list[str] = []

    def request(self, job_id: str) -> None:
        self.requested.append(job_id)


class FakeDigestPublisher(DigestPublisher):
    def __init__(self) -> None:
        self.published: list[DigestAnnouncement] = []
        self.fail_next = False

    def publish(self, announcement: DigestAnnouncement) -> None:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("PutEvents unavailable")
        self.published.append(announcement)


_CASHTAG = re.compile(r"\$([A-Z]{1,5})\b")


class FakeLineEnricher(LineEnricher):
    """Validation and enrichment rules small enough to reason about in a test:
    sentiment +0.8 for "surge", -0.9 for "plunge", else 0.1; tickers are $CASHTAGS."""

    def __init__(self) -> None:
        self.enrich_calls: list[int] = []

    def parse(self, raw: bytes) -> Article:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError("invalid_encoding", str(exc)) from exc
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ValidationError("invalid_json", str(exc)) from exc
        if not isinstance(data, dict):
            raise ValidationError("not_an_object", type(data).__name__)
        for name in ("source", "url", "headline", "body", "published_at"):
            if not data.get(name):
                raise ValidationError(f"missing_field:{name}", name)
        return Article(
            article_id=hashlib.sha256(data["url"].encode()).hexdigest()[:32],
            source=data["source"],
            url=data["url"],
            headline=data["headline"],
            body=data["body"],
            published_at=data["published_at"],
        )

    def enrich(self, articles: Sequence[Article]) -> list[Article]:
        self.enrich_calls.append(len(articles))
        out = []
        for article in articles:
            headline = article.headline.lower()
            sentiment = 0.8 if "surge" in headline else -0.9 if "plunge" in headline else 0.1
            nlp = NlpResult(language="en", sentence_count=1, word_count=20, sentiment=sentiment)
            tags = tuple(
                TickerTag(symbol=s, company=s, confidence=1.0, evidence=(f"${s}",))
                for s in sorted(set(_CASHTAG.findall(article.headline)))
            )
            out.append(article.with_nlp(nlp).with_tickers(tags))
        return out


def article_line(n: int, headline: str | None = None, **overrides: Any) -> bytes:
    data = {
        "source": "wire",
        "url": f"https://news.example.com/story/{n}",
        "headline": headline or f"Story {n} about $AAPL",
        "body": " ".join(["word"] * 25),
        "published_at": "2026-11-22T10:00:00Z",
        **overrides,
    }
    return json.dumps(data).encode()


def jsonl(lines: Sequence[bytes]) -> bytes:
    return b"".join(line + b"\n" for line in lines)


# --------------------------------------------------------------- contract: fake == DynamoDB
def _job(job_id: str = "job-1", status: JobStatus = JobStatus.SPLITTING) -> Job:
    return Job(
        job_id=job_id,
        status=status,
        source_bucket=BUCKET,
        source_key="bulk/x.jsonl",
        source_etag="abc",
        digest_date="2026-11-22",
        chunk_size=50,
    )


@pytest.fixture(params=["fake", "dynamodb"])
def repo(request: pytest.FixtureRequest) -> Iterator[JobRepository]:
    if request.param == "fake":
        yield FakeJobRepository()
        return
    with mock_aws():
        client = boto3.client("dynamodb", region_name="us-east-1")
        client.create_table(
            TableName="jobs",
            BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "job_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "job_id", "KeyType": "HASH"}],
        )
        yield DynamoJobRepository(client, "jobs")


def _split_job(repo: JobRepository, total: int, lines: int = 10) -> None:
    repo.create(_job())
    assert repo.record_totals("job-1", total, lines)
    assert repo.mark_split("job-1") is not None


def test_create_is_put_if_absent_and_returns_the_stored_job(repo: JobRepository) -> None:
    created = repo.create(_job())
    again = repo.create(replace(_job(), source_etag="other", chunk_size=7))
    assert created.status is JobStatus.SPLITTING
    assert again.source_etag == "abc" and again.chunk_size == 50
    assert (again.completed_chunks, again.enriched, again.rejected) == (0, 0, 0)


def test_totals_and_split_only_move_forward_from_splitting(repo: JobRepository) -> None:
    repo.create(_job())
    assert repo.record_totals("job-1", 3, 120)
    split = repo.mark_split("job-1")
    assert split is not None and split.status is JobStatus.SPLIT and split.total_chunks == 3
    assert repo.mark_split("job-1") is None
    assert not repo.record_totals("job-1", 4, 121)
    assert (job := repo.get("job-1")) is not None and job.total_chunks == 3


def test_a_chunk_index_is_counted_once(repo: JobRepository) -> None:
    _split_job(repo, total=2)
    first = repo.record_chunk("job-1", 1, enriched=3, rejected=1)
    again = repo.record_chunk("job-1", 1, enriched=3, rejected=1)
    last = repo.record_chunk("job-1", 0, enriched=5, rejected=1)
    assert first.counted and not first.job.all_chunks_done
    assert not again.counted and again.job.completed_chunks == 1
    assert last.counted and last.job.all_chunks_done
    assert (last.job.enriched, last.job.rejected) == (8, 2)


def test_counting_a_chunk_of_an_unknown_job_is_permanent(repo: JobRepository) -> None:
    with pytest.raises(PermanentError) as caught:
        repo.record_chunk("nope", 0, enriched=1, rejected=0)
    assert caught.value.reason == "job_missing"
    assert repo.get("nope") is None


def test_claim_needs_split_all_chunks_and_no_live_lease(repo: JobRepository) -> None:
    repo.create(_job())
    assert repo.claim("job-1", "a", now=100, lease_until=200) is None  # still SPLITTING
    assert repo.record_totals("job-1", 1, 10)
    assert repo.mark_split("job-1") is not None
    assert repo.claim("job-1", "a", now=100, lease_until=200) is None  # chunk not counted
    repo.record_chunk("job-1", 0, enriched=9, rejected=1)
    claimed = repo.claim("job-1", "a", now=100, lease_until=200)
    assert claimed is not None and claimed.lease_owner == "a"
    assert repo.claim("job-1", "b", now=150, lease_until=250) is None  # lease is live
    taken = repo.claim("job-1", "b", now=201, lease_until=300)  # lease expired
    assert taken is not None and taken.lease_owner == "b"


def test_only_the_lease_holder_completes_and_then_nobody_claims(repo: JobRepository) -> None:
    _split_job(repo, total=0)
    assert repo.claim("job-1", "a", now=100, lease_until=200) is not None
    assert repo.claim("job-1", "b", now=201, lease_until=300) is not None
    assert repo.complete("job-1", "a", "digests/d/job-1.json", now=202) is None
    done = repo.complete("job-1", "b", "digests/d/job-1.json", now=202)
    assert done is not None and done.status is JobStatus.AGGREGATED
    assert done.digest_key == "digests/d/job-1.json" and not done.announced
    assert repo.claim("job-1", "c", now=10_000, lease_until=10_100) is None
    repo.mark_announced("job-1", now=203)
    assert (job := repo.get("job-1")) is not None and job.announced


def test_fail_records_the_reason_from_splitting_or_by_the_lease_holder(
    repo: JobRepository,
) -> None:
    repo.create(_job())
    repo.fail("job-1", "invalid_gzip", "truncated", lease_owner=None)
    assert (job := repo.get("job-1")) is not None
    assert job.status is JobStatus.FAILED and job.failure_reason == "invalid_gzip"

    repo.create(_job("job-2"))
    repo.record_totals("job-2", 0, 0)
    repo.mark_split("job-2")
    repo.claim("job-2", "a", now=1, lease_until=2)
    repo.fail("job-2", "invariant_violated", "x", lease_owner="someone-else")
    assert (job := repo.get("job-2")) is not None and job.status is JobStatus.SPLIT
    repo.fail("job-2", "invariant_violated", "x", lease_owner="a")
    assert (job := repo.get("job-2")) is not None and job.status is JobStatus.FAILED
