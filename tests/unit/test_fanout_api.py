"""HTTP API domain logic (follows, feed pages, ticker stats, subscriptions) on fakes."""

from __future__ import annotations

import base64

import orjson
import pytest
from standardwebhooks import Webhook

from newsflow_core.errors import ValidationError
from newsflow_fanout.logic.create_subscription import SubscriptionService, new_secret
from newsflow_fanout.logic.get_feed import FeedQuery, decode_cursor, encode_cursor
from newsflow_fanout.logic.get_ticker_stats import TickerStats
from newsflow_fanout.logic.put_follows import FollowsService
from newsflow_fanout.ports import FeedItem, HourlyIncrement, LedgerKey
from tests.unit.test_fanout_fakes import FakeAnalytics, FakeClock, FakeFeeds, FakeSubscriptions


def body(data: object) -> str:
    return orjson.dumps(data).decode()


def reason_of(call: object) -> str:
    assert callable(call)
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.reason


# ---------------------------------------------------------------- PUT follows


def test_put_follows_replaces_the_set_writing_only_the_difference() -> None:
    store = FakeFeeds({"ava": {"AAPL", "MSFT"}})

    change = FollowsService(store).replace("ava", body({"tickers": ["msft", "NVDA", "NVDA"]}))

    assert change.to_dict() == {
        "user_id": "ava",
        "tickers": ["MSFT", "NVDA"],
        "added": ["NVDA"],
        "removed": ["AAPL"],
    }
    assert store.changes == [("ava", ["NVDA"], ["AAPL"])]
    assert store.followed("ava") == {"MSFT", "NVDA"}


def test_put_follows_with_the_same_set_writes_nothing() -> None:
    store = FakeFeeds({"ava": {"AAPL"}})

    FollowsService(store).replace("ava", body({"tickers": ["AAPL"]}))

    assert store.changes == []


@pytest.mark.parametrize(
    ("user", "payload", "reason"),
    [
        ("ava", None, "missing_body"),
        ("ava", "{not json", "invalid_json"),
        ("ava", "[]", "not_an_object"),
        ("ava", body({}), "missing_field:tickers"),
        ("ava", body({"tickers": "AAPL"}), "invalid_field:tickers"),
        ("ava", body({"tickers": ["AAPL", "not a ticker"]}), "invalid_field:tickers"),
        ("ava", body({"tickers": [42]}), "invalid_field:tickers"),
        ("ava", body({"tickers": ["TOOLONGTICKER"]}), "invalid_field:tickers"),
        ("ava", body({"tickers": [f"T{i}" for i in range(101)]}), "invalid_field:tickers"),
        ("a#b", body({"tickers": []}), "invalid_field:user_id"),
    ],
)
def test_put_follows_rejects_bad_input(user: str, payload: str | None, reason: str) -> None:
    assert reason_of(lambda: FollowsService(FakeFeeds()).replace(user, payload)) == reason


# ---------------------------------------------------------------- GET feed


def feed_item(user: str, n: int) -> FeedItem:
    return FeedItem(
        user_id=user,
        article_id=f"{n:032x}",
        published_at=f"2025-03-14T15:00:{n:02d}Z",
        headline=f"h{n}",
        url=f"https://news.example.com/{n}",
        source="wire",
        tickers=("AAPL",),
        matched=("AAPL",),
    )


def test_feed_pages_newest_first_with_an_opaque_cursor() -> None:
    feeds = FakeFeeds()
    feeds.put_items([feed_item("ava", n) for n in range(5)] + [feed_item("ben", 9)])
    query = FeedQuery(feeds)

    first = query.page("ava", limit="2", cursor=None)
    second = query.page("ava", limit="2", cursor=first.next_cursor)
    third = query.page("ava", limit="2", cursor=second.next_cursor)

    headlines = [i["headline"] for p in (first, second, third) for i in p.to_dict()["items"]]
    assert headlines == ["h4", "h3", "h2", "h1", "h0"]
    assert third.next_cursor is None


def test_cursor_round_trips_and_rejects_tampering() -> None:
    position = "2025-03-14T15:00:00Z#abc"
    assert decode_cursor(encode_cursor(position)) == position
    forged = base64.urlsafe_b64encode(b'{"pk": "FEED#ben"}').decode()
    for bad in ("!!!", forged, encode_cursor("")):
        assert reason_of(lambda bad=bad: decode_cursor(bad)) == "invalid_field:cursor"


