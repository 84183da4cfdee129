"""DynamoDB implementation of the Deduplicator: one DedupTable item per article_id."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from botocore.exceptions import ClientError

from newsflow_ingest.adapters.aws_errors import NETWORK_ERRORS, is_transient, transient
from newsflow_ingest.ports import Deduplicator

_DAY_SECONDS = 86_400


class DynamoDbDeduplicator(Deduplicator):
    def __init__(
        self,
        dynamodb: Any,
        table: str,
        ttl_days: int,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._dynamodb = dynamodb
        self._table = table
        self._ttl_seconds = ttl_days * _DAY_SECONDS
        self._clock = clock

    def claim(self, article_id: str, record_id: str) -> bool:
        key = {"article_id": {"S": article_id}}
        expires_at = int(self._clock()) + self._ttl_seconds
        # if_not_exists makes the first writer win atomically; ALL_NEW tells us who did.
        attributes = self._update(
            Key=key,
            UpdateExpression=(
                "SET first_seq = if_not_exists(first_seq, :seq), "
                "expires_at = if_not_exists(expires_at, :expires_at)"
            ),
            ExpressionAttributeValues={
                ":seq": {"S": record_id},
                ":expires_at": {"N": str(expires_at)},
            },
            ReturnValues="ALL_NEW",
        )
        if attributes.get("first_seq", {}).get("S") == record_id:
            return True
        # ADD to a string set is idempotent: a redelivered duplicate is not counted twice.
        self._update(
            Key=key,
            UpdateExpression="ADD dup_seqs :seqs",
            ExpressionAttributeValues={":seqs": {"SS": [record_id]}},
        )
        return False

    def _update(self, **kwargs: Any) -> dict[str, Any]:
        try:
            response = self._dynamodb.update_item(TableName=self._table, **kwargs)
        except ClientError as exc:
            if is_transient(exc):
                raise transient(f"dedup update on {self._table}", exc) from exc
            raise
        except NETWORK_ERRORS as exc:
            raise transient(f"dedup update on {self._table}", exc) from exc
        attributes: dict[str, Any] = response.get("Attributes", {})
        return attributes
