"""Kinesis event source mapping, following "Using AWS Lambda with Amazon Kinesis" and
"Configuring partial batch response with Kinesis Data Streams and Lambda".

Per shard, records go to the function strictly in order, one batch at a time. A batch that fails
blocks its shard until it succeeds, is split (BisectBatchOnFunctionError), runs out of retries
(MaximumRetryAttempts) or ages out (MaximumRecordAgeInSeconds); discarded records are described,
not copied, in a failure record sent to the OnFailure SQS queue, and the shard moves on.
"""

import base64
import json
import logging
import time
import uuid
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from localcloud.esm.base import (
    INFINITE,
    Arn,
    AwsClient,
    Clock,
    EsmConfig,
    Invoker,
    InvokeResult,
    Poller,
    iso_millis,
    parse_batch_item_failures,
)

_LOG = logging.getLogger(__name__)

GET_RECORDS_LIMIT = 10_000  # Kinesis GetRecords returns at most 10,000 records per call
INVOKE_PAYLOAD_LIMIT_BYTES = 6 * 1024 * 1024  # synchronous Invoke request payload quota (6 MB)
_RECORD_ENVELOPE_BYTES = 512  # the event's per-record fields around the data

RETRY_ATTEMPTS_EXHAUSTED = "RetryAttemptsExhausted"
RECORD_AGE_EXCEEDED = "RecordAgeExceeded"

Record = dict[str, Any]  # a record as GetRecords returns it


@dataclass
class _Batch:
    """Records Lambda still owes an invocation, with what has happened to them so far."""

    records: list[Record]
    retries: int = 0  # retry quota consumed; bisection does not consume it
    invocations: int = 0  # invocations that carried these records (approximateInvokeCount)
    function_error: bool = False  # the last failure was a function error, not a reported one
    not_before: float = 0.0  # earliest clock time of the next attempt

    def split(self) -> tuple["_Batch", "_Batch"]:
        middle = len(self.records) // 2
        return (
            _Batch(self.records[:middle], self.retries, self.invocations, self.function_error),
            _Batch(self.records[middle:], self.retries, self.invocations, self.function_error),
        )


@dataclass
class _Shard:
    shard_id: str
    iterator: str | None  # None once a closed shard is drained
    buffer: list[Record] = field(default_factory=list)  # read, not yet in a batch
    buffer_since: float = 0.0  # when the oldest buffered record was read (batching window)
    at_tip: bool = False  # the last GetRecords reached the end of the shard
    pending: deque[_Batch] = field(default_factory=deque)  # head is in flight; order is shard order
    checkpoint: str | None = None  # last sequence number committed


def _arrival(record: Record) -> float:
    arrived = record["ApproximateArrivalTimestamp"]
    return arrived.timestamp() if isinstance(arrived, datetime) else float(arrived)


def _seq(record: Record) -> str:
    return str(record["SequenceNumber"])


