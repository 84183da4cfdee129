"""What every fan-out consumer does with one SQS message before its own work.

The queues get ArticlesTopic with raw message delivery, so a message body is the JSON of
``Article.to_dict()``. A body that is not an article is a poison message: it raises
``PermanentError`` after logging the reason with structured fields. The queues have no
rejects sink of their own; SQS redelivers the message until maxReceiveCount (5) moves it to
the queue's DLQ, which is where it is kept, and the log lines say why.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import UTC, datetime
from typing import ClassVar

import orjson
from aws_lambda_powertools.metrics import MetricUnit

from newsflow_core.article import Article
from newsflow_core.errors import PermanentError, TransientError
from newsflow_core.observability import MetricName, logger, metrics


def article_from_message(body: str) -> Article:
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise PermanentError("invalid_json", str(exc)) from exc
    if not isinstance(data, dict):
        raise PermanentError("not_an_object", f"message body is a JSON {type(data).__name__}")
    article = Article.from_dict(data)  # ValidationError("corrupt_article") is a PermanentError
    if not article.article_id:
        raise PermanentError("invalid_field:article_id", "article_id is empty")
    return article


def queued_at(sent_timestamp_ms: str | None) -> datetime | None:
    """SQS ``SentTimestamp`` (epoch milliseconds) as a UTC datetime; None when absent."""
    try:
        return datetime.fromtimestamp(int(sent_timestamp_ms or "") / 1000, tz=UTC)
    except ValueError:
        return None


class ArticleConsumer(ABC):
    """A consumer of ArticlesTopic; ``name`` is its key in the delivery ledger."""

    name: ClassVar[str]

    def consume(self, body: str, *, message_id: str, sent_timestamp_ms: str | None = None) -> None:
        try:
            article = article_from_message(body)
        except PermanentError as exc:
            logger.error(
                "poison message: SQS retries it until the queue's DLQ receives it",
                extra={
                    "consumer": self.name,
                    "message_id": message_id,
                    "reason": exc.reason,
                    "detail": exc.detail,
                },
            )
            metrics.add_metric(name=MetricName.ARTICLES_REJECTED, unit=MetricUnit.Count, value=1)
            raise
        try:
            self.handle(article, queued_at(sent_timestamp_ms))
        except TransientError as exc:
            logger.warning(
                "article not fully handled; SQS will redeliver it",
                extra={
                    "consumer": self.name,
                    "message_id": message_id,
                    "article_id": article.article_id,
                    "error": str(exc),
                },
            )
            raise

    @abstractmethod
    def handle(self, article: Article, queued_at: datetime | None) -> None:
        """Deliver one article; ``queued_at`` is when SNS handed it to the queue."""

    def already_done(self, article: Article) -> None:
        logger.info(
            "article already handled",
            extra={"consumer": self.name, "article_id": article.article_id},
        )
        metrics.add_metric(name=MetricName.ALREADY_PROCESSED, unit=MetricUnit.Count, value=1)
