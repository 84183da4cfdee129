"""SQS implementation of the rejects sink: each rejection is one message with its reason
as a message attribute, so DLQ tooling can count by reason without parsing bodies."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from botocore.exceptions import ClientError

from newsflow_core.errors import TransientError
from newsflow_core.ports import Rejection, RejectSink

# SQS messages are capped at 256 KB; keep the raw payload well under it.
_MAX_PAYLOAD_CHARS = 200_000
# SendMessageBatch takes at most 10 entries.
_BATCH = 10

REASON_ATTRIBUTE = "reason"


def rejection_body(rejection: Rejection) -> str:
    return orjson.dumps(
        {
            "reason": rejection.reason,
            "detail": rejection.detail,
            "source": rejection.source,
            "payload": rejection.payload[:_MAX_PAYLOAD_CHARS],
            "truncated": len(rejection.payload) > _MAX_PAYLOAD_CHARS,
            "context": rejection.context or {},
        }
    ).decode()


class SqsRejectSink(RejectSink):
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs = sqs
        self._queue_url = queue_url

    def reject(self, rejections: Sequence[Rejection]) -> None:
        for start in range(0, len(rejections), _BATCH):
            chunk = rejections[start : start + _BATCH]
            entries = [
                {
                    "Id": str(i),
                    "MessageBody": rejection_body(r),
                    "MessageAttributes": {
                        REASON_ATTRIBUTE: {"DataType": "String", "StringValue": r.reason}
                    },
                }
                for i, r in enumerate(chunk)
            ]
            try:
                response = self._sqs.send_message_batch(QueueUrl=self._queue_url, Entries=entries)
            except ClientError as exc:
                raise TransientError(f"rejects send failed: {exc}") from exc
            if response.get("Failed"):
                # Raising makes the whole record retry; the sink is the only durable home.
                raise TransientError(f"rejects send partly failed: {response['Failed']}")
