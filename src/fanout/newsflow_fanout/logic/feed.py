"""Feed consumer: one feed item per follower of any of an article's tickers.

Fan-out on write: readers page their own partition and never join at read time. Items are
keyed by ``<published_at>#<article_id>``, so a redelivered article overwrites its own items
instead of adding new ones; the ledger entry, written last, lets a redelivery skip the
follower queries and writes altogether.
"""

from __future__ import annotations

from datetime import datetime

from aws_lambda_powertools.metrics import MetricUnit

from newsflow_core.article import Article
from newsflow_core.observability import MetricName, logger, metrics
from newsflow_fanout.logic.consumer import ArticleConsumer
from newsflow_fanout.ports import (
    DeliveryLedger,
    FeedItem,
    FeedWriter,
    FollowerDirectory,
    LedgerKey,
)


def feed_items(article: Article, followers_by_ticker: dict[str, list[str]]) -> list[FeedItem]:
    """One item per user, however many of the article's tickers that user follows."""
    matched: dict[str, set[str]] = {}
    for symbol, users in followers_by_ticker.items():
        for user in users:
            matched.setdefault(user, set()).add(symbol)
    tickers = tuple(article.symbols)
    sentiment = article.nlp.sentiment if article.nlp is not None else None
    return [
        FeedItem(
            user_id=user,
            article_id=article.article_id,
            published_at=article.published_at,
            headline=article.headline,
            url=article.url,
            source=article.source,
            tickers=tickers,
            matched=tuple(sorted(matched[user])),
            sentiment=sentiment,
        )
        for user in sorted(matched)
    ]


class FeedFanout(ArticleConsumer):
    name = "feed"

    def __init__(
        self, followers: FollowerDirectory, feeds: FeedWriter, ledger: DeliveryLedger
    ) -> None:
        self._followers = followers
        self._feeds = feeds
        self._ledger = ledger

    def handle(self, article: Article, queued_at: datetime | None) -> None:
        key = LedgerKey(self.name, article.article_id)
        if self._ledger.contains(key):
            self.already_done(article)
            return
        followers = {symbol: self._followers.followers(symbol) for symbol in article.symbols}
        items = feed_items(article, followers)
        self._feeds.put_items(items)
        self._ledger.record(key)
        logger.info(
            "feed items written",
            extra={"article_id": article.article_id, "feed_items": len(items)},
        )
        metrics.add_metric(
            name=MetricName.FEED_ITEMS_WRITTEN, unit=MetricUnit.Count, value=len(items)
        )
