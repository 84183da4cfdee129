"""The enrichment core every path shares: the Nlp and TagEntities functions of the state
machine and the bulk ChunkWorker all call an ``Enricher``."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from newsflow_core.article import Article
from newsflow_core.enrichment.lexicon_nlp import LexiconNlpEngine
from newsflow_core.enrichment.ports import NlpEngine, Tagger
from newsflow_core.enrichment.tagger import TickerTagger
from newsflow_core.enrichment.universe import load_universe


class Enricher:
    def __init__(self, nlp: NlpEngine, tagger: Tagger) -> None:
        self.nlp = nlp
        self.tagger = tagger

    def run_nlp(self, articles: Sequence[Article]) -> list[Article]:
        results = self.nlp.analyze(articles)
        _check_length(articles, results, "NlpEngine.analyze")
        return [a.with_nlp(r) for a, r in zip(articles, results, strict=True)]

    def tag(self, articles: Sequence[Article]) -> list[Article]:
        """Tickers for each article; uses ``article.nlp`` as context when it is there."""
        tags = self.tagger.tag(articles)
        _check_length(articles, tags, "Tagger.tag")
        return [a.with_tickers(t) for a, t in zip(articles, tags, strict=True)]

    def enrich(self, articles: Sequence[Article]) -> list[Article]:
        return self.tag(self.run_nlp(articles))


def _check_length(articles: Sequence[Article], results: Sequence[object], what: str) -> None:
    if len(results) != len(articles):
        # A port that drops or adds results would silently misattribute them.
        raise RuntimeError(f"{what} returned {len(results)} results for {len(articles)}")


@cache
def build_default_enricher() -> Enricher:
    """The production wiring, built once per container (call it at module scope).

    The NLP engine's ORG gazetteer is the tagger's company names, so NER and ticker
    linking agree on what a company is.
    """
    tagger = TickerTagger(load_universe())
    return Enricher(LexiconNlpEngine(org_names=tagger.known_company_names()), tagger)
