"""SQS event source mapping, following "Using Lambda with Amazon SQS" and "Handling errors for an
SQS event source in Lambda".

Received messages stay in the queue, hidden for the queue's own visibility timeout. A successful
batch is deleted; with ReportBatchItemFailures only the messages not reported are deleted; a
function error deletes nothing. Whatever is not deleted comes back once the visibility timeout
runs out, and SQS itself moves it to the dead-letter queue after the redrive policy's
maxReceiveCount: the poller never redrives.
"""

import base64
import logging
import time
from collections.abc import Mapping
from typing import Any

from localcloud.esm.base import (
    Arn,
    AwsClient,
    Clock,
    EsmConfig,
    Invoker,
    Poller,
    parse_batch_item_failures,
)

_LOG = logging.getLogger(__name__)

RECEIVE_LIMIT = 10  # ReceiveMessage returns at most 10 messages per call
DELETE_BATCH_LIMIT = 10  # DeleteMessageBatch takes at most 10 entries
_IDLE_ATTRIBUTES = (
    "ApproximateNumberOfMessages",
    "ApproximateNumberOfMessagesNotVisible",
    "ApproximateNumberOfMessagesDelayed",
)

Message = dict[str, Any]  # a message as ReceiveMessage returns it


def _b64(value: bytes) -> str:
    return base64.b64encode(value).decode("ascii")


def _message_attribute(attribute: Mapping[str, Any]) -> dict[str, Any]:
    """ReceiveMessage's attribute shape in the lower-camel form Lambda puts in the event."""
    converted: dict[str, Any] = {}
    if "StringValue" in attribute:
        converted["stringValue"] = attribute["StringValue"]
    if "BinaryValue" in attribute:
        converted["binaryValue"] = _b64(attribute["BinaryValue"])
    converted["stringListValues"] = list(attribute.get("StringListValues", []))
    converted["binaryListValues"] = [_b64(value) for value in attribute.get("BinaryListValues", [])]
    converted["dataType"] = attribute["DataType"]
    return converted


class SqsPoller(Poller):
    def __init__(
        self,
        properties: Mapping[str, Any],
        invoker: Invoker,
        *,
        sqs: AwsClient,
        clock: Clock = time.time,
    ) -> None:
        """`properties`: the mapping's resolved CloudFormation properties."""
        super().__init__(
            EsmConfig.from_properties(properties, default_batch_size=10), invoker, clock
        )
        self._sqs = sqs
        queue = Arn.parse(self.config.event_source_arn)
        self._region = queue.region
        self._queue_url = str(
            sqs.get_queue_url(QueueName=queue.resource, QueueOwnerAWSAccountId=queue.account)[
                "QueueUrl"
            ]
        )
        # Messages received for the batch being gathered, by MessageId (a standard queue can
        # deliver a message twice; the newest receipt handle is the one that can delete it).
        self._gathered: dict[str, Message] = {}
        self._gather_started = 0.0

    # ------------------------------------------------------------------ public

    def poll_once(self) -> bool:
        if not self.config.enabled:
            return False
        with self._lock:
            received = self._gather()
            if not self._gathered or not self._batch_ready():
                return received
            batch = list(self._gathered.values())
            self._gathered = {}
            self._process(batch)
            return True

    def _idle_locked(self) -> bool:
        if self._gathered:
            return False
        attributes = self._sqs.get_queue_attributes(
            QueueUrl=self._queue_url, AttributeNames=list(_IDLE_ATTRIBUTES)
        )["Attributes"]
        return all(int(attributes.get(name, "0")) == 0 for name in _IDLE_ATTRIBUTES)

    # ------------------------------------------------------------------ batching

    def _gather(self) -> bool:
        """Receive until BatchSize is reached or the queue has nothing visible; True if any
        message arrived. The visibility timeout is the queue's own: none is passed."""
        received = False
        while len(self._gathered) < self.config.batch_size:
            response = self._sqs.receive_message(
                QueueUrl=self._queue_url,
                MaxNumberOfMessages=min(
                    RECEIVE_LIMIT, self.config.batch_size - len(self._gathered)
                ),
                MessageSystemAttributeNames=["All"],
                MessageAttributeNames=["All"],
                WaitTimeSeconds=0,
            )
            messages = response.get("Messages", [])
            if not self._gathered:
                self._gather_started = self._clock()
            before = len(self._gathered)
            self._gathered.update((message["MessageId"], message) for message in messages)
            if len(self._gathered) == before:
                break  # nothing new (a visibility timeout of 0 hands back the same messages)
            received = True
        return received

    def _batch_ready(self) -> bool:
        # Lambda invokes once the batch is full or the batching window has passed.
        window = self.config.maximum_batching_window_s
        return (
            len(self._gathered) >= self.config.batch_size
            or window <= 0
            or self._clock() - self._gather_started >= window
        )

    # ------------------------------------------------------------------ processing

    def _process(self, batch: list[Message]) -> None:
        redelivery = any(
            int(m["Attributes"].get("ApproximateReceiveCount", "1")) > 1 for m in batch
        )
        event = {"Records": [self._event_record(message) for message in batch]}
        result = self._invoke(event, redelivery=redelivery)
        if result.error is not None:
            # The whole batch failed: nothing is deleted, every message reappears once the
            # queue's visibility timeout runs out.
            self.counters.failures += 1
            _LOG.info("%s: function error %s on %d messages", self.name, result.error, len(batch))
            return
        if not self.config.report_batch_item_failures:
            self._delete(batch)
            return
        failed = parse_batch_item_failures(result.payload, {m["MessageId"] for m in batch})
        if failed is None:
            self.counters.failures += 1
            _LOG.warning(
                "%s: malformed batchItemFailures %r; batch failed", self.name, result.payload
            )
            return
        if failed:
            self.counters.failures += 1
        failed_ids = set(failed)
        self._delete([message for message in batch if message["MessageId"] not in failed_ids])

    def _delete(self, messages: list[Message]) -> None:
        for start in range(0, len(messages), DELETE_BATCH_LIMIT):
            chunk = messages[start : start + DELETE_BATCH_LIMIT]
            response = self._sqs.delete_message_batch(
                QueueUrl=self._queue_url,
                Entries=[
                    {"Id": str(index), "ReceiptHandle": message["ReceiptHandle"]}
                    for index, message in enumerate(chunk)
                ],
            )
            for failure in response.get("Failed", []):
                # An expired receipt handle: the message is already visible again and will be
                # redelivered, exactly what Lambda's own delete failure leads to.
                _LOG.warning("%s: could not delete a message: %s", self.name, failure)

    def _event_record(self, message: Message) -> dict[str, Any]:
        record: dict[str, Any] = {
            "messageId": message["MessageId"],
            "receiptHandle": message["ReceiptHandle"],
            "body": message["Body"],
            "attributes": dict(message.get("Attributes", {})),
            "messageAttributes": {
                name: _message_attribute(attribute)
                for name, attribute in message.get("MessageAttributes", {}).items()
            },
            "md5OfBody": message["MD5OfBody"],
        }
        if "MD5OfMessageAttributes" in message:
            record["md5OfMessageAttributes"] = message["MD5OfMessageAttributes"]
        record["eventSource"] = "aws:sqs"
        record["eventSourceARN"] = self.config.event_source_arn
        record["awsRegion"] = self._region
        return record
