"""Analytics consumer: per-ticker hourly mentions and sentiment, counted exactly once.

Counter updates are not idempotent (ADD), so each one commits in the same DynamoDB
transaction as the ledger entry that says it happened; a redelivered article's transaction
is cancelled by the ledger condition and counts nothing.

A transaction holds at most 100 actions, one of which is the ledger put. An article with
more tickers than fit is counted in chunks, each its own transaction guarded by its own
marker: ``analytics#part/<article_id>#<n>`` for all chunks but the last, and the article's
real ``analytics`` ledger entry for the last one. Chunks run in a fixed order (sorted
symbols), so a retry skips the chunks already committed and the ``analytics`` entry exists
only once every chunk has been counted. Part markers use another consumer name so reports
that count ``analytics`` entries still count articles.
"""

from __future__ import annotations

from datetime import UTC, datetime

from aws_lambda_powertools.metrics import MetricUnit

from newsflow_core.article import Article
from newsflow_core.errors import PermanentError
from newsflow_core.observability import MetricName, logger, metrics
from newsflow_fanout.logic.consumer import ArticleConsumer
from newsflow_fanout.ports import AnalyticsCounter, HourlyIncrement, LedgerKey

PART_CONSUMER = "analytics#part"
HOUR_FORMAT = "%Y-%m-%dT%H"


def hour_of(timestamp: str) -> str:
    """The UTC hour bucket ("YYYY-MM-DDTHH") of an ISO 8601 timestamp."""
    try:
        parsed = datetime.fromisoformat(timestamp)
    except ValueError as exc:
        raise PermanentError("invalid_field:published_at", timestamp) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).strftime(HOUR_FORMAT)


def markers(article_id: str, chunks: int) -> list[LedgerKey]:
    parts = [LedgerKey(PART_CONSUMER, f"{article_id}#{n}") for n in range(chunks - 1)]
    return [*parts, LedgerKey(AnalyticsCounting.name, article_id)]


class AnalyticsCounting(ArticleConsumer):
    name = "analytics"

    def __init__(self, counter: AnalyticsCounter) -> None:
        self._counter = counter

    def handle(self, article: Article, queued_at: datetime | None) -> None:
        hour = hour_of(article.published_at)
        sentiment = article.nlp.sentiment if article.nlp is not None else None
        increments = [HourlyIncrement(symbol, hour, sentiment) for symbol in article.symbols]
        size = self._counter.max_increments_per_apply
        # An article without tickers still gets its ledger entry, in a chunk of nothing.
        chunks = [increments[i : i + size] for i in range(0, len(increments), size)] or [[]]
        # In order, one transaction at a time: the last marker must commit last.
        applied = [
            self._counter.apply_once(marker, chunk)
            for marker, chunk in zip(markers(article.article_id, len(chunks)), chunks, strict=True)
        ]
        if not any(applied):
            self.already_done(article)
            return
        counted = sum(len(chunk) for chunk, done in zip(chunks, applied, strict=True) if done)
        logger.info(
            "analytics counted",
            extra={"article_id": article.article_id, "hour": hour, "tickers": counted},
        )
        metrics.add_metric(name=MetricName.ANALYTICS_COUNTED, unit=MetricUnit.Count, value=counted)
