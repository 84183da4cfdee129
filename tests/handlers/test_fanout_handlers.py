"""The real fan-out handlers on the events/ files, against template.yaml provisioned in moto.

Webhooks go over real HTTP to a receiver on loopback that checks Standard Webhooks
signatures the way a subscriber would, and can be told to fail.
"""

from __future__ import annotations

import copy
import json
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from boto3.dynamodb.conditions import Key
from standardwebhooks import Webhook

from newsflow_fanout.adapters.http_sender import HttpClientWebhookSender
from newsflow_fanout.ports import WebhookRequest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "events" / "_fixtures" / "fanout.fixtures.json"
REGION = "us-east-1"

SQS_EVENT = "sqs-articles.json"
# Sample event files per function (all of them must also run on a fresh stack).
SAMPLE_EVENTS = {
    "FeedFunction": [SQS_EVENT],
    "AnalyticsFunction": [SQS_EVENT],
    "WebhookFunction": [SQS_EVENT],
    "PutFollowsFunction": ["put-follows.json"],
    "GetFeedFunction": ["get-feed.json"],
    "GetTickerStatsFunction": ["get-stats.json"],
    "CreateWebhookSubscriptionFunction": ["create-subscription.json"],
}

Invoke = Callable[[str, dict[str, Any]], Any]


# ---------------------------------------------------------------- helpers


@pytest.fixture
def invoke(stack: Any, load_handler: Any, lambda_context: Any) -> Invoke:
    """Invoke a function by logical id; each function is cold-started once per test."""
    handlers: dict[str, Any] = {}

    def call(logical_id: str, event: dict[str, Any]) -> Any:
        if logical_id not in handlers:
            handlers[logical_id] = load_handler(stack, logical_id)
        return handlers[logical_id](copy.deepcopy(event), lambda_context)

    return call


def table(stack: Any, logical_id: str) -> Any:
    return boto3.resource("dynamodb", region_name=REGION).Table(stack.physical_id(logical_id))


def partition(stack: Any, logical_id: str, pk: str) -> list[dict[str, Any]]:
    return table(stack, logical_id).query(KeyConditionExpression=Key("pk").eq(pk))["Items"]


def ledger(stack: Any, consumer: str) -> list[dict[str, Any]]:
    return table(stack, "DeliveriesTable").query(
        KeyConditionExpression=Key("consumer").eq(consumer)
    )["Items"]


def http_body(response: dict[str, Any]) -> Any:
    return json.loads(response["body"])


def with_path(event: dict[str, Any], name: str, value: str) -> dict[str, Any]:
    changed = copy.deepcopy(event)
    old = changed["pathParameters"][name]
    changed["pathParameters"][name] = value
    for holder in (changed, changed["requestContext"]["http"]):
        key = "rawPath" if holder is changed else "path"
        holder[key] = holder[key].replace(f"/{old}/", f"/{value}/")
    return changed


def with_body(event: dict[str, Any], body: Any) -> dict[str, Any]:
    return {**event, "body": json.dumps(body)}


def with_query(event: dict[str, Any], query: dict[str, str]) -> dict[str, Any]:
    raw = "&".join(f"{k}={v}" for k, v in query.items())
    return {**event, "queryStringParameters": query, "rawQueryString": raw}


def article_of(record: dict[str, Any]) -> dict[str, Any]:
    return dict(json.loads(record["body"]))


def seed_fixtures(stack: Any) -> None:
    """What `newsflow invoke` seeds before it runs an event: our fixtures file."""
    spec = json.loads(FIXTURES.read_text(), parse_float=Decimal)
    for entry in spec["dynamodb"]:
        table(stack, entry["table"]).put_item(Item=entry["item"])


