"""Fakes of the enrichment ports, plus a contract test that keeps the claim-store fake
honest against the real S3 adapter (moto).

The other test_enrichment_* and test_publish_* modules import these fakes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace

import boto3
import pytest
from moto import mock_aws

from newsflow_core.adapters.s3_claims import S3ClaimStore
from newsflow_core.article import Article, ClaimRef, Entity, NlpResult, TickerTag
from newsflow_core.enrichment import NlpEngine, Tagger
from newsflow_core.errors import PermanentError
from newsflow_core.ports import ClaimStore
from newsflow_enrich.ports import ArticlePublisher, ArticleRepository

BUCKET = "newsflow-data-123456789012-us-east-1"


def make_article(n: int = 1, *, headline: str = "", body: str = "") -> Article:
    return Article(
        article_id=f"{n:032x}",
        source="Reuters",
        url=f"https://www.reuters.com/markets/story-{n}",
        headline=headline or f"Story {n} about markets",
        body=body or "Stocks rose on Tuesday as investors weighed earnings from big banks.",
        published_at="2026-11-20T21:05:00Z",
    )


class FakeClaimStore(ClaimStore):
    """In-memory claims, serialised like S3 (through to_dict/from_dict)."""

    def __init__(self, bucket: str = BUCKET) -> None:
        self.bucket = bucket
        self.objects: dict[tuple[str, str], list[dict[str, object]]] = {}
        self.puts: list[str] = []

    def put(self, key: str, articles: Sequence[Article]) -> ClaimRef:
        self.objects[(self.bucket, key)] = [a.to_dict() for a in articles]
        self.puts.append(key)
        return ClaimRef(bucket=self.bucket, key=key, count=len(articles))

    def get(self, ref: ClaimRef) -> list[Article]:
        stored = self.objects.get((ref.bucket, ref.key))
        if stored is None:
            raise PermanentError("claim_missing", f"s3://{ref.bucket}/{ref.key}")
        return [Article.from_dict(d) for d in stored]


class FakeNlpEngine(NlpEngine):
    """Counts calls, so tests can check the engine sees the whole batch at once."""

    def __init__(self) -> None:
        self.batches: list[int] = []

    def analyze(self, articles: Sequence[Article]) -> list[NlpResult]:
        self.batches.append(len(articles))
        return [
            NlpResult(
                language="en",
                sentence_count=1,
                word_count=len(a.body.split()),
                sentiment=0.5,
                entities=(Entity("Apple", "ORG"),),
                key_phrases=("earnings",),
            )
            for a in articles
        ]


class FakeTagger(Tagger):
    """Tags every article with the symbols given, and records whether it saw NLP."""

    def __init__(self, symbols: Sequence[str] = ("AAPL",)) -> None:
        self.symbols = tuple(symbols)
        self.saw_nlp: list[bool] = []

    def tag(self, articles: Sequence[Article]) -> list[tuple[TickerTag, ...]]:
        self.saw_nlp.extend(a.nlp is not None for a in articles)
        return [tuple(TickerTag(s, s, 0.9, (s,)) for s in self.symbols) for _ in articles]


class FakeArticleRepository(ArticleRepository):
    def __init__(self, log: list[str] | None = None) -> None:
        self.items: dict[str, Article] = {}
        self.calls = 0
        self.log = log if log is not None else []

    def put_many(self, articles: Sequence[Article]) -> None:
        self.calls += 1
        self.log.append("table")
        ids = [a.article_id for a in articles]
        assert len(ids) == len(set(ids)), "BatchWriteItem rejects a key twice in one request"
        self.items.update((a.article_id, a) for a in articles)


class FakeArticlePublisher(ArticlePublisher):
    def __init__(self, log: list[str] | None = None) -> None:
        self.published: list[Article] = []
        self.log = log if log is not None else []

    def publish_many(self, articles: Sequence[Article]) -> None:
        self.log.append("topic")
        self.published.extend(articles)


class RecordingSleep:
    """A ``sleep`` that records instead of waiting, so retry tests take no time."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


# ---------------------------------------------------------------------- contract


@pytest.fixture(params=["fake", "s3"])
def claim_store(request: pytest.FixtureRequest) -> Iterator[Callable[[], ClaimStore]]:
    if request.param == "fake":
        yield FakeClaimStore
        return
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket=BUCKET)
        yield lambda: S3ClaimStore(s3, BUCKET)


def test_claim_store_round_trips_enriched_articles(claim_store: Callable[[], ClaimStore]) -> None:
    store = claim_store()
    nlp = NlpResult("en", 2, 40, -0.25, (Entity("Tim Cook", "PERSON", 2),), ("iphone sales",))
    articles = [
        make_article(1),
        replace(make_article(2), nlp=nlp, tickers=(TickerTag("AAPL", "Apple Inc.", 0.99, ()),)),
    ]
    ref = store.put("claims/sample/b1.nlp.jsonl", articles)
    assert ref == ClaimRef(BUCKET, "claims/sample/b1.nlp.jsonl", 2)
    assert store.get(ref) == articles


def test_claim_store_missing_claim_is_permanent(claim_store: Callable[[], ClaimStore]) -> None:
    with pytest.raises(PermanentError) as raised:
        claim_store().get(ClaimRef(BUCKET, "claims/sample/nope.jsonl", 1))
    assert raised.value.reason == "claim_missing"
