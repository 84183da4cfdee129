"""In-memory fakes of the fan-out ports, shared by the fan-out unit tests.

Each fake subclasses its port, so a fake that drifts from the port fails to type-check
(and abstract methods it misses fail at construction). This module holds no tests.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import orjson

from newsflow_core.article import Article, NlpResult, TickerTag
from newsflow_core.errors import TransientError
from newsflow_fanout.ports import (
    AnalyticsCounter,
    AnalyticsReader,
    Clock,
    DeliveryLedger,
    DeliveryLog,
    DeliveryRecord,
    FeedItem,
    FeedPage,
    FeedReader,
    FeedWriter,
    FollowerDirectory,
    FollowsStore,
    HourlyIncrement,
    HourlyStat,
    LedgerKey,
    SendOutcome,
    Subscription,
    SubscriptionDirectory,
    SubscriptionWriter,
    WebhookRequest,
    WebhookSender,
)

NOW = datetime(2025, 3, 14, 15, 9, 26, tzinfo=UTC)


def make_article(
    article_id: str = "a" * 32,
    tickers: Sequence[str] = ("AAPL", "MSFT"),
    published_at: str = "2025-03-14T15:04:05Z",
    sentiment: float | None = 0.5,
) -> Article:
    nlp = (
        NlpResult(language="en", sentence_count=3, word_count=42, sentiment=sentiment)
        if sentiment is not None
        else None
    )
    return Article(
        article_id=article_id,
        source="wire.example",
        url=f"https://news.example.com/{article_id}",
        headline=f"Headline {article_id[:6]}",
        body="Body text that subscribers never receive in webhooks.",
        published_at=published_at,
        nlp=nlp,
        tickers=tuple(TickerTag(s, f"{s} Inc", 0.9, (s,)) for s in tickers),
    )


def message(article: Article) -> str:
    return orjson.dumps(article.to_dict()).decode()


class FakeClock(Clock):
    def __init__(self, now: datetime = NOW) -> None:
        self.current = now

    def now(self) -> datetime:
        return self.current

    def advance(self, seconds: float) -> None:
        self.current += timedelta(seconds=seconds)


class FakeLedger(DeliveryLedger):
    def __init__(self) -> None:
        self.keys: set[LedgerKey] = set()

    def contains(self, key: LedgerKey) -> bool:
        return key in self.keys

    def record(self, key: LedgerKey) -> bool:
        if key in self.keys:
            return False
        self.keys.add(key)
        return True


class FakeFeeds(FollowerDirectory, FeedWriter, FeedReader, FollowsStore):
    """Follows both ways plus feed items keyed like the table: (user, position)."""

    def __init__(self, follows: dict[str, set[str]] | None = None) -> None:
        self.follows: dict[str, set[str]] = {u: set(t) for u, t in (follows or {}).items()}
        self.items: dict[tuple[str, str], FeedItem] = {}
        self.put_calls = 0
        self.changes: list[tuple[str, list[str], list[str]]] = []

    def followers(self, ticker: str) -> list[str]:
        return sorted(u for u, tickers in self.follows.items() if ticker in tickers)

    def put_items(self, items: Sequence[FeedItem]) -> None:
        self.put_calls += 1
        for item in items:
            self.items[(item.user_id, item.position)] = item

    def page(self, user_id: str, limit: int, after: str | None) -> FeedPage:
        positions = sorted((p for u, p in self.items if u == user_id), reverse=True)
        if after is not None:
            positions = [p for p in positions if p < after]
        chosen = positions[:limit]
        more = len(positions) > limit
        return FeedPage(
            items=[self.items[(user_id, p)] for p in chosen],
            next_position=chosen[-1] if more else None,
        )

    def followed(self, user_id: str) -> set[str]:
        return set(self.follows.get(user_id, set()))

    def change(self, user_id: str, add: Sequence[str], remove: Sequence[str]) -> None:
        self.changes.append((user_id, list(add), list(remove)))
        current = self.follows.setdefault(user_id, set())
        current.update(add)
        current.difference_update(remove)


class FakeAnalytics(AnalyticsCounter, AnalyticsReader):
    """Transactions as the adapter has them: marker and increments commit together or not."""

    def __init__(self, max_increments: int = 99, fail_on_call: int | None = None) -> None:
        self.max_increments = max_increments
        self.markers: set[LedgerKey] = set()
        self.rows: dict[tuple[str, str], HourlyStat] = {}
        self.calls = 0
        self.fail_on_call = fail_on_call

    @property
    def max_increments_per_apply(self) -> int:
        return self.max_increments

    def apply_once(self, marker: LedgerKey, increments: Sequence[HourlyIncrement]) -> bool:
        self.calls += 1
        assert len(increments) <= self.max_increments
        if self.calls == self.fail_on_call:
            raise TransientError("simulated TransactionConflict")
        if marker in self.markers:
            return False
        self.markers.add(marker)
        for inc in increments:
            row = self.rows.get((inc.ticker, inc.hour), HourlyStat(inc.ticker, inc.hour))
            self.rows[(inc.ticker, inc.hour)] = replace(
                row,
                mentions=row.mentions + 1,
                sentiment_sum=row.sentiment_sum + (inc.sentiment or 0.0),
                sentiment_count=row.sentiment_count + (inc.sentiment is not None),
            )
        return True

    def hourly(self, ticker: str, first_hour: str, last_hour: str) -> list[HourlyStat]:
        return sorted(
            (r for (t, h), r in self.rows.items() if t == ticker and first_hour <= h <= last_hour),
            key=lambda r: r.hour,
        )


class FakeSubscriptions(SubscriptionDirectory, SubscriptionWriter):
    def __init__(self, subscriptions: Sequence[Subscription] = ()) -> None:
        self.by_id: dict[str, Subscription] = {s.subscription_id: s for s in subscriptions}
        self.active_calls = 0
        self.resets: list[str] = []

    def active(self) -> list[Subscription]:
        self.active_calls += 1
        return [s for s in self.by_id.values() if s.active]

    def note_failure(self, subscription_id: str) -> int:
        sub = self.by_id[subscription_id]
        self.by_id[subscription_id] = replace(
            sub, consecutive_failures=sub.consecutive_failures + 1
        )
        return sub.consecutive_failures + 1

    def open_circuit(self, subscription_id: str, until_epoch: int) -> None:
        self.by_id[subscription_id] = replace(self.by_id[subscription_id], open_until=until_epoch)

    def reset_circuit(self, subscription_id: str) -> None:
        self.resets.append(subscription_id)
        self.by_id[subscription_id] = replace(
            self.by_id[subscription_id], consecutive_failures=0, open_until=0
        )

    def create(self, subscription: Subscription) -> None:
        assert subscription.subscription_id not in self.by_id
        self.by_id[subscription.subscription_id] = subscription


class FakeDeliveryLog(DeliveryLog):
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], DeliveryRecord] = {}

    def settled(self, article_id: str, subscription_ids: Sequence[str]) -> set[str]:
        return {s for s in subscription_ids if (s, article_id) in self.records}

    def record(self, delivery: DeliveryRecord) -> None:
        self.records[(delivery.subscription_id, delivery.article_id)] = delivery


class FakeSender(WebhookSender):
    """Answers per URL from a script of outcomes; the last one repeats."""

    def __init__(self, script: dict[str, list[SendOutcome]] | None = None) -> None:
        self.script = script or {}
        self.requests: list[WebhookRequest] = []

    def send(self, request: WebhookRequest) -> SendOutcome:
        self.requests.append(request)
        outcomes = self.script.get(request.url, [SendOutcome(204)])
        return outcomes.pop(0) if len(outcomes) > 1 else outcomes[0]

    def calls_to(self, url: str) -> list[WebhookRequest]:
        return [r for r in self.requests if r.url == url]


def subscription(
    subscription_id: str, tickers: Sequence[str] = ("*",), **changes: Any
) -> Subscription:
    return Subscription(
        subscription_id=subscription_id,
        url=f"https://{subscription_id}.example.com/hook",
        tickers=tuple(tickers),
        secret="whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
        created_at="2025-03-01T00:00:00Z",
        **changes,
    )
