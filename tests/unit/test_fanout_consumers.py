"""Fan-out consumers (feed, analytics, webhook) on in-memory fakes of their ports."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import orjson
import pytest
from standardwebhooks import Webhook

from newsflow_core.errors import PermanentError, TransientError
from newsflow_core.observability import metrics
from newsflow_fanout.adapters.cached_subscriptions import CachedSubscriptions
from newsflow_fanout.logic.analytics import PART_CONSUMER, AnalyticsCounting, hour_of
from newsflow_fanout.logic.feed import FeedFanout
from newsflow_fanout.logic.webhook import (
    BreakerPolicy,
    Verdict,
    WebhookDispatch,
    classify,
    webhook_id,
)
from newsflow_fanout.ports import LedgerKey, SendOutcome
from tests.unit.test_fanout_fakes import (
    NOW,
    FakeAnalytics,
    FakeClock,
    FakeDeliveryLog,
    FakeFeeds,
    FakeLedger,
    FakeSender,
    FakeSubscriptions,
    make_article,
    message,
    subscription,
)


@pytest.fixture(autouse=True)
def _no_metrics_left_over() -> Iterator[None]:
    # Logic adds metrics that only a handler's log_metrics flushes; keep tests independent.
    yield
    metrics.clear_metrics()


# ---------------------------------------------------------------- poison messages


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("not json", "invalid_json"),
        ("[1, 2]", "not_an_object"),
        ('{"article_id": "x"}', "corrupt_article"),
        (message(make_article(article_id="")), "invalid_field:article_id"),
    ],
)
def test_poison_message_raises_permanent_error_with_reason(body: str, reason: str) -> None:
    feeds = FakeFeeds()
    consumer = FeedFanout(feeds, feeds, FakeLedger())

    with pytest.raises(PermanentError) as caught:
        consumer.consume(body, message_id="m-1")

    assert caught.value.reason == reason
    assert feeds.put_calls == 0


# ---------------------------------------------------------------- feed


def test_feed_writes_one_item_per_follower_of_any_ticker() -> None:
    feeds = FakeFeeds({"ava": {"AAPL", "MSFT"}, "ben": {"MSFT"}, "chen": {"JPM"}})
    ledger = FakeLedger()
    article = make_article(tickers=("AAPL", "MSFT"))

    FeedFanout(feeds, feeds, ledger).consume(message(article), message_id="m-1")

    by_user = {user: item for (user, _), item in feeds.items.items()}
    assert sorted(by_user) == ["ava", "ben"]
    assert by_user["ava"].matched == ("AAPL", "MSFT")
    assert by_user["ben"].matched == ("MSFT",)
    assert by_user["ava"].position == f"{article.published_at}#{article.article_id}"
    assert by_user["ava"].sentiment == 0.5
    assert LedgerKey("feed", article.article_id) in ledger.keys


def test_feed_redelivery_is_skipped_by_the_ledger() -> None:
    feeds = FakeFeeds({"ava": {"AAPL"}})
    consumer = FeedFanout(feeds, feeds, FakeLedger())
    body = message(make_article())

    consumer.consume(body, message_id="m-1")
    consumer.consume(body, message_id="m-1")

    assert feeds.put_calls == 1
    assert len(feeds.items) == 1


def test_feed_without_followers_still_records_the_article() -> None:
    feeds = FakeFeeds()
    ledger = FakeLedger()

    FeedFanout(feeds, feeds, ledger).consume(message(make_article()), message_id="m-1")

    assert feeds.items == {}
    assert ledger.keys == {LedgerKey("feed", "a" * 32)}


# ---------------------------------------------------------------- analytics


def test_hour_bucket_is_utc_hour_of_published_at() -> None:
    assert hour_of("2025-03-14T15:59:59Z") == "2025-03-14T15"
    assert hour_of("2025-03-14T23:30:00-02:00") == "2025-03-15T01"


def test_analytics_counts_an_article_once_when_processed_twice() -> None:
    counter = FakeAnalytics()
    consumer = AnalyticsCounting(counter)
    body = message(make_article(tickers=("AAPL", "MSFT"), sentiment=-0.25))

    consumer.consume(body, message_id="m-1")
    consumer.consume(body, message_id="m-1")

    aapl = counter.rows[("AAPL", "2025-03-14T15")]
    assert (aapl.mentions, aapl.sentiment_sum, aapl.sentiment_count) == (1, -0.25, 1)
    assert counter.rows[("MSFT", "2025-03-14T15")].mentions == 1
    assert LedgerKey("analytics", "a" * 32) in counter.markers


def test_analytics_without_nlp_counts_mentions_but_not_sentiment() -> None:
    counter = FakeAnalytics()

    AnalyticsCounting(counter).consume(
        message(make_article(tickers=("AAPL",), sentiment=None)), message_id="m-1"
    )

    row = counter.rows[("AAPL", "2025-03-14T15")]
    assert (row.mentions, row.sentiment_count) == (1, 0)


def test_analytics_chunks_beyond_the_transaction_limit_and_recovers_exactly_once() -> None:
    # Five tickers, two per transaction: three transactions; the second one fails once.
    counter = FakeAnalytics(max_increments=2, fail_on_call=2)
    consumer = AnalyticsCounting(counter)
    body = message(make_article(tickers=("A", "B", "C", "D", "E")))

    with pytest.raises(TransientError):
        consumer.consume(body, message_id="m-1")
    assert LedgerKey("analytics", "a" * 32) not in counter.markers  # not done until the end
    consumer.consume(body, message_id="m-1")
    consumer.consume(body, message_id="m-1")

    assert {t: r.mentions for (t, _), r in counter.rows.items()} == dict.fromkeys("ABCDE", 1)
    assert counter.markers == {
        LedgerKey(PART_CONSUMER, f"{'a' * 32}#0"),
        LedgerKey(PART_CONSUMER, f"{'a' * 32}#1"),
        LedgerKey("analytics", "a" * 32),
    }


# ---------------------------------------------------------------- webhooks


def dispatch(
    subscriptions: FakeSubscriptions,
    sender: FakeSender,
    deliveries: FakeDeliveryLog | None = None,
    ledger: FakeLedger | None = None,
    clock: FakeClock | None = None,
) -> WebhookDispatch:
    return WebhookDispatch(
        subscriptions=subscriptions,
        deliveries=deliveries or FakeDeliveryLog(),
        sender=sender,
        ledger=ledger or FakeLedger(),
        clock=clock or FakeClock(),
        breaker=BreakerPolicy(threshold=2),
    )


@pytest.mark.parametrize(
    ("outcome", "verdict"),
    [
        (SendOutcome(200), Verdict.DELIVERED),
        (SendOutcome(204), Verdict.DELIVERED),
        (SendOutcome(301), Verdict.REJECTED),
        (SendOutcome(400), Verdict.REJECTED),
        (SendOutcome(410), Verdict.REJECTED),
        (SendOutcome(408), Verdict.RETRY),
        (SendOutcome(429), Verdict.RETRY),
        (SendOutcome(500), Verdict.RETRY),
        (SendOutcome(503), Verdict.RETRY),
        (SendOutcome(None, "timeout"), Verdict.RETRY),
    ],
)
def test_http_outcomes_are_classified(outcome: SendOutcome, verdict: Verdict) -> None:
    assert classify(outcome) is verdict


def test_webhook_is_signed_and_carries_the_article_without_its_body() -> None:
    sub = subscription("s1")
    sender = FakeSender()
    article = make_article()

    # Receivers reject signatures more than 5 minutes off their clock: sign with the real one.
    clock = FakeClock(datetime.now(UTC))

    dispatch(FakeSubscriptions([sub]), sender, clock=clock).consume(
        message(article), message_id="m-1", sent_timestamp_ms=str(int(NOW.timestamp() * 1000))
    )

    (request,) = sender.requests
    payload = Webhook(sub.secret).verify(request.body, dict(request.headers))
    assert request.headers["webhook-id"] == webhook_id("s1", article.article_id)
    assert payload["type"] == "article.enriched"
    assert payload["timestamp"] == "2025-03-14T15:09:26.000Z"
    assert payload["data"]["article_id"] == article.article_id
    assert payload["data"]["tickers"][0]["symbol"] == "AAPL"
    assert "body" not in payload["data"]


def test_webhook_goes_only_to_matching_subscribers() -> None:
    subs = [subscription("all"), subscription("aapl", ["AAPL"]), subscription("jpm", ["JPM"])]
    sender = FakeSender()

    dispatch(FakeSubscriptions(subs), sender).consume(
        message(make_article(tickers=("AAPL",))), message_id="m-1"
    )

    assert sorted(r.url for r in sender.requests) == [
        "https://aapl.example.com/hook",
        "https://all.example.com/hook",
    ]


def test_retry_after_a_500_reuses_the_webhook_id_and_skips_settled_subscribers() -> None:
    ok, flaky = subscription("ok"), subscription("flaky")
    sender = FakeSender({flaky.url: [SendOutcome(500), SendOutcome(200)]})
    ledger = FakeLedger()
    consumer = dispatch(FakeSubscriptions([ok, flaky]), sender, ledger=ledger)
    body = message(make_article())

    with pytest.raises(TransientError):
        consumer.consume(body, message_id="m-1")
    assert LedgerKey("webhook", "a" * 32) not in ledger.keys
    consumer.consume(body, message_id="m-1")

    assert len(sender.calls_to(ok.url)) == 1
    first, second = sender.calls_to(flaky.url)
    assert first.headers["webhook-id"] == second.headers["webhook-id"]
    assert LedgerKey("webhook", "a" * 32) in ledger.keys


def test_a_4xx_is_recorded_as_failed_and_not_retried() -> None:
    gone = subscription("gone")
    sender = FakeSender({gone.url: [SendOutcome(404)]})
    deliveries = FakeDeliveryLog()
    ledger = FakeLedger()
    consumer = dispatch(FakeSubscriptions([gone]), sender, deliveries, ledger)

    consumer.consume(message(make_article()), message_id="m-1")

    record = deliveries.records[("gone", "a" * 32)]
    assert (record.status, record.status_code, record.reason) == ("failed", 404, "http_404")
    assert LedgerKey("webhook", "a" * 32) in ledger.keys


def test_circuit_opens_after_consecutive_failures_and_skips_the_endpoint() -> None:
    dead = subscription("dead")
    subs = FakeSubscriptions([dead])
    sender = FakeSender({dead.url: [SendOutcome(None, "timeout")]})
    clock = FakeClock()
    consumer = dispatch(subs, sender, clock=clock)

    for n in range(4):
        with pytest.raises(TransientError):
            consumer.consume(message(make_article(article_id=f"{n}" * 32)), message_id=f"m-{n}")

    assert len(sender.requests) == 2  # threshold 2: then the circuit is open
    assert subs.by_id["dead"].open_until == int(NOW.timestamp()) + 60


def test_half_open_trial_after_cooldown_closes_the_circuit_on_success() -> None:
    flaky = subscription("flaky", consecutive_failures=2, open_until=int(NOW.timestamp()) + 60)
    subs = FakeSubscriptions([flaky])
    sender = FakeSender()
    clock = FakeClock()
    consumer = dispatch(subs, sender, clock=clock)
    body = message(make_article())

    with pytest.raises(TransientError):
        consumer.consume(body, message_id="m-1")
    clock.advance(61)
    consumer.consume(body, message_id="m-1")

    assert len(sender.requests) == 1
    assert subs.by_id["flaky"].consecutive_failures == 0
    assert subs.by_id["flaky"].open_until == 0


def test_no_matching_subscriber_just_records_the_article() -> None:
    ledger = FakeLedger()

    dispatch(FakeSubscriptions(), FakeSender(), ledger=ledger).consume(
        message(make_article()), message_id="m-1"
    )

    assert ledger.keys == {LedgerKey("webhook", "a" * 32)}


def test_subscription_cache_reloads_after_its_ttl_and_keeps_local_breaker_state() -> None:
    inner = FakeSubscriptions([subscription("s1")])
    now = [0.0]
    cache = CachedSubscriptions(inner, ttl_seconds=30, monotonic=lambda: now[0])

    cache.active()
    cache.note_failure("s1")
    cache.open_circuit("s1", 123)
    (cached,) = cache.active()
    now[0] = 31
    cache.active()

    assert (cached.consecutive_failures, cached.open_until) == (1, 123)
    assert inner.active_calls == 2


def test_webhook_payload_is_json_with_the_standard_envelope() -> None:
    sender = FakeSender()
    dispatch(FakeSubscriptions([subscription("s1")]), sender).consume(
        message(make_article()), message_id="m-1"
    )

    assert set(orjson.loads(sender.requests[0].body)) == {"type", "timestamp", "data"}