@pytest.mark.parametrize("limit", ["0", "101", "ten"])
def test_feed_limit_must_be_1_to_100(limit: str) -> None:
    assert (
        reason_of(lambda: FeedQuery(FakeFeeds()).page("ava", limit=limit, cursor=None))
        == "invalid_field:limit"
    )


# ---------------------------------------------------------------- GET ticker stats


def test_stats_return_one_row_per_hour_oldest_first_with_gaps_filled() -> None:
    counter = FakeAnalytics()
    counter.apply_once(LedgerKey("analytics", "1"), [HourlyIncrement("AAPL", "2025-03-14T15", 0.5)])
    counter.apply_once(LedgerKey("analytics", "2"), [HourlyIncrement("AAPL", "2025-03-14T15", 0.1)])
    counter.apply_once(
        LedgerKey("analytics", "3"), [HourlyIncrement("AAPL", "2025-03-14T13", None)]
    )
    counter.apply_once(LedgerKey("analytics", "4"), [HourlyIncrement("AAPL", "2025-03-13T15", 1.0)])

    view = TickerStats(counter, FakeClock()).hourly("aapl", "3").to_dict()

    assert view["symbol"] == "AAPL"
    assert (view["from"], view["to"], view["total_mentions"]) == (
        "2025-03-14T13",
        "2025-03-14T15",
        3,
    )
    assert view["rows"] == [
        {
            "hour": "2025-03-14T13",
            "mentions": 1,
            "sentiment_sum": 0.0,
            "sentiment_count": 0,
            "avg_sentiment": None,
        },
        {
            "hour": "2025-03-14T14",
            "mentions": 0,
            "sentiment_sum": 0.0,
            "sentiment_count": 0,
            "avg_sentiment": None,
        },
        {
            "hour": "2025-03-14T15",
            "mentions": 2,
            "sentiment_sum": 0.6,
            "sentiment_count": 2,
            "avg_sentiment": 0.3,
        },
    ]


def test_stats_default_to_24_hours() -> None:
    assert len(TickerStats(FakeAnalytics(), FakeClock()).hourly("AAPL", None).rows) == 24


@pytest.mark.parametrize(
    ("symbol", "hours", "reason"),
    [
        ("AAPL", "0", "invalid_field:hours"),
        ("AAPL", "721", "invalid_field:hours"),
        ("AAPL", "x", "invalid_field:hours"),
        ("$AAPL", "24", "invalid_field:symbol"),
    ],
)
def test_stats_reject_bad_input(symbol: str, hours: str, reason: str) -> None:
    assert reason_of(lambda: TickerStats(FakeAnalytics(), FakeClock()).hourly(symbol, hours)) == (
        reason
    )


# ---------------------------------------------------------------- POST webhooks


def test_create_subscription_stores_it_and_returns_the_secret_once() -> None:
    store = FakeSubscriptions()

    created = SubscriptionService(store, FakeClock()).create(
        body({"url": "https://hooks.example.com/in", "tickers": ["aapl", "JPM"]})
    )

    view = created.to_dict()
    stored = store.by_id[view["id"]]
    assert view["id"].startswith("sub_")
    assert view["tickers"] == ["AAPL", "JPM"]
    assert view["created_at"] == "2025-03-14T15:09:26Z"
    assert stored.secret == view["secret"]
    assert stored.tickers == ("AAPL", "JPM")


def test_subscription_without_tickers_gets_every_article() -> None:
    store = FakeSubscriptions()

    created = SubscriptionService(store, FakeClock()).create(
        body({"url": "http://127.0.0.1:8080/hook"})
    )

    assert created.subscription.tickers == ("*",)


def test_generated_secret_is_a_usable_standard_webhooks_secret() -> None:
    secret = new_secret()

    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"))) == 32
    Webhook(secret)  # the library accepts it


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ({}, "missing_field:url"),
        ({"url": 5}, "invalid_field:url"),
        ({"url": "ftp://hooks.example.com"}, "invalid_field:url"),
        ({"url": "/relative"}, "invalid_field:url"),
        ({"url": "https://user:pw@hooks.example.com/"}, "invalid_field:url"),
        ({"url": "https://hooks.example.com:99999/"}, "invalid_field:url"),
        ({"url": "https://hooks.example.com", "tickers": []}, "invalid_field:tickers"),
        ({"url": "https://hooks.example.com", "tickers": ["bad ticker"]}, "invalid_field:tickers"),
    ],
)
def test_create_subscription_rejects_bad_input(payload: dict[str, object], reason: str) -> None:
    service = SubscriptionService(FakeSubscriptions(), FakeClock())
    assert reason_of(lambda: service.create(body(payload))) == reason
