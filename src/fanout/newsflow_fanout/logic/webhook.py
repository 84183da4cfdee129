"""Webhook consumer: signed deliveries (Standard Webhooks) to every matching subscriber.

Retries are SQS's: when any matching subscriber could not be reached, the message fails
and comes back after the visibility timeout, until maxReceiveCount moves it to the DLQ.
What a retry must not do is deliver twice, so:

- each (subscriber, article) pair has one ``webhook-id``, derived from both ids, so every
  attempt carries the same id and receivers can dedupe on it as the spec asks;
- a delivery record is written per subscriber as soon as it is settled (a 2xx, or a 4xx
  that retrying cannot fix), and a retry only calls the subscribers without one;
- the ``webhook`` ledger entry is written when every matching subscriber is settled.

A POST that succeeded but whose record was not written is sent again with the same
webhook-id: at least once, deduplicable, never silently lost.

Each endpoint has a circuit breaker: after ``BreakerPolicy.threshold`` consecutive
transient failures it opens for ``cooldown`` and the endpoint is not called (its articles
are retried by SQS). The first call after the cooldown is the trial: success closes the
circuit, another failure reopens it. The breaker also bounds how much of a 30 s invocation
one dead endpoint can burn on timeouts.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

import orjson
from aws_lambda_powertools.metrics import MetricUnit
from standardwebhooks import Webhook

from newsflow_core.article import ARTICLE_ENRICHED, Article
from newsflow_core.errors import TransientError
from newsflow_core.observability import MetricName, logger, metrics
from newsflow_fanout.logic.consumer import ArticleConsumer
from newsflow_fanout.logic.timestamps import iso_utc
from newsflow_fanout.ports import (
    Clock,
    DeliveryLedger,
    DeliveryLog,
    DeliveryRecord,
    LedgerKey,
    SendOutcome,
    Subscription,
    SubscriptionDirectory,
    WebhookRequest,
    WebhookSender,
)

USER_AGENT = "Newsflow-Webhooks/1.0"
# Receivers may answer these "later, please": retry like a 5xx.
RETRYABLE_4XX = frozenset({408, 429})


@dataclass(frozen=True, slots=True)
class BreakerPolicy:
    threshold: int = 3
    cooldown: timedelta = timedelta(seconds=60)


class Verdict(Enum):
    DELIVERED = "delivered"
    REJECTED = "rejected"  # settled as failed: the receiver refused this message for good
    RETRY = "retry"


def classify(outcome: SendOutcome) -> Verdict:
    status = outcome.status
    if status is None or status >= 500 or status in RETRYABLE_4XX:
        return Verdict.RETRY
    if 200 <= status < 300:
        return Verdict.DELIVERED
    # Redirects are not followed (a POST must not turn into a GET elsewhere), so a 3xx is
    # as final as a 4xx.
    return Verdict.REJECTED


def webhook_id(subscription_id: str, article_id: str) -> str:
    """Stable across retries and redeliveries of the same article to the same subscriber."""
    digest = hashlib.sha256(f"{subscription_id}\n{article_id}".encode()).hexdigest()
    return f"msg_{digest[:32]}"


def event_payload(article: Article, occurred_at: datetime) -> bytes:
    data = article.to_dict()
    del data["body"]  # subscribers get the enriched metadata and the link, not the text
    event = {
        "type": ARTICLE_ENRICHED,
        "timestamp": iso_utc(occurred_at, "milliseconds"),
        "data": data,
    }
    return orjson.dumps(event)


def signed_request(
    subscription: Subscription, message_id: str, payload: bytes, now: datetime
) -> WebhookRequest:
    signature = Webhook(subscription.secret).sign(message_id, now, payload.decode())
    return WebhookRequest(
        url=subscription.url,
        body=payload,
        headers={
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": message_id,
            "webhook-timestamp": str(int(now.timestamp())),
            "webhook-signature": signature,
        },
    )


class WebhookDispatch(ArticleConsumer):
    name = "webhook"

    def __init__(
        self,
        *,
        subscriptions: SubscriptionDirectory,
        deliveries: DeliveryLog,
        sender: WebhookSender,
        ledger: DeliveryLedger,
        clock: Clock,
        breaker: BreakerPolicy | None = None,
    ) -> None:
        self._subscriptions = subscriptions
        self._deliveries = deliveries
        self._sender = sender
        self._ledger = ledger
        self._clock = clock
        self._breaker = breaker or BreakerPolicy()

    def handle(self, article: Article, queued_at: datetime | None) -> None:
        # No ledger read first: the delivery records already make a redelivery call nobody,
        # and the conditional ledger put at the end tells a redelivery from new work.
        symbols = article.symbols
        matching = [s for s in self._subscriptions.active() if s.matches(symbols)]
        settled = (
            self._deliveries.settled(article.article_id, [s.subscription_id for s in matching])
            if matching
            else set()
        )
        payload = event_payload(article, queued_at or self._clock.now())
        unsettled: list[str] = []
        for subscription in matching:
            if subscription.subscription_id in settled:
                continue
            if not self._deliver(subscription, article, payload):
                unsettled.append(subscription.subscription_id)
        if unsettled:
            raise TransientError(
                f"article {article.article_id}: {len(unsettled)} subscriber(s) not reached "
                f"yet ({', '.join(unsettled)}); SQS will retry"
            )
        if not self._ledger.record(LedgerKey(self.name, article.article_id)):
            self.already_done(article)

    def _deliver(self, subscription: Subscription, article: Article, payload: bytes) -> bool:
        """Try one subscriber; True when it is settled (delivered or refused for good)."""
        now = self._clock.now()
        log: dict[str, object] = {
            "subscription_id": subscription.subscription_id,
            "article_id": article.article_id,
        }
        if subscription.circuit_open(now):
            logger.warning("circuit open, delivery deferred", extra=log)
            return False
        message_id = webhook_id(subscription.subscription_id, article.article_id)
        outcome = self._sender.send(signed_request(subscription, message_id, payload, now))
        verdict = classify(outcome)
        log |= {"webhook_id": message_id, "status_code": outcome.status, "error": outcome.error}
        if verdict is Verdict.RETRY:
            metrics.add_metric(name=MetricName.WEBHOOKS_FAILED, unit=MetricUnit.Count, value=1)
            self._trip(subscription, now, log)
            return False
        if subscription.consecutive_failures or subscription.open_until:
            self._subscriptions.reset_circuit(subscription.subscription_id)
        delivered = verdict is Verdict.DELIVERED
        self._deliveries.record(
            DeliveryRecord(
                subscription_id=subscription.subscription_id,
                article_id=article.article_id,
                webhook_id=message_id,
                status="delivered" if delivered else "failed",
                attempted_at=iso_utc(now),
                status_code=outcome.status,
                reason="" if delivered else f"http_{outcome.status}",
            )
        )
        if delivered:
            metrics.add_metric(name=MetricName.WEBHOOKS_DELIVERED, unit=MetricUnit.Count, value=1)
        else:
            logger.warning("subscriber refused the webhook; not retried", extra=log)
            metrics.add_metric(name=MetricName.WEBHOOKS_FAILED, unit=MetricUnit.Count, value=1)
        return True

    def _trip(self, subscription: Subscription, now: datetime, log: dict[str, object]) -> None:
        failures = self._subscriptions.note_failure(subscription.subscription_id)
        if failures >= self._breaker.threshold:
            until = int((now + self._breaker.cooldown).timestamp())
            self._subscriptions.open_circuit(subscription.subscription_id, until)
            logger.warning(
                "webhook failed; circuit opened",
                extra=log | {"consecutive_failures": failures, "open_until": until},
            )
        else:
            logger.warning(
                "webhook failed; will retry", extra=log | {"consecutive_failures": failures}
            )
