"""Ports of the enrich stage (the claim store is shared: ``newsflow_core.ports``)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from newsflow_core.article import Article


class ArticleRepository(ABC):
    """Where enriched articles are recorded, keyed by ``article_id`` (overwrite is fine:
    delivery is at least once, so the same article may be recorded again)."""

    @abstractmethod
    def put_many(self, articles: Sequence[Article]) -> None: ...


class ArticlePublisher(ABC):
    """Announces enriched articles to every consumer (the ``article.enriched`` event)."""

    @abstractmethod
    def publish_many(self, articles: Sequence[Article]) -> None: ...
