"""GET /v1/users/{user_id}/feed: a user's feed, newest first, a page at a time.

The cursor is opaque to clients: base64url of the position after which the next page
starts (the sort key of DynamoDB's LastEvaluatedKey). It carries no user id; the partition
always comes from the path, so an edited cursor cannot reach someone else's feed.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from typing import Any

import orjson

from newsflow_core.errors import ValidationError
from newsflow_fanout.logic import requests
from newsflow_fanout.ports import FeedItem, FeedReader

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
_CURSOR_VERSION = 1
_MAX_POSITION_CHARS = 256


def encode_cursor(position: str) -> str:
    raw = orjson.dumps({"v": _CURSOR_VERSION, "after": position})
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> str:
    try:
        data = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError) as exc:
        raise ValidationError("invalid_field:cursor", "cursor is not one this API issued") from exc
    position = data.get("after") if isinstance(data, dict) else None
    if (
        not isinstance(data, dict)
        or data.get("v") != _CURSOR_VERSION
        or not isinstance(position, str)
        or not 0 < len(position) <= _MAX_POSITION_CHARS
    ):
        raise ValidationError("invalid_field:cursor", "cursor is not one this API issued")
    return position


def item_view(item: FeedItem) -> dict[str, Any]:
    return {
        "article_id": item.article_id,
        "published_at": item.published_at,
        "headline": item.headline,
        "url": item.url,
        "source": item.source,
        "tickers": list(item.tickers),
        "matched": list(item.matched),
        "sentiment": item.sentiment,
    }


@dataclass(frozen=True, slots=True)
class FeedView:
    user_id: str
    items: list[FeedItem]
    next_cursor: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "items": [item_view(i) for i in self.items],
            "next_cursor": self.next_cursor,
        }


class FeedQuery:
    def __init__(self, reader: FeedReader) -> None:
        self._reader = reader

    def page(self, user_id: str, limit: str | None, cursor: str | None) -> FeedView:
        user = requests.user_id(user_id)
        size = requests.bounded_int(
            limit, name="limit", default=DEFAULT_LIMIT, minimum=1, maximum=MAX_LIMIT
        )
        after = decode_cursor(cursor) if cursor else None
        page = self._reader.page(user, size, after)
        next_cursor = encode_cursor(page.next_position) if page.next_position else None
        return FeedView(user_id=user, items=page.items, next_cursor=next_cursor)