class Receiver:
    """A webhook subscriber on 127.0.0.1 that verifies every signature it gets.

    Paths are subscribers: ``secrets[path]`` verifies them and ``fail[path]`` makes the next
    N requests to that path answer 500.
    """

    def __init__(self) -> None:
        self.secrets: dict[str, str] = {}
        self.fail: dict[str, int] = {}
        self.redirect: dict[str, str] = {}
        self.calls: list[dict[str, Any]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                status = receiver.accept(self.path, body, dict(self.headers.items()))
                self.send_response(status)
                if self.path in receiver.redirect:
                    self.send_header("location", receiver.redirect[self.path])
                self.send_header("content-length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._lock = threading.Lock()

    def url(self, path: str) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{path}"

    def accept(self, path: str, body: bytes, headers: dict[str, str]) -> int:
        with self._lock:
            try:
                payload = Webhook(self.secrets[path]).verify(body, headers)
                verified = True
            except Exception:
                payload, verified = None, False
            lowered = {k.lower(): v for k, v in headers.items()}
            self.calls.append(
                {
                    "path": path,
                    "webhook_id": lowered.get("webhook-id"),
                    "verified": verified,
                    "payload": payload,
                }
            )
            if not verified:
                return 401
            if path in self.redirect:
                return 302
            if self.fail.get(path, 0) > 0:
                self.fail[path] -= 1
                return 500
            return 204

    def calls_to(self, path: str) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["path"] == path]

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    server = Receiver()
    server.start()
    yield server
    server.stop()


def subscribe(invoke: Invoke, load_event: Any, receiver: Receiver, path: str, **extra: Any) -> str:
    event = load_event("CreateWebhookSubscriptionFunction", "create-subscription.json")
    response = invoke(
        "CreateWebhookSubscriptionFunction",
        with_body(event, {"url": receiver.url(path), **extra}),
    )
    assert response["statusCode"] == 201, response
    created = http_body(response)
    receiver.secrets[path] = created["secret"]
    return str(created["id"])


# ---------------------------------------------------------------- follows and feeds


def test_put_follows_writes_both_directions_and_drops_removed_ones(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    event = load_event("PutFollowsFunction", "put-follows.json")

    first = invoke("PutFollowsFunction", event)
    second = invoke("PutFollowsFunction", with_body(event, {"tickers": ["MSFT", "TSLA"]}))

    assert first["statusCode"] == 200
    assert http_body(first)["added"] == ["AAPL", "MSFT", "NVDA"]
    assert http_body(second) == {
        "user_id": "ava",
        "tickers": ["MSFT", "TSLA"],
        "added": ["TSLA"],
        "removed": ["AAPL", "NVDA"],
    }
    assert [i["sk"] for i in partition(stack, "FeedsTable", "USER#ava")] == [
        "FOLLOW#MSFT",
        "FOLLOW#TSLA",
    ]
    assert partition(stack, "FeedsTable", "TICKER#AAPL") == []
    assert [i["sk"] for i in partition(stack, "FeedsTable", "TICKER#TSLA")] == ["FOLLOWER#ava"]


def test_feed_writes_one_item_per_follower_and_redelivery_adds_nothing(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    follows = load_event("PutFollowsFunction", "put-follows.json")  # ava: AAPL, MSFT, NVDA
    invoke("PutFollowsFunction", follows)
    invoke(
        "PutFollowsFunction",
        with_body(with_path(follows, "user_id", "ben"), {"tickers": ["MSFT", "JPM"]}),
    )
    invoke(
        "PutFollowsFunction", with_body(with_path(follows, "user_id", "cy"), {"tickers": ["XOM"]})
    )
    event = load_event("FeedFunction", SQS_EVENT)
    apple_msft, jpm = (article_of(r) for r in event["Records"])

    first = invoke("FeedFunction", event)
    again = invoke("FeedFunction", event)

    assert first == again == {"batchItemFailures": []}
    ava = partition(stack, "FeedsTable", "FEED#ava")
    ben = partition(stack, "FeedsTable", "FEED#ben")
    assert [i["article_id"] for i in ava] == [apple_msft["article_id"]]
    assert ava[0]["matched"] == ["AAPL", "MSFT"]  # one item even though two tickers match
    assert sorted(i["article_id"] for i in ben) == sorted(
        [apple_msft["article_id"], jpm["article_id"]]
    )
    assert partition(stack, "FeedsTable", "FEED#cy") == []
    assert len(ledger(stack, "feed")) == 2


def test_poison_record_fails_alone_and_the_rest_of_the_batch_commits(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    event = load_event("FeedFunction", SQS_EVENT)
    poison = event["Records"][0]
    poison["body"] = '{"headline": "no article here"}'

    response = invoke("FeedFunction", event)

    assert response == {"batchItemFailures": [{"itemIdentifier": poison["messageId"]}]}
    good = article_of(event["Records"][1])
    assert [i["article_id"] for i in ledger(stack, "feed")] == [good["article_id"]]


def test_get_feed_pages_newest_first_with_a_cursor(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    seed_fixtures(stack)  # ava's feed holds two articles
    event = with_query(load_event("GetFeedFunction", "get-feed.json"), {"limit": "1"})

    pages, cursor = [], None
    for _ in range(5):
        page_event = with_query(event, {"limit": "1", **({"cursor": cursor} if cursor else {})})
        response = invoke("GetFeedFunction", page_event)
        assert response["statusCode"] == 200
        page = http_body(response)
        pages.append([i["published_at"] for i in page["items"]])
        cursor = page["next_cursor"]
        if cursor is None:
            break

    published = [p for page in pages for p in page]
    assert published == ["2025-03-14T14:32:10Z", "2025-03-13T21:10:00Z"]
    assert all(len(page) <= 1 for page in pages)


# ---------------------------------------------------------------- analytics


def test_analytics_counts_an_article_once_when_the_same_message_is_processed_twice(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    event = load_event("AnalyticsFunction", SQS_EVENT)

    assert invoke("AnalyticsFunction", event) == {"batchItemFailures": []}
    assert invoke("AnalyticsFunction", event) == {"batchItemFailures": []}

    rows = table(stack, "AnalyticsTable")
    apple = rows.get_item(Key={"ticker": "AAPL", "hour": "2025-03-14T14"})["Item"]
    jpm = rows.get_item(Key={"ticker": "JPM", "hour": "2025-03-14T15"})["Item"]
    assert (apple["mentions"], float(apple["sentiment_sum"]), apple["sentiment_count"]) == (
        1,
        0.62,
        1,
    )
    assert jpm["mentions"] == 1
    assert len(ledger(stack, "analytics")) == 2


def test_ticker_stats_return_the_hourly_rows_counted_by_analytics(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    event = load_event("AnalyticsFunction", SQS_EVENT)
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    for n, record in enumerate(event["Records"]):
        article = article_of(record)
        record["body"] = json.dumps(
            {
                **article,
                "article_id": f"{n}" * 32,
                "published_at": now,
                "tickers": [article["tickers"][0]],
            }
        )
    record_symbols = {article_of(r)["tickers"][0]["symbol"] for r in event["Records"]}
    assert "AAPL" in record_symbols
    invoke("AnalyticsFunction", event)

    response = invoke(
        "GetTickerStatsFunction",
        with_query(load_event("GetTickerStatsFunction", "get-stats.json"), {"hours": "3"}),
    )

    assert response["statusCode"] == 200
    stats = http_body(response)
    assert stats["symbol"] == "AAPL"
    assert [r["mentions"] for r in stats["rows"]] == [0, 0, 1]
    assert stats["rows"][-1]["avg_sentiment"] == 0.62


# ---------------------------------------------------------------- webhooks


def test_create_subscription_returns_201_with_the_secret_and_stores_it(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    response = invoke(
        "CreateWebhookSubscriptionFunction",
        load_event("CreateWebhookSubscriptionFunction", "create-subscription.json"),
    )

    assert response["statusCode"] == 201
    created = http_body(response)
    assert created["secret"].startswith("whsec_")
    assert created["tickers"] == ["AAPL", "JPM"]
    (stored,) = partition(stack, "WebhooksTable", f"SUB#{created['id']}")
    assert stored["sk"] == "META"
    assert stored["url"] == "https://hooks.example.com/newsflow"
    assert stored["secret"] == created["secret"]
    assert stored["active"] is True


def test_webhook_signature_verifies_and_a_retry_after_a_500_reuses_the_webhook_id(
    stack: Any, invoke: Invoke, load_event: Any, receiver: Receiver
) -> None:
    subscribe(invoke, load_event, receiver, "/hooks/all")
    receiver.fail["/hooks/all"] = 1  # the first delivery gets a 500
    event = load_event("WebhookFunction", SQS_EVENT)
    first_id, second_id = (r["messageId"] for r in event["Records"])

    first = invoke("WebhookFunction", event)
    retry = invoke("WebhookFunction", event)  # SQS redelivers the whole batch here

    assert first == {"batchItemFailures": [{"itemIdentifier": first_id}]}
    assert retry == {"batchItemFailures": []}
    calls = receiver.calls_to("/hooks/all")
    assert all(c["verified"] for c in calls)
    assert len(calls) == 3  # article 1 twice (500, then 204), article 2 once
    assert calls[0]["webhook_id"] == calls[2]["webhook_id"]
    assert calls[1]["webhook_id"] != calls[0]["webhook_id"]
    assert calls[2]["payload"]["type"] == "article.enriched"
    assert "body" not in calls[2]["payload"]["data"]
    assert second_id not in json.dumps(first)
    assert len(ledger(stack, "webhook")) == 2


def test_an_already_delivered_subscriber_is_not_called_again(
    stack: Any, invoke: Invoke, load_event: Any, receiver: Receiver
) -> None:
    delivered = subscribe(invoke, load_event, receiver, "/hooks/ok", tickers=["AAPL"])
    subscribe(invoke, load_event, receiver, "/hooks/flaky")
    receiver.fail["/hooks/flaky"] = 1
    event = load_event("WebhookFunction", SQS_EVENT)
    event["Records"] = event["Records"][:1]  # the Apple/Microsoft article

    with pytest.raises(BatchProcessingError):  # every record failed: the Lambda errors
        invoke("WebhookFunction", event)
    assert invoke("WebhookFunction", event) == {"batchItemFailures": []}

    assert len(receiver.calls_to("/hooks/ok")) == 1
    assert len(receiver.calls_to("/hooks/flaky")) == 2
    article_id = article_of(event["Records"][0])["article_id"]
    (record,) = partition(stack, "WebhooksTable", f"DELIVERY#{delivered}")
    assert (record["sk"], record["status"], record["status_code"]) == (article_id, "delivered", 204)


def test_sender_never_follows_redirects_and_reports_unreachable_endpoints(
    receiver: Receiver,
) -> None:
    secret = "whsec_" + "A" * 32
    receiver.secrets["/moved"] = receiver.secrets["/elsewhere"] = secret
    receiver.redirect["/moved"] = receiver.url("/elsewhere")
    now = datetime.now(UTC)
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(int(now.timestamp())),
        "webhook-signature": Webhook(secret).sign("msg_1", now, "{}"),
    }
    sender = HttpClientWebhookSender(timeout_seconds=2)

    moved = sender.send(WebhookRequest(receiver.url("/moved"), b"{}", headers))
    refused = sender.send(WebhookRequest("http://127.0.0.1:9/closed", b"{}", headers))

    assert moved.status == 302
    assert receiver.calls_to("/elsewhere") == []
    assert refused.status is None
    assert "ConnectionRefused" in refused.error


# ---------------------------------------------------------------- sample events


def test_every_fanout_sample_event_succeeds_on_a_seeded_stack(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    """What `newsflow invoke` does per file: fixtures seeded, the handler returns.

    WebhookFunction runs before any subscription exists, as on a fresh stack: it delivers
    to nobody and records its ledger entries.
    """
    seed_fixtures(stack)

    for logical_id, names in SAMPLE_EVENTS.items():
        for name in names:
            response = invoke(logical_id, load_event(logical_id, name))
            if "statusCode" in response:
                assert response["statusCode"] in {200, 201}, (logical_id, name, response)
            else:
                assert response == {"batchItemFailures": []}, (logical_id, name)

    for consumer in ("feed", "analytics", "webhook"):
        assert len(ledger(stack, consumer)) == 2, consumer


def test_bad_api_input_answers_400_with_the_reason(
    stack: Any, invoke: Invoke, load_event: Any
) -> None:
    follows = load_event("PutFollowsFunction", "put-follows.json")
    feed = load_event("GetFeedFunction", "get-feed.json")
    stats = load_event("GetTickerStatsFunction", "get-stats.json")
    subscription = load_event("CreateWebhookSubscriptionFunction", "create-subscription.json")
    cases = [
        (
            "PutFollowsFunction",
            with_body(follows, {"tickers": ["no spaces"]}),
            "invalid_field:tickers",
        ),
        ("PutFollowsFunction", {**follows, "body": "not json"}, "invalid_json"),
        ("GetFeedFunction", with_query(feed, {"cursor": "bm9wZQ"}), "invalid_field:cursor"),
        ("GetTickerStatsFunction", with_query(stats, {"hours": "9999"}), "invalid_field:hours"),
        (
            "CreateWebhookSubscriptionFunction",
            with_body(subscription, {"url": "file:///etc/passwd"}),
            "invalid_field:url",
        ),
    ]

    for logical_id, event, reason in cases:
        response = invoke(logical_id, event)
        assert response["statusCode"] == 400, (logical_id, response)
        assert http_body(response)["error"] == reason
