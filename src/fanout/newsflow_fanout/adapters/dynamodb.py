"""DynamoDB plumbing the fan-out adapters share: marshalling, error mapping, batching.

Adapters use the low-level client (``newsflow_core.adapters.aws.client("dynamodb")``), so
items cross this module in DynamoDB JSON; floats travel as Decimal because the type
serializer refuses binary floats.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any

from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
from botocore.exceptions import BotoCoreError, ClientError

from newsflow_core.errors import TransientError

# BatchWriteItem takes at most 25 requests per call.
BATCH_WRITE_MAX = 25
# BatchGetItem takes at most 100 keys per call.
BATCH_GET_MAX = 100
# Unprocessed items/keys are retried with full-jitter backoff, then the record is retried.
_UNPROCESSED_ATTEMPTS = 6

_SERIALIZER = TypeSerializer()
_DESERIALIZER = TypeDeserializer()


def _plain_to_dynamo(value: Any) -> Any:
    if isinstance(value, float):
        return Decimal(repr(value))
    if isinstance(value, Mapping):
        return {k: _plain_to_dynamo(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain_to_dynamo(v) for v in value]
    return value


def to_item(values: Mapping[str, Any]) -> dict[str, Any]:
    """Plain values (None dropped) -> DynamoDB JSON."""
    return {
        k: _SERIALIZER.serialize(_plain_to_dynamo(v)) for k, v in values.items() if v is not None
    }


def from_item(item: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _DESERIALIZER.deserialize(v) for k, v in item.items()}


def error_code(exc: Exception) -> str:
    return exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""


def transient(exc: Exception, action: str) -> TransientError:
    """Throttling, 5xx and connection errors that outlived botocore's own retries."""
    return TransientError(f"DynamoDB {action} failed: {exc}")


def _backoff(attempt: int) -> None:
    time.sleep(random.uniform(0, min(1.0, 0.05 * 2**attempt)))


def batch_write(client: Any, table: str, requests: Sequence[Mapping[str, Any]]) -> None:
    """Every PutRequest/DeleteRequest in ``requests`` written, or TransientError."""
    for start in range(0, len(requests), BATCH_WRITE_MAX):
        pending: dict[str, Any] = {table: list(requests[start : start + BATCH_WRITE_MAX])}
        for attempt in range(_UNPROCESSED_ATTEMPTS):
            try:
                response = client.batch_write_item(RequestItems=pending)
            except (ClientError, BotoCoreError) as exc:
                raise transient(exc, "BatchWriteItem") from exc
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                break
            _backoff(attempt)
        else:
            left = len(pending.get(table, []))
            raise TransientError(f"DynamoDB BatchWriteItem left {left} item(s) unprocessed")


def batch_get(
    client: Any,
    table: str,
    keys: Sequence[Mapping[str, Any]],
    projection: Mapping[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Items found for ``keys`` (strongly consistent), in no particular order.

    ``projection`` maps expression names ("#pk") to attribute names.
    """
    found: list[dict[str, Any]] = []
    for start in range(0, len(keys), BATCH_GET_MAX):
        request: dict[str, Any] = {
            "Keys": list(keys[start : start + BATCH_GET_MAX]),
            "ConsistentRead": True,
        }
        if projection:
            request["ProjectionExpression"] = ", ".join(projection)
            request["ExpressionAttributeNames"] = dict(projection)
        pending: dict[str, Any] = {table: request}
        for attempt in range(_UNPROCESSED_ATTEMPTS):
            try:
                response = client.batch_get_item(RequestItems=pending)
            except (ClientError, BotoCoreError) as exc:
                raise transient(exc, "BatchGetItem") from exc
            found.extend(from_item(i) for i in response.get("Responses", {}).get(table, []))
            pending = response.get("UnprocessedKeys") or {}
            if not pending:
                break
            _backoff(attempt)
        else:
            raise TransientError("DynamoDB BatchGetItem left keys unprocessed")
    return found


def _all_pages(
    call: Callable[..., Any], action: str, request: dict[str, Any]
) -> Iterator[dict[str, Any]]:
    """Every item a Query or Scan matches, following LastEvaluatedKey (1 MB per page)."""
    while True:
        try:
            response = call(**request)
        except (ClientError, BotoCoreError) as exc:
            raise transient(exc, action) from exc
        yield from (from_item(i) for i in response.get("Items", []))
        last = response.get("LastEvaluatedKey")
        if not last:
            return
        request = {**request, "ExclusiveStartKey": last}


def query_all(client: Any, **request: Any) -> Iterator[dict[str, Any]]:
    return _all_pages(client.query, "Query", request)


def scan_all(client: Any, **request: Any) -> Iterator[dict[str, Any]]:
    return _all_pages(client.scan, "Scan", request)
