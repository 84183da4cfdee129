"""The one place the fan-out stage wires concrete adapters to its domain.

Each function's handler calls its builder once, at module scope (cold start): settings are
read and validated then, and clients, caches and connections live as long as the
container. Seven functions share this package but get different environments, so there is
one builder per function rather than one object graph for the stage.
"""

from __future__ import annotations

from newsflow_core.adapters.aws import client
from newsflow_fanout.adapters.cached_subscriptions import CachedSubscriptions
from newsflow_fanout.adapters.dynamodb_analytics import (
    DynamoAnalyticsCounter,
    DynamoAnalyticsReader,
)
from newsflow_fanout.adapters.dynamodb_feeds import DynamoFeeds
from newsflow_fanout.adapters.dynamodb_ledger import DynamoDeliveryLedger
from newsflow_fanout.adapters.dynamodb_webhooks import DynamoDeliveryLog, DynamoSubscriptions
from newsflow_fanout.adapters.http_sender import HttpClientWebhookSender
from newsflow_fanout.adapters.system_clock import SystemClock
from newsflow_fanout.logic.analytics import AnalyticsCounting
from newsflow_fanout.logic.create_subscription import SubscriptionService
from newsflow_fanout.logic.feed import FeedFanout
from newsflow_fanout.logic.get_feed import FeedQuery
from newsflow_fanout.logic.get_ticker_stats import TickerStats
from newsflow_fanout.logic.put_follows import FollowsService
from newsflow_fanout.logic.webhook import WebhookDispatch
from newsflow_fanout.settings import (
    AnalyticsSettings,
    FeedsApiSettings,
    FeedSettings,
    StatsApiSettings,
    WebhooksApiSettings,
    WebhookSettings,
)


def build_feed() -> FeedFanout:
    settings = FeedSettings.from_env()
    dynamodb = client("dynamodb")
    feeds = DynamoFeeds(dynamodb, settings.feeds_table)
    return FeedFanout(
        followers=feeds,
        feeds=feeds,
        ledger=DynamoDeliveryLedger(dynamodb, settings.deliveries_table),
    )


def build_analytics() -> AnalyticsCounting:
    settings = AnalyticsSettings.from_env()
    return AnalyticsCounting(
        DynamoAnalyticsCounter(
            client("dynamodb"), settings.analytics_table, settings.deliveries_table
        )
    )


def build_webhook() -> WebhookDispatch:
    settings = WebhookSettings.from_env()
    dynamodb = client("dynamodb")
    return WebhookDispatch(
        subscriptions=CachedSubscriptions(DynamoSubscriptions(dynamodb, settings.webhooks_table)),
        deliveries=DynamoDeliveryLog(dynamodb, settings.webhooks_table),
        # The SSRF guard plugs in here, around or instead of this sender (see WebhookSender).
        sender=HttpClientWebhookSender(timeout_seconds=settings.timeout_seconds),
        ledger=DynamoDeliveryLedger(dynamodb, settings.deliveries_table),
        clock=SystemClock(),
    )


def build_get_feed() -> FeedQuery:
    settings = FeedsApiSettings.from_env()
    return FeedQuery(DynamoFeeds(client("dynamodb"), settings.feeds_table))


def build_put_follows() -> FollowsService:
    settings = FeedsApiSettings.from_env()
    return FollowsService(DynamoFeeds(client("dynamodb"), settings.feeds_table))


def build_ticker_stats() -> TickerStats:
    settings = StatsApiSettings.from_env()
    return TickerStats(
        DynamoAnalyticsReader(client("dynamodb"), settings.analytics_table),
        SystemClock(),
    )


def build_create_subscription() -> SubscriptionService:
    settings = WebhooksApiSettings.from_env()
    return SubscriptionService(
        DynamoSubscriptions(client("dynamodb"), settings.webhooks_table), SystemClock()
    )
