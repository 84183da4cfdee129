"""FeedsTable, a single-table design:

- follows            ``pk=USER#<user>``     ``sk=FOLLOW#<ticker>``
- follower index     ``pk=TICKER#<ticker>`` ``sk=FOLLOWER#<user>``  (what the consumer queries)
- feed items         ``pk=FEED#<user>``     ``sk=<published_at>#<article_id>``

ISO 8601 UTC timestamps sort as strings, so a descending Query on a feed partition is
newest first, and the article id keeps two articles of the same second apart.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from newsflow_fanout.adapters.dynamodb import (
    batch_write,
    from_item,
    query_all,
    to_item,
    transient,
)
from newsflow_fanout.ports import (
    FeedItem,
    FeedPage,
    FeedReader,
    FeedWriter,
    FollowerDirectory,
    FollowsStore,
)

USER = "USER#"
FOLLOW = "FOLLOW#"
TICKER = "TICKER#"
FOLLOWER = "FOLLOWER#"
FEED = "FEED#"


def _follow_records(user_id: str, ticker: str) -> list[dict[str, Any]]:
    return [
        {"pk": f"{USER}{user_id}", "sk": f"{FOLLOW}{ticker}", "user_id": user_id, "ticker": ticker},
        {
            "pk": f"{TICKER}{ticker}",
            "sk": f"{FOLLOWER}{user_id}",
            "user_id": user_id,
            "ticker": ticker,
        },
    ]


def _feed_record(item: FeedItem) -> dict[str, Any]:
    return {
        "pk": f"{FEED}{item.user_id}",
        "sk": item.position,
        "user_id": item.user_id,
        "article_id": item.article_id,
        "published_at": item.published_at,
        "headline": item.headline,
        "url": item.url,
        "source": item.source,
        "tickers": list(item.tickers),
        "matched": list(item.matched),
        "sentiment": item.sentiment,
    }


def _feed_item(record: dict[str, Any]) -> FeedItem:
    sentiment = record.get("sentiment")
    return FeedItem(
        user_id=str(record["user_id"]),
        article_id=str(record["article_id"]),
        published_at=str(record["published_at"]),
        headline=str(record["headline"]),
        url=str(record["url"]),
        source=str(record["source"]),
        tickers=tuple(record.get("tickers", ())),
        matched=tuple(record.get("matched", ())),
        sentiment=float(sentiment) if isinstance(sentiment, Decimal) else None,
    )


class DynamoFeeds(FollowerDirectory, FeedWriter, FeedReader, FollowsStore):
    def __init__(self, client: Any, table: str) -> None:
        self._client = client
        self._table = table

    def _prefix_query(self, pk: str, prefix: str) -> list[str]:
        """The sort keys under ``pk`` that start with ``prefix``, prefix removed."""
        items = query_all(
            self._client,
            TableName=self._table,
            KeyConditionExpression="pk = :pk AND begins_with(sk, :prefix)",
            ExpressionAttributeValues=to_item({":pk": pk, ":prefix": prefix}),
            ProjectionExpression="sk",
        )
        return [str(i["sk"])[len(prefix) :] for i in items]

    def followers(self, ticker: str) -> list[str]:
        return self._prefix_query(f"{TICKER}{ticker}", FOLLOWER)

    def followed(self, user_id: str) -> set[str]:
        return set(self._prefix_query(f"{USER}{user_id}", FOLLOW))

    def change(self, user_id: str, add: Sequence[str], remove: Sequence[str]) -> None:
        requests: list[dict[str, Any]] = []
        for ticker in add:
            requests += [
                {"PutRequest": {"Item": to_item(r)}} for r in _follow_records(user_id, ticker)
            ]
        for ticker in remove:
            requests += [
                {"DeleteRequest": {"Key": to_item({"pk": r["pk"], "sk": r["sk"]})}}
                for r in _follow_records(user_id, ticker)
            ]
        batch_write(self._client, self._table, requests)

    def put_items(self, items: Sequence[FeedItem]) -> None:
        batch_write(
            self._client,
            self._table,
            [{"PutRequest": {"Item": to_item(_feed_record(i))}} for i in items],
        )

    def page(self, user_id: str, limit: int, after: str | None) -> FeedPage:
        pk = f"{FEED}{user_id}"
        request: dict[str, Any] = {
            "TableName": self._table,
            "KeyConditionExpression": "pk = :pk",
            "ExpressionAttributeValues": to_item({":pk": pk}),
            "ScanIndexForward": False,
            "Limit": limit,
        }
        if after:
            # The partition comes from the caller's user id, never from the cursor.
            request["ExclusiveStartKey"] = to_item({"pk": pk, "sk": after})
        try:
            response = self._client.query(**request)
        except (ClientError, BotoCoreError) as exc:
            raise transient(exc, "Query") from exc
        last = response.get("LastEvaluatedKey")
        return FeedPage(
            items=[_feed_item(from_item(i)) for i in response.get("Items", [])],
            next_position=str(from_item(last)["sk"]) if last else None,
        )
