"""ArticlesTable with BatchWriteItem: 25 puts per call, UnprocessedItems retried."""

from __future__ import annotations

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

import orjson
from boto3.dynamodb.types import TypeSerializer
from botocore.exceptions import ClientError

from newsflow_core.article import Article
from newsflow_core.errors import TransientError
from newsflow_enrich.adapters.backoff import Backoff
from newsflow_enrich.ports import ArticleRepository

# BatchWriteItem takes at most 25 put/delete requests per call.
_BATCH = 25
# Items are capped at 400 KB; the body is the only unbounded field, so it gives way.
_MAX_ITEM_BYTES = 350_000
_SERIALIZER = TypeSerializer()


def article_item(article: Article) -> dict[str, Any]:
    """The ArticlesTable item: ``Article.to_dict()`` plus top-level ``symbols`` and
    ``sentiment`` for queries, as DynamoDB attribute values (floats as Decimal)."""
    data = article.to_dict()
    data["symbols"] = article.symbols
    if article.nlp is not None:
        data["sentiment"] = article.nlp.sentiment
    size = len(orjson.dumps(data))
    if size > _MAX_ITEM_BYTES:
        body = article.body.encode()
        keep = max(0, len(body) - (size - _MAX_ITEM_BYTES))
        data["body"] = body[:keep].decode("utf-8", "ignore")
        data["body_truncated"] = True
    plain = json.loads(orjson.dumps(data), parse_float=Decimal)
    return {name: _SERIALIZER.serialize(value) for name, value in plain.items()}


class DynamoDbArticleRepository(ArticleRepository):
    def __init__(self, dynamodb: Any, table_name: str, backoff: Backoff | None = None) -> None:
        self._dynamodb = dynamodb
        self._table = table_name
        self._backoff = backoff or Backoff()

    def put_many(self, articles: Sequence[Article]) -> None:
        requests = [{"PutRequest": {"Item": article_item(a)}} for a in articles]
        for start in range(0, len(requests), _BATCH):
            self._write(requests[start : start + _BATCH])

    def _write(self, requests: list[dict[str, Any]]) -> None:
        pending: dict[str, Any] = {self._table: requests}
        for attempt in range(self._backoff.attempts):
            try:
                response = self._dynamodb.batch_write_item(RequestItems=pending)
            except ClientError as exc:
                raise TransientError(f"BatchWriteItem on {self._table} failed: {exc}") from exc
            pending = response.get("UnprocessedItems") or {}
            if not pending:
                return
            if attempt + 1 < self._backoff.attempts:
                self._backoff.pause(attempt)
        left = len(pending.get(self._table, ()))
        raise TransientError(
            f"{left} items still unprocessed in {self._table} after "
            f"{self._backoff.attempts} BatchWriteItem calls"
        )
