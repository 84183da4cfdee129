"""PUT /v1/users/{user_id}/follows: replace the set of tickers a user follows.

Only the difference is written: new follows are added and dropped ones deleted, in both
directions (``USER#`` -> ``FOLLOW#`` and the ``TICKER#`` -> ``FOLLOWER#`` index the feed
consumer queries), so a repeated PUT writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsflow_fanout.logic import requests
from newsflow_fanout.ports import FollowsStore


@dataclass(frozen=True, slots=True)
class FollowsChange:
    user_id: str
    tickers: list[str]
    added: list[str]
    removed: list[str]

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "tickers": self.tickers,
            "added": self.added,
            "removed": self.removed,
        }


class FollowsService:
    def __init__(self, store: FollowsStore) -> None:
        self._store = store

    def replace(self, user_id: str, body: str | None) -> FollowsChange:
        user = requests.user_id(user_id)
        wanted = requests.ticker_list(requests.json_object(body))
        current = self._store.followed(user)
        added = sorted(set(wanted) - current)
        removed = sorted(current - set(wanted))
        if added or removed:
            self._store.change(user, add=added, remove=removed)
        return FollowsChange(user_id=user, tickers=wanted, added=added, removed=removed)
