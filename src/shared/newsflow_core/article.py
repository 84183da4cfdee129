"""The article model: one definition of an article's fields for every stage.

An ``Article`` is created by validation (ingest, bulk) and carries the results of each
enrichment step as it moves through the pipeline. Serialisation is plain JSON-compatible
dicts so claims, SNS messages and DynamoDB items share one shape.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from newsflow_core.errors import ValidationError

# The SNS message attribute and event type consumers filter on.
ARTICLE_ENRICHED = "article.enriched"


@dataclass(frozen=True, slots=True)
class Entity:
    text: str
    label: str
    count: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "label": self.label, "count": self.count}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Entity:
        return cls(
            text=str(data["text"]), label=str(data["label"]), count=int(data.get("count", 1))
        )


@dataclass(frozen=True, slots=True)
class NlpResult:
    """What the NLP step learned about an article."""

    language: str
    sentence_count: int
    word_count: int
    sentiment: float  # -1.0 (negative) .. 1.0 (positive)
    entities: tuple[Entity, ...] = ()
    key_phrases: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "sentence_count": self.sentence_count,
            "word_count": self.word_count,
            "sentiment": self.sentiment,
            "entities": [e.to_dict() for e in self.entities],
            "key_phrases": list(self.key_phrases),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NlpResult:
        return cls(
            language=str(data["language"]),
            sentence_count=int(data["sentence_count"]),
            word_count=int(data["word_count"]),
            sentiment=float(data["sentiment"]),
            entities=tuple(Entity.from_dict(e) for e in data.get("entities", ())),
            key_phrases=tuple(str(p) for p in data.get("key_phrases", ())),
        )


@dataclass(frozen=True, slots=True)
class TickerTag:
    """A link from an article to a listed company, with why we believe it."""

    symbol: str
    company: str
    confidence: float  # 0.0 .. 1.0
    evidence: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "company": self.company,
            "confidence": self.confidence,
            "evidence": list(self.evidence),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TickerTag:
        return cls(
            symbol=str(data["symbol"]),
            company=str(data["company"]),
            confidence=float(data["confidence"]),
            evidence=tuple(str(e) for e in data.get("evidence", ())),
        )


@dataclass(frozen=True, slots=True)
class Article:
    """A validated, normalised article. ``article_id`` is derived from the canonical URL."""

    article_id: str
    source: str
    url: str
    headline: str
    body: str
    published_at: str  # ISO 8601, UTC, "Z" suffix
    nlp: NlpResult | None = None
    tickers: tuple[TickerTag, ...] = field(default=())

    @property
    def symbols(self) -> list[str]:
        return sorted({t.symbol for t in self.tickers})

    def with_nlp(self, nlp: NlpResult) -> Article:
        return replace(self, nlp=nlp)

    def with_tickers(self, tickers: tuple[TickerTag, ...]) -> Article:
        return replace(self, tickers=tickers)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "article_id": self.article_id,
            "source": self.source,
            "url": self.url,
            "headline": self.headline,
            "body": self.body,
            "published_at": self.published_at,
            "tickers": [t.to_dict() for t in self.tickers],
        }
        if self.nlp is not None:
            data["nlp"] = self.nlp.to_dict()
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Rebuild an article this pipeline serialised (claims, messages, items).

        Untrusted input goes through ``newsflow_core.validation`` instead.
        """
        try:
            nlp = data.get("nlp")
            return cls(
                article_id=str(data["article_id"]),
                source=str(data["source"]),
                url=str(data["url"]),
                headline=str(data["headline"]),
                body=str(data["body"]),
                published_at=str(data["published_at"]),
                nlp=NlpResult.from_dict(nlp) if nlp else None,
                tickers=tuple(TickerTag.from_dict(t) for t in data.get("tickers", ())),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError("corrupt_article", f"{type(exc).__name__}: {exc}") from exc


@dataclass(frozen=True, slots=True)
class ClaimRef:
    """A claim check: where a batch of articles lives in S3.

    Step Functions payloads are capped at 256 KB, so states pass this, never bodies.
    """

    bucket: str
    key: str
    count: int

    def to_dict(self) -> dict[str, Any]:
        return {"bucket": self.bucket, "key": self.key, "count": self.count}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ClaimRef:
        try:
            return cls(bucket=str(data["bucket"]), key=str(data["key"]), count=int(data["count"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValidationError("invalid_claim", f"{type(exc).__name__}: {exc}") from exc
