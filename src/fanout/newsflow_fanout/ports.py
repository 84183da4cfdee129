"""Ports of the fan-out stage and the plain values that cross them.

Adapters in ``newsflow_fanout.adapters`` implement these with boto3 and http.client; unit
tests pass fakes that subclass them. Every port raises ``TransientError`` when its backend
fails in a way a retry can fix.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

# A subscription with this as its only ticker receives every article.
ALL_TICKERS = "*"


# ---------------------------------------------------------------- shared


class Clock(ABC):
    @abstractmethod
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""


@dataclass(frozen=True, slots=True)
class LedgerKey:
    """One (consumer, article) entry of the fan-out idempotency ledger (DeliveriesTable)."""

    consumer: str
    article_id: str


class DeliveryLedger(ABC):
    """Remembers which articles a consumer has fully handled."""

    @abstractmethod
    def contains(self, key: LedgerKey) -> bool: ...

    @abstractmethod
    def record(self, key: LedgerKey) -> bool:
        """Record ``key`` once; False when it was already there (a conditional put)."""


# ---------------------------------------------------------------- feeds


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One article in one user's feed. ``position`` orders a feed and makes writes idempotent."""

    user_id: str
    article_id: str
    published_at: str
    headline: str
    url: str
    source: str
    tickers: tuple[str, ...]
    matched: tuple[str, ...]  # the followed tickers that put the article in this feed
    sentiment: float | None = None

    @property
    def position(self) -> str:
        return f"{self.published_at}#{self.article_id}"


@dataclass(frozen=True, slots=True)
class FeedPage:
    items: list[FeedItem]
    next_position: str | None  # where the next page starts; None when the feed is exhausted


class FollowerDirectory(ABC):
    @abstractmethod
    def followers(self, ticker: str) -> list[str]:
        """Every user following ``ticker`` (the reverse index PutFollows maintains)."""


class FeedWriter(ABC):
    @abstractmethod
    def put_items(self, items: Sequence[FeedItem]) -> None:
        """Write all items; overwriting an existing item with the same position is fine."""


class FeedReader(ABC):
    @abstractmethod
    def page(self, user_id: str, limit: int, after: str | None) -> FeedPage:
        """Newest first, starting strictly after ``after`` when it is given."""


class FollowsStore(ABC):
    @abstractmethod
    def followed(self, user_id: str) -> set[str]: ...

    @abstractmethod
    def change(self, user_id: str, add: Sequence[str], remove: Sequence[str]) -> None:
        """Add and remove follows, keeping the per-ticker follower index in step."""


# ---------------------------------------------------------------- analytics


@dataclass(frozen=True, slots=True)
class HourlyIncrement:
    """One mention of ``ticker`` in ``hour`` ("YYYY-MM-DDTHH", UTC)."""

    ticker: str
    hour: str
    sentiment: float | None  # None when the article carries no NLP result


@dataclass(frozen=True, slots=True)
class HourlyStat:
    ticker: str
    hour: str
    mentions: int = 0
    sentiment_sum: float = 0.0
    sentiment_count: int = 0


class AnalyticsCounter(ABC):
    @property
    @abstractmethod
    def max_increments_per_apply(self) -> int:
        """How many increments one atomic ``apply_once`` can carry."""

    @abstractmethod
    def apply_once(self, marker: LedgerKey, increments: Sequence[HourlyIncrement]) -> bool:
        """Atomically record ``marker`` in the ledger and apply ``increments``.

        Returns False, applying nothing, when ``marker`` was already recorded.
        """


class AnalyticsReader(ABC):
    @abstractmethod
    def hourly(self, ticker: str, first_hour: str, last_hour: str) -> list[HourlyStat]:
        """Stored rows of ``ticker`` with first_hour <= hour <= last_hour, oldest first."""


# ---------------------------------------------------------------- webhooks


@dataclass(frozen=True, slots=True)
class Subscription:
    subscription_id: str
    url: str
    tickers: tuple[str, ...]  # (ALL_TICKERS,) for every article
    secret: str  # Standard Webhooks secret, "whsec_" + base64
    created_at: str
    active: bool = True
    consecutive_failures: int = 0
    open_until: int = 0  # epoch seconds; the circuit is open while now < open_until

    def matches(self, symbols: Sequence[str]) -> bool:
        return ALL_TICKERS in self.tickers or not set(self.tickers).isdisjoint(symbols)

    def circuit_open(self, now: datetime) -> bool:
        return now.timestamp() < self.open_until


class SubscriptionDirectory(ABC):
    """Subscriptions as the webhook consumer sees them, with per-endpoint breaker state."""

    @abstractmethod
    def active(self) -> list[Subscription]: ...

    @abstractmethod
    def note_failure(self, subscription_id: str) -> int:
        """Count one more consecutive failure; returns the new count."""

    @abstractmethod
    def open_circuit(self, subscription_id: str, until_epoch: int) -> None: ...

    @abstractmethod
    def reset_circuit(self, subscription_id: str) -> None:
        """The endpoint answered: zero the failure count and close the circuit."""


class SubscriptionWriter(ABC):
    @abstractmethod
    def create(self, subscription: Subscription) -> None: ...


@dataclass(frozen=True, slots=True)
class DeliveryRecord:
    """What happened when one article went to one subscriber; written once it is settled."""

    subscription_id: str
    article_id: str
    webhook_id: str
    status: Literal["delivered", "failed"]
    attempted_at: str
    status_code: int | None = None
    reason: str = ""


class DeliveryLog(ABC):
    @abstractmethod
    def settled(self, article_id: str, subscription_ids: Sequence[str]) -> set[str]:
        """The subscribers that already have a delivery record for ``article_id``."""

    @abstractmethod
    def record(self, delivery: DeliveryRecord) -> None: ...


@dataclass(frozen=True, slots=True)
class WebhookRequest:
    url: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SendOutcome:
    """An HTTP status, or ``status=None`` with ``error`` when no response arrived."""

    status: int | None
    error: str = ""


class WebhookSender(ABC):
    """Sends one signed POST and reports what came back; never follows redirects.

    The SSRF guard belongs to the fan-out issue and plugs in at this port: a sender that
    resolves the URL's host, refuses loopback, private, link-local and metadata addresses,
    and connects to the address it checked (so DNS cannot change between check and use),
    wrapping or replacing ``HttpClientWebhookSender`` in ``bootstrap.build_webhook``. It
    has to be switchable per stage, because local runs deliver to 127.0.0.1. Subscription
    creation should run the same check so a bad URL is refused up front.
    """

    @abstractmethod
    def send(self, request: WebhookRequest) -> SendOutcome: ...
