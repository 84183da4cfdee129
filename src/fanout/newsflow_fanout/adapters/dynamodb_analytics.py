"""AnalyticsTable (``ticker``, ``hour``) counters, updated in one transaction with the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from newsflow_fanout.adapters.dynamodb import error_code, query_all, to_item, transient
from newsflow_fanout.adapters.dynamodb_ledger import ledger_put
from newsflow_fanout.ports import (
    AnalyticsCounter,
    AnalyticsReader,
    HourlyIncrement,
    HourlyStat,
    LedgerKey,
)

# TransactWriteItems takes at most 100 actions; one of them is the ledger put.
TRANSACTION_MAX_ACTIONS = 100
# "hour" is a DynamoDB reserved word.
_NAMES = {"#ticker": "ticker", "#hour": "hour"}


def _increment(table: str, inc: HourlyIncrement) -> dict[str, Any]:
    values: dict[str, Any] = {":one": 1}
    expression = "ADD mentions :one"
    if inc.sentiment is not None:
        values[":s"] = inc.sentiment
        expression += ", sentiment_sum :s, sentiment_count :one"
    return {
        "Update": {
            "TableName": table,
            "Key": to_item({"ticker": inc.ticker, "hour": inc.hour}),
            "UpdateExpression": expression,
            "ExpressionAttributeValues": to_item(values),
        }
    }


class DynamoAnalyticsCounter(AnalyticsCounter):
    def __init__(self, client: Any, analytics_table: str, deliveries_table: str) -> None:
        self._client = client
        self._table = analytics_table
        self._ledger_table = deliveries_table

    @property
    def max_increments_per_apply(self) -> int:
        return TRANSACTION_MAX_ACTIONS - 1

    def apply_once(self, marker: LedgerKey, increments: Sequence[HourlyIncrement]) -> bool:
        actions = [{"Put": ledger_put(self._ledger_table, marker)}]
        actions += [_increment(self._table, inc) for inc in increments]
        try:
            self._client.transact_write_items(TransactItems=actions)
        except ClientError as exc:
            reasons = exc.response.get("CancellationReasons") or [{}]
            if (
                error_code(exc) == "TransactionCanceledException"
                and reasons[0].get("Code") == "ConditionalCheckFailed"
            ):
                return False  # the ledger says these increments were already applied
            raise transient(exc, "TransactWriteItems") from exc
        except BotoCoreError as exc:
            raise transient(exc, "TransactWriteItems") from exc
        return True


class DynamoAnalyticsReader(AnalyticsReader):
    def __init__(self, client: Any, analytics_table: str) -> None:
        self._client = client
        self._table = analytics_table

    def hourly(self, ticker: str, first_hour: str, last_hour: str) -> list[HourlyStat]:
        items = query_all(
            self._client,
            TableName=self._table,
            KeyConditionExpression="#ticker = :t AND #hour BETWEEN :first AND :last",
            ExpressionAttributeNames=_NAMES,
            ExpressionAttributeValues=to_item(
                {":t": ticker, ":first": first_hour, ":last": last_hour}
            ),
        )
        return [
            HourlyStat(
                ticker=ticker,
                hour=str(i["hour"]),
                mentions=int(i.get("mentions", 0)),
                sentiment_sum=float(i.get("sentiment_sum", Decimal(0))),
                sentiment_count=int(i.get("sentiment_count", 0)),
            )
            for i in items
        ]
