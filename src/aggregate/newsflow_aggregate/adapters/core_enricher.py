"""The bulk lines' validation and enrichment: the very same newsflow_core functions the
streaming pipeline uses (validation in ingest, the Enricher in the state machine)."""

from __future__ import annotations

from collections.abc import Sequence

from newsflow_aggregate.ports import LineEnricher
from newsflow_core.article import Article
from newsflow_core.enrichment import Enricher
from newsflow_core.validation import parse_article


class CoreLineEnricher(LineEnricher):
    def __init__(self, enricher: Enricher) -> None:
        self._enricher = enricher

    def parse(self, raw: bytes) -> Article:
        return parse_article(raw)

    def enrich(self, articles: Sequence[Article]) -> list[Article]:
        return self._enricher.enrich(articles)
