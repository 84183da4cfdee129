"""The Nlp and TagEntities tasks: payload parsing, claim in, claim out."""

from __future__ import annotations

from typing import Any

import pytest

from newsflow_core.article import ClaimRef
from newsflow_core.enrichment import Enricher
from newsflow_core.errors import PermanentError
from newsflow_enrich.logic.nlp import run_nlp
from newsflow_enrich.logic.steps import StepInput, output_key
from newsflow_enrich.logic.tag_entities import tag_entities
from tests.unit.test_enrichment_fakes import (
    BUCKET,
    FakeClaimStore,
    FakeNlpEngine,
    FakeTagger,
    make_article,
)

KEY = "claims/2026/11/20/b-1.jsonl"


def event(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "batch_id": "b-1",
        "claim": {"bucket": BUCKET, "key": KEY, "count": 2},
    }
    payload.update(overrides)
    return payload


def test_parses_the_state_machine_payload() -> None:
    assert StepInput.from_event(event()) == StepInput("b-1", ClaimRef(BUCKET, KEY, 2))


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ([], "invalid_payload"),
        ("batch", "invalid_payload"),
        ({"claim": {"bucket": BUCKET, "key": KEY, "count": 1}}, "invalid_payload:batch_id"),
        (event(batch_id="../etc"), "invalid_payload:batch_id"),
        (event(batch_id=""), "invalid_payload:batch_id"),
        (event(claim=None), "invalid_payload:claim"),
        (event(claim={"bucket": BUCKET, "key": KEY}), "invalid_payload:claim"),
        (event(claim={"bucket": BUCKET, "key": KEY, "count": "many"}), "invalid_payload:claim"),
        (event(claim={"bucket": "", "key": KEY, "count": 1}), "invalid_payload:claim"),
        (event(claim={"bucket": BUCKET, "key": KEY, "count": -1}), "invalid_payload:claim"),
    ],
)
def test_a_bad_payload_is_a_permanent_error(payload: Any, reason: str) -> None:
    with pytest.raises(PermanentError) as raised:
        StepInput.from_event(payload)
    assert raised.value.reason == reason
    assert type(raised.value).__name__ == "PermanentError"  # the errorType Catch sees


@pytest.mark.parametrize(
    ("key", "stage", "expected"),
    [
        ("claims/2026/11/20/b-1.jsonl", "nlp", "claims/2026/11/20/b-1.nlp.jsonl"),
        ("claims/2026/11/20/b-1.nlp.jsonl", "tagged", "claims/2026/11/20/b-1.tagged.jsonl"),
        ("b-1.jsonl", "nlp", "b-1.nlp.jsonl"),
    ],
)
def test_each_step_writes_its_claim_next_to_the_batch(key: str, stage: str, expected: str) -> None:
    assert output_key(ClaimRef(BUCKET, key, 1), "b-1", stage) == expected


def seeded_store() -> FakeClaimStore:
    store = FakeClaimStore()
    store.put(KEY, [make_article(1), make_article(2)])
    return store


def test_nlp_step_writes_the_nlp_claim_and_returns_its_reference() -> None:
    store, engine = seeded_store(), FakeNlpEngine()
    result = run_nlp(StepInput.from_event(event()), store, Enricher(engine, FakeTagger()))
    assert result.to_payload() == {
        "batch_id": "b-1",
        "claim": {"bucket": BUCKET, "key": "claims/2026/11/20/b-1.nlp.jsonl", "count": 2},
    }
    assert engine.batches == [2]  # one batch call, like nlp.pipe
    assert all(a.nlp is not None for a in store.get(result.claim))


def test_tag_step_writes_the_tagged_claim_and_counts_tags() -> None:
    store = seeded_store()
    enricher = Enricher(FakeNlpEngine(), FakeTagger(["AAPL", "MSFT"]))
    nlp = run_nlp(StepInput.from_event(event()), store, enricher)
    result = tag_entities(StepInput("b-1", nlp.claim), store, enricher)
    assert result.claim == ClaimRef(BUCKET, "claims/2026/11/20/b-1.tagged.jsonl", 2)
    assert result.tickers_tagged == 4
    tagged = store.get(result.claim)
    assert [a.symbols for a in tagged] == [["AAPL", "MSFT"], ["AAPL", "MSFT"]]
    assert all(a.nlp is not None for a in tagged)  # tagging keeps the NLP result


def test_a_retried_step_rewrites_the_same_claim() -> None:
    store = seeded_store()
    enricher = Enricher(FakeNlpEngine(), FakeTagger())
    first = run_nlp(StepInput.from_event(event()), store, enricher)
    second = run_nlp(StepInput.from_event(event()), store, enricher)
    assert first == second
    assert store.get(first.claim) == store.get(second.claim)


def test_a_missing_claim_is_permanent() -> None:
    with pytest.raises(PermanentError) as raised:
        run_nlp(
            StepInput.from_event(event()), FakeClaimStore(), Enricher(FakeNlpEngine(), FakeTagger())
        )
    assert raised.value.reason == "claim_missing"
