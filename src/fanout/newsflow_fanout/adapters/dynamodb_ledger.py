"""DeliveriesTable: the fan-out idempotency ledger, one item per (consumer, article_id)."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from newsflow_fanout.adapters.dynamodb import error_code, to_item, transient
from newsflow_fanout.ports import DeliveryLedger, LedgerKey

# Longer than any replay can arrive: SQS keeps a message 4 days and its DLQ 14, so a
# redrive within 30 days is still recognised. Older replays are new work.
LEDGER_TTL = timedelta(days=30)
_NOT_YET_RECORDED = "attribute_not_exists(article_id)"


def ledger_put(table: str, key: LedgerKey, ttl: timedelta = LEDGER_TTL) -> dict[str, Any]:
    """The conditional Put of a ledger entry, for PutItem and for TransactWriteItems."""
    now = int(time.time())
    return {
        "TableName": table,
        "Item": to_item(
            {
                "consumer": key.consumer,
                "article_id": key.article_id,
                "recorded_at": now,
                "expires_at": now + int(ttl.total_seconds()),
            }
        ),
        "ConditionExpression": _NOT_YET_RECORDED,
    }


class DynamoDeliveryLedger(DeliveryLedger):
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def contains(self, key: LedgerKey) -> bool:
        try:
            response = self._client.get_item(
                TableName=self._table,
                Key=to_item({"consumer": key.consumer, "article_id": key.article_id}),
                ProjectionExpression="article_id",
            )
        except (ClientError, BotoCoreError) as exc:
            raise transient(exc, "GetItem") from exc
        return "Item" in response

    def record(self, key: LedgerKey) -> bool:
        try:
            self._client.put_item(**ledger_put(self._table, key))
        except ClientError as exc:
            if error_code(exc) == "ConditionalCheckFailedException":
                return False
            raise transient(exc, "PutItem") from exc
        except BotoCoreError as exc:
            raise transient(exc, "PutItem") from exc
        return True
