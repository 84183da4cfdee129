"""EventBridge implementation of the digest announcement."""

from __future__ import annotations

from typing import Any

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from newsflow_aggregate.ports import DigestAnnouncement, DigestPublisher
from newsflow_core.errors import TransientError

SOURCE = "newsflow.bulk"
DETAIL_TYPE = "DailyDigestReady"


class EventBridgeDigestPublisher(DigestPublisher):
    def __init__(self, events: Any, bus_name: str) -> None:
        self._events = events
        self._bus_name = bus_name

    def publish(self, announcement: DigestAnnouncement) -> None:
        entry = {
            "Source": SOURCE,
            "DetailType": DETAIL_TYPE,
            "Detail": orjson.dumps(announcement.detail()).decode(),
            "EventBusName": self._bus_name,
        }
        try:
            response = self._events.put_events(Entries=[entry])
        except (BotoCoreError, ClientError) as exc:
            raise TransientError(f"PutEvents to {self._bus_name} failed: {exc}") from exc
        # PutEvents answers 200 even when an entry was not accepted.
        if response.get("FailedEntryCount", 0):
            raise TransientError(f"PutEvents rejected the digest event: {response['Entries']}")
