"""WebhooksTable: subscriptions and their delivery records.

- subscription     ``pk=SUB#<id>``       ``sk=META``  url, tickers, secret, created_at, active,
                   consecutive_failures, open_until (the circuit breaker)
- delivery record  ``pk=DELIVERY#<id>``  ``sk=<article_id>``  status, webhook_id, status_code,
                   reason, attempted_at, expires_at
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from newsflow_fanout.adapters.dynamodb import (
    batch_get,
    error_code,
    scan_all,
    to_item,
    transient,
)
from newsflow_fanout.adapters.dynamodb_ledger import LEDGER_TTL
from newsflow_fanout.ports import (
    DeliveryLog,
    DeliveryRecord,
    Subscription,
    SubscriptionDirectory,
    SubscriptionWriter,
)

SUB = "SUB#"
META = "META"
DELIVERY = "DELIVERY#"
# Delivery records only have to outlive the message's retries; expire them with the ledger.
DELIVERY_TTL: timedelta = LEDGER_TTL
_EXISTS = "attribute_exists(pk)"


def _subscription_key(subscription_id: str) -> dict[str, Any]:
    return to_item({"pk": f"{SUB}{subscription_id}", "sk": META})


def _subscription(record: dict[str, Any]) -> Subscription:
    return Subscription(
        subscription_id=str(record["subscription_id"]),
        url=str(record["url"]),
        tickers=tuple(str(t) for t in record.get("tickers", ())),
        secret=str(record["secret"]),
        created_at=str(record.get("created_at", "")),
        active=bool(record.get("active", True)),
        consecutive_failures=int(record.get("consecutive_failures", 0)),
        open_until=int(record.get("open_until", 0)),
    )


class DynamoSubscriptions(SubscriptionDirectory, SubscriptionWriter):
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def active(self) -> list[Subscription]:
        # A Scan reads the delivery records too (and pays for them); callers cache the result,
        # and the records expire (expires_at) so the table stays small.
        items = scan_all(
            self._client,
            TableName=self._table,
            FilterExpression="sk = :meta AND #active = :yes",
            ExpressionAttributeNames={"#active": "active"},
            ExpressionAttributeValues=to_item({":meta": META, ":yes": True}),
        )
        return sorted(
            (_subscription(i) for i in items), key=lambda s: (s.created_at, s.subscription_id)
        )

    def create(self, subscription: Subscription) -> None:
        record = {
            "pk": f"{SUB}{subscription.subscription_id}",
            "sk": META,
            "subscription_id": subscription.subscription_id,
            "url": subscription.url,
            "tickers": list(subscription.tickers),
            "secret": subscription.secret,
            "created_at": subscription.created_at,
            "active": subscription.active,
            "consecutive_failures": 0,
        }
        try:
            self._client.put_item(
                TableName=self._table,
                Item=to_item(record),
                ConditionExpression="attribute_not_exists(pk)",
            )
        except (ClientError, BotoCoreError) as exc:
            # A random 128-bit id that already exists is a retry-worthy fluke, not bad input.
            raise transient(exc, "PutItem") from exc

    def note_failure(self, subscription_id: str) -> int:
        response = self._update_breaker(
            Key=_subscription_key(subscription_id),
            UpdateExpression="ADD consecutive_failures :one",
            ExpressionAttributeValues=to_item({":one": 1}),
            ReturnValues="UPDATED_NEW",
        )
        attributes = (response or {}).get("Attributes", {})
        return int(attributes.get("consecutive_failures", {}).get("N", "0"))

    def open_circuit(self, subscription_id: str, until_epoch: int) -> None:
        self._update_breaker(
            Key=_subscription_key(subscription_id),
            UpdateExpression="SET open_until = :until",
            ExpressionAttributeValues=to_item({":until": until_epoch}),
        )

    def reset_circuit(self, subscription_id: str) -> None:
        self._update_breaker(
            Key=_subscription_key(subscription_id),
            UpdateExpression="SET consecutive_failures = :zero REMOVE open_until",
            ExpressionAttributeValues=to_item({":zero": 0}),
        )

    def _update_breaker(self, **request: Any) -> dict[str, Any] | None:
        """One breaker update; None when the subscription no longer exists.

        The ``attribute_exists`` condition keeps a deleted subscription from coming back as
        a fragment that holds only a failure count.
        """
        try:
            return dict(
                self._client.update_item(
                    TableName=self._table, ConditionExpression=_EXISTS, **request
                )
            )
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return None
            raise transient(exc, "UpdateItem") from exc
        except BotoCoreError as exc:
            raise transient(exc, "UpdateItem") from exc


class DynamoDeliveryLog(DeliveryLog):
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def settled(self, article_id: str, subscription_ids: Sequence[str]) -> set[str]:
        keys = [to_item({"pk": f"{DELIVERY}{s}", "sk": article_id}) for s in subscription_ids]
        found = batch_get(self._client, self._table, keys, projection={"#pk": "pk"})
        return {str(i["pk"])[len(DELIVERY) :] for i in found}

    def record(self, delivery: DeliveryRecord) -> None:
        now = int(time.time())
        record = {
            "pk": f"{DELIVERY}{delivery.subscription_id}",
            "sk": delivery.article_id,
            "subscription_id": delivery.subscription_id,
            "article_id": delivery.article_id,
            "webhook_id": delivery.webhook_id,
            "status": delivery.status,
            "status_code": delivery.status_code,
            "reason": delivery.reason or None,
            "attempted_at": delivery.attempted_at,
            "expires_at": now + int(DELIVERY_TTL.total_seconds()),
        }
        try:
            self._client.put_item(TableName=self._table, Item=to_item(record))
        except (ClientError, BotoCoreError) as exc:
            raise transient(exc, "PutItem") from exc
