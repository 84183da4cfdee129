"""Enricher: one NLP batch call and one tagging batch call, results in article order."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from newsflow_core.article import Article, NlpResult
from newsflow_core.enrichment import (
    Enricher,
    LexiconNlpEngine,
    TickerTagger,
    build_default_enricher,
)
from tests.unit.test_enrichment_fakes import FakeNlpEngine, FakeTagger, make_article


def test_run_nlp_calls_the_engine_once_per_batch_and_keeps_order() -> None:
    engine = FakeNlpEngine()
    batch = [make_article(n, body=" ".join(["word"] * (20 + n))) for n in range(3)]
    enriched = Enricher(engine, FakeTagger()).run_nlp(batch)
    assert engine.batches == [3]
    assert [a.article_id for a in enriched] == [a.article_id for a in batch]
    assert [a.nlp.word_count for a in enriched if a.nlp] == [20, 21, 22]
    assert all(a.tickers == () for a in enriched)


def test_enrich_tags_after_nlp_so_the_tagger_sees_entities() -> None:
    tagger = FakeTagger(["MSFT", "AAPL"])
    enriched = Enricher(FakeNlpEngine(), tagger).enrich([make_article(1), make_article(2)])
    assert tagger.saw_nlp == [True, True]
    assert [a.symbols for a in enriched] == [["AAPL", "MSFT"], ["AAPL", "MSFT"]]


def test_tag_alone_keeps_existing_nlp() -> None:
    nlp = NlpResult("en", 1, 10, 0.1)
    article = make_article().with_nlp(nlp)
    (tagged,) = Enricher(FakeNlpEngine(), FakeTagger()).tag([article])
    assert tagged.nlp == nlp
    assert tagged.symbols == ["AAPL"]


class DroppingEngine(FakeNlpEngine):
    def analyze(self, articles: Sequence[Article]) -> list[NlpResult]:
        return super().analyze(articles)[:-1]


def test_a_port_that_loses_results_fails_loudly() -> None:
    with pytest.raises(RuntimeError, match="returned 1 results for 2"):
        Enricher(DroppingEngine(), FakeTagger()).run_nlp([make_article(1), make_article(2)])


def test_default_enricher_is_built_once_with_the_lexicon_engine_and_tagger() -> None:
    enricher = build_default_enricher()
    assert enricher is build_default_enricher()
    assert isinstance(enricher.nlp, LexiconNlpEngine)
    assert isinstance(enricher.tagger, TickerTagger)
    (article,) = enricher.enrich(
        [
            make_article(
                headline="Microsoft shares rise",
                body="Microsoft Corp. (NASDAQ: MSFT) beat estimates, Chief Executive "
                "Satya Nadella said, as cloud revenue grew 20%.",
            )
        ]
    )
    assert article.symbols == ["MSFT"]
    assert article.nlp is not None
    assert ("Microsoft Corp.", "ORG") in {(e.text, e.label) for e in article.nlp.entities}
    assert article.nlp.sentiment > 0
