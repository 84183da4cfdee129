"""SQS implementations of the chunk queue and the aggregation trigger."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from botocore.exceptions import BotoCoreError, ClientError

from newsflow_aggregate.logic.model import ChunkTask
from newsflow_aggregate.ports import AggregateTrigger, ChunkQueue
from newsflow_core.errors import TransientError

# SendMessageBatch takes at most 10 entries.
_BATCH = 10
# Entries a batch call reports as Failed (throttling, internal errors) are resent this often.
_ATTEMPTS = 3


def send_batches(sqs: Any, queue_url: str, bodies: Sequence[bytes]) -> None:
    for start in range(0, len(bodies), _BATCH):
        pending = {str(i): body.decode() for i, body in enumerate(bodies[start : start + _BATCH])}
        for _ in range(_ATTEMPTS):
            entries = [{"Id": i, "MessageBody": body} for i, body in pending.items()]
            try:
                response = sqs.send_message_batch(QueueUrl=queue_url, Entries=entries)
            except (BotoCoreError, ClientError) as exc:
                raise TransientError(f"SendMessageBatch to {queue_url} failed: {exc}") from exc
            pending = {f["Id"]: pending[f["Id"]] for f in response.get("Failed", [])}
            if not pending:
                break
        else:
            raise TransientError(f"SendMessageBatch to {queue_url} kept failing: {list(pending)}")


class SqsChunkQueue(ChunkQueue):
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs = sqs
        self._queue_url = queue_url

    def send(self, tasks: Sequence[ChunkTask]) -> None:
        send_batches(self._sqs, self._queue_url, [orjson.dumps(t.to_dict()) for t in tasks])


class SqsAggregateTrigger(AggregateTrigger):
    def __init__(self, sqs: Any, queue_url: str) -> None:
        self._sqs = sqs
        self._queue_url = queue_url

    def request(self, job_id: str) -> None:
        send_batches(self._sqs, self._queue_url, [orjson.dumps({"job_id": job_id})])
