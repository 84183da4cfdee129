"""The Publish task: every article recorded, then announced; at least once, no duplicates."""

from __future__ import annotations

import pytest

from newsflow_core.errors import PermanentError
from newsflow_enrich.logic.publish import publish
from newsflow_enrich.logic.steps import StepInput
from tests.unit.test_enrichment_fakes import (
    BUCKET,
    FakeArticlePublisher,
    FakeArticleRepository,
    FakeClaimStore,
    make_article,
)

KEY = "claims/2026/11/20/b-1.tagged.jsonl"


def step(count: int) -> StepInput:
    return StepInput.from_event(
        {"batch_id": "b-1", "claim": {"bucket": BUCKET, "key": KEY, "count": count}}
    )


def test_records_every_article_then_publishes_the_batch() -> None:
    store, log = FakeClaimStore(), []
    store.put(KEY, [make_article(n) for n in range(30)])
    repository, publisher = FakeArticleRepository(log), FakeArticlePublisher(log)
    result = publish(step(30), store, repository, publisher)
    assert result.to_payload() == {
        "batch_id": "b-1",
        "claim": {"bucket": BUCKET, "key": KEY, "count": 30},
        "published": 30,
    }
    assert len(repository.items) == 30
    assert [a.article_id for a in publisher.published] == [f"{n:032x}" for n in range(30)]
    assert log == ["table", "topic"]  # consumers can read the article when the event lands


def test_an_article_twice_in_a_claim_is_recorded_and_published_once() -> None:
    store = FakeClaimStore()
    store.put(KEY, [make_article(1), make_article(2), make_article(1)])
    repository, publisher = FakeArticleRepository(), FakeArticlePublisher()
    assert publish(step(3), store, repository, publisher).published == 2
    assert len(publisher.published) == 2


def test_a_retry_publishes_again_and_overwrites_the_same_items() -> None:
    store = FakeClaimStore()
    store.put(KEY, [make_article(1), make_article(2)])
    repository, publisher = FakeArticleRepository(), FakeArticlePublisher()
    publish(step(2), store, repository, publisher)
    publish(step(2), store, repository, publisher)
    assert len(repository.items) == 2  # "published" counts items, so it is stable
    assert len(publisher.published) == 4  # at least once: consumers dedupe by article_id


def test_an_empty_batch_calls_nothing() -> None:
    store = FakeClaimStore()
    store.put(KEY, [])
    repository, publisher = FakeArticleRepository(), FakeArticlePublisher()
    assert publish(step(0), store, repository, publisher).published == 0
    assert (repository.calls, publisher.published) == (0, [])


def test_a_missing_claim_is_permanent() -> None:
    with pytest.raises(PermanentError):
        publish(step(1), FakeClaimStore(), FakeArticleRepository(), FakeArticlePublisher())