class KinesisPoller(Poller):
    def __init__(
        self,
        properties: Mapping[str, Any],
        invoker: Invoker,
        *,
        kinesis: AwsClient,
        sqs: AwsClient,
        clock: Clock = time.time,
        invoke_identity_arn: str | None = None,
        retry_delay_s: float = 0.0,
    ) -> None:
        """`properties`: the mapping's resolved CloudFormation properties.

        `invoke_identity_arn`: the function's execution role, echoed in each record.
        `retry_delay_s`: pause before re-invoking a failed batch (Lambda backs off; tests use 0).
        """
        super().__init__(
            EsmConfig.from_properties(properties, default_batch_size=100), invoker, clock
        )
        self._kinesis = kinesis
        self._sqs = sqs
        self._retry_delay_s = retry_delay_s
        source = Arn.parse(self.config.event_source_arn)
        self._region = source.region
        self._identity_arn = invoke_identity_arn or (
            f"arn:{source.partition}:iam::{source.account}:role/{self.config.function_name}-role"
        )
        self._on_failure_url = self._queue_url(self.config.on_failure_destination)
        # Iterators are taken now, so LATEST means "records put after the mapping was created".
        self._shards = self._open_shards() if self.config.enabled else []

    # ------------------------------------------------------------------ public

    def poll_once(self) -> bool:
        if not self.config.enabled:
            return False
        with self._lock:
            worked = False
            for shard in self._shards:
                worked = self._step(shard) or worked
            return worked

    def _idle_locked(self) -> bool:
        for shard in self._shards:
            if shard.pending or shard.buffer:
                return False
            # Whatever this reads stays buffered for the next step: nothing is lost.
            if self._fill(shard) or not shard.at_tip:
                return False
        return True

    def checkpoints(self) -> dict[str, str | None]:
        """Last committed sequence number per shard."""
        with self._lock:
            return {shard.shard_id: shard.checkpoint for shard in self._shards}

    # ------------------------------------------------------------------ reading

    def _queue_url(self, arn: str | None) -> str | None:
        if arn is None:
            return None
        destination = Arn.parse(arn)
        if destination.service != "sqs":
            raise ValueError(f"{self.name}: only SQS OnFailure destinations are supported: {arn}")
        response = self._sqs.get_queue_url(
            QueueName=destination.resource, QueueOwnerAWSAccountId=destination.account
        )
        return str(response["QueueUrl"])

    def _open_shards(self) -> list[_Shard]:
        shards: list[_Shard] = []
        kwargs: dict[str, Any] = {"StreamARN": self.config.event_source_arn}
        while True:
            page = self._kinesis.list_shards(**kwargs)
            shards.extend(
                _Shard(s["ShardId"], self._iterator(s["ShardId"])) for s in page["Shards"]
            )
            if not page.get("NextToken"):
                break
            kwargs = {"NextToken": page["NextToken"]}
        return sorted(shards, key=lambda shard: shard.shard_id)

    def _iterator(self, shard_id: str) -> str:
        position = self.config.starting_position or "LATEST"
        kwargs: dict[str, Any] = {
            "StreamARN": self.config.event_source_arn,
            "ShardId": shard_id,
            "ShardIteratorType": position,
        }
        if position == "AT_TIMESTAMP":
            kwargs["Timestamp"] = self.config.starting_position_timestamp
        return str(self._kinesis.get_shard_iterator(**kwargs)["ShardIterator"])

    def _fill(self, shard: _Shard) -> bool:
        """Read into the shard's buffer up to BatchSize; True if any record arrived."""
        got_any = False
        while shard.iterator is not None and len(shard.buffer) < self.config.batch_size:
            response = self._kinesis.get_records(
                StreamARN=self.config.event_source_arn,
                ShardIterator=shard.iterator,
                Limit=min(GET_RECORDS_LIMIT, self.config.batch_size - len(shard.buffer)),
            )
            shard.iterator = response.get("NextShardIterator")
            records = response.get("Records", [])
            shard.at_tip = response.get("MillisBehindLatest", 0) == 0
            if records:
                if not shard.buffer:
                    shard.buffer_since = self._clock()
                shard.buffer.extend(records)
                got_any = True
            if not records or shard.at_tip:
                break
        if shard.iterator is None:
            shard.at_tip = True
        return got_any

    def _take_batch(self, shard: _Shard) -> _Batch | None:
        """The next batch once it is full, the batching window has passed, or 6 MB is reached."""
        if not shard.buffer:
            return None
        window = self.config.maximum_batching_window_s
        full = len(shard.buffer) >= self.config.batch_size
        if not full and window > 0 and self._clock() - shard.buffer_since < window:
            return None
        size = 0
        count = 0
        for record in shard.buffer[: self.config.batch_size]:
            size += 4 * (len(record["Data"]) + 2) // 3 + _RECORD_ENVELOPE_BYTES
            if count and size > INVOKE_PAYLOAD_LIMIT_BYTES:
                break
            count += 1
        batch = _Batch(shard.buffer[:count])
        del shard.buffer[:count]
        return batch

    # ------------------------------------------------------------------ processing

    def _step(self, shard: _Shard) -> bool:
        if not shard.pending:
            fetched = self._fill(shard)
            batch = self._take_batch(shard)
            if batch is None:
                return fetched
            shard.pending.append(batch)
        batch = shard.pending[0]
        if self._clock() < batch.not_before:
            return False
        self._attempt(shard, batch)
        return True

    def _attempt(self, shard: _Shard, batch: _Batch) -> None:
        expired = self._expired_prefix(batch)
        if expired:
            self._discard(shard, batch, batch.records[:expired], RECORD_AGE_EXCEEDED)
            del batch.records[:expired]
            if not batch.records:
                shard.pending.popleft()
            return
        result = self._invoke(
            self._event(shard.shard_id, batch.records), redelivery=batch.invocations > 0
        )
        batch.invocations += 1
        if result.error is not None:
            self._on_function_error(shard, batch, result)
            return
        failed_at = self._first_failed_index(batch, result)
        if failed_at is None:
            self._commit(shard, batch.records)
            shard.pending.popleft()
            return
        # A reported failure checkpoints just before the lowest failed sequence number and
        # retries from there: the records before it are never redelivered.
        self.counters.failures += 1
        self._commit(shard, batch.records[:failed_at])
        del batch.records[:failed_at]
        batch.function_error = False
        self._retry_or_discard(shard, batch)

    def _expired_prefix(self, batch: _Batch) -> int:
        max_age = self.config.maximum_record_age_s
        if max_age == INFINITE:
            return 0
        now = self._clock()
        # Records in a shard arrive in order, so the expired ones are a prefix.
        for index, record in enumerate(batch.records):
            if now - _arrival(record) <= max_age:
                return index
        return len(batch.records)

    def _first_failed_index(self, batch: _Batch, result: InvokeResult) -> int | None:
        """None if the batch succeeded, else the index retries start from (0 = whole batch)."""
        if not self.config.report_batch_item_failures:
            return None
        position = {_seq(record): index for index, record in enumerate(batch.records)}
        failed = parse_batch_item_failures(result.payload, position)
        if failed is None:
            _LOG.warning(
                "%s: malformed batchItemFailures %r; batch failed", self.name, result.payload
            )
            return 0
        if not failed:
            return None
        # Lambda checkpoints at the record with the lowest sequence number reported.
        return min(position[sequence_number] for sequence_number in failed)

    def _on_function_error(self, shard: _Shard, batch: _Batch, result: InvokeResult) -> None:
        self.counters.failures += 1
        batch.function_error = True
        _LOG.info(
            "%s: function error %s on %d records", self.name, result.error, len(batch.records)
        )
        if self.config.bisect_batch_on_function_error and len(batch.records) > 1:
            # Bisection retries each half separately and does not consume the retry quota.
            first, second = batch.split()
            shard.pending.popleft()
            shard.pending.extendleft((second, first))
            return
        self._retry_or_discard(shard, batch)

    def _retry_or_discard(self, shard: _Shard, batch: _Batch) -> None:
        batch.retries += 1
        limit = self.config.maximum_retry_attempts
        if limit != INFINITE and batch.retries > limit:
            self._discard(shard, batch, batch.records, RETRY_ATTEMPTS_EXHAUSTED)
            shard.pending.popleft()
            return
        batch.not_before = self._clock() + self._retry_delay_s

    def _commit(self, shard: _Shard, records: list[Record]) -> None:
        if records:
            shard.checkpoint = _seq(records[-1])

    def _discard(self, shard: _Shard, batch: _Batch, records: list[Record], condition: str) -> None:
        """Give up on `records`: describe them at the OnFailure destination and move past them."""
        self.counters.discarded_records += len(records)
        _LOG.warning(
            "%s: discarding %s..%s of %s (%s)",
            self.name,
            _seq(records[0]),
            _seq(records[-1]),
            shard.shard_id,
            condition,
        )
        if self._on_failure_url is not None:
            failure = self._failure_record(shard, batch, records, condition)
            self._sqs.send_message(QueueUrl=self._on_failure_url, MessageBody=json.dumps(failure))
            self.counters.sent_to_on_failure += 1
        self._commit(shard, records)

    # ------------------------------------------------------------------ shapes

    def _event(self, shard_id: str, records: list[Record]) -> dict[str, Any]:
        return {"Records": [self._event_record(shard_id, record) for record in records]}

    def _event_record(self, shard_id: str, record: Record) -> dict[str, Any]:
        sequence_number = _seq(record)
        return {
            "kinesis": {
                "kinesisSchemaVersion": "1.0",
                "partitionKey": record["PartitionKey"],
                "sequenceNumber": sequence_number,
                "data": base64.b64encode(record["Data"]).decode("ascii"),
                "approximateArrivalTimestamp": round(_arrival(record), 3),
            },
            "eventSource": "aws:kinesis",
            "eventVersion": "1.0",
            "eventID": f"{shard_id}:{sequence_number}",
            "eventName": "aws:kinesis:record",
            "invokeIdentityArn": self._identity_arn,
            "awsRegion": self._region,
            "eventSourceARN": self.config.event_source_arn,
        }

    def _failure_record(
        self, shard: _Shard, batch: _Batch, records: list[Record], condition: str
    ) -> dict[str, Any]:
        """The invocation record Lambda sends to a stream's OnFailure destination: metadata
        about the discarded records, never the records themselves."""
        failure: dict[str, Any] = {
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": self.config.function_arn,
                "condition": condition,
                "approximateInvokeCount": batch.invocations,
            },
        }
        if batch.invocations:
            response: dict[str, Any] = {"statusCode": 200, "executedVersion": "$LATEST"}
            if batch.function_error:
                response["functionError"] = "Unhandled"
            failure["responseContext"] = response
        failure["version"] = "1.0"
        failure["timestamp"] = iso_millis(self._clock())
        failure["KinesisBatchInfo"] = {
            "shardId": shard.shard_id,
            "startSequenceNumber": _seq(records[0]),
            "endSequenceNumber": _seq(records[-1]),
            "approximateArrivalOfFirstRecord": iso_millis(_arrival(records[0])),
            "approximateArrivalOfLastRecord": iso_millis(_arrival(records[-1])),
            "batchSize": len(records),
            "streamArn": self.config.event_source_arn,
        }
        return failure
