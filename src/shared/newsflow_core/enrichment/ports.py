"""The enrichment ports: an NLP engine and a ticker tagger, both batch-first.

Adapters: ``LexiconNlpEngine`` (pure Python) today; a spaCy engine (``nlp.pipe``) later
implements the same ``NlpEngine`` port, so the Nlp function, the bulk ChunkWorker and the
``Enricher`` never change when it arrives.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence

from newsflow_core.article import Article, NlpResult, TickerTag

# Headline and body are analysed as one document; the blank line is a hard sentence break,
# so the headline is always its own sentence (for spaCy too: it splits on "\n\n").
HEADLINE_SEPARATOR = "\n\n"


def article_text(article: Article) -> str:
    """The one text every engine and the tagger analyse for an article."""
    return f"{article.headline}{HEADLINE_SEPARATOR}{article.body}"


class NlpEngine(ABC):
    """Language, sentences, entities, key phrases and sentiment for a batch of articles."""

    @abstractmethod
    def analyze(self, articles: Sequence[Article]) -> list[NlpResult]:
        """One result per article, in order (a batch call, like ``nlp.pipe``)."""


class Tagger(ABC):
    """Links articles to listed companies."""

    @abstractmethod
    def tag(self, articles: Sequence[Article]) -> list[tuple[TickerTag, ...]]:
        """One tuple of tags per article, in order, strongest first.

        An article's ``nlp`` result, when present, may be used as extra context.
        """
