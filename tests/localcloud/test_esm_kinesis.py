"""The Kinesis event source mapping poller keeps AWS's promises: order per shard, BatchSize,
partial batch responses, bisection, retry and age limits, and the OnFailure failure record."""

import base64
import json
import time
from collections import defaultdict
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes import KinesisStreamEvent
from aws_lambda_powertools.utilities.data_classes.kinesis_stream_event import KinesisStreamRecord

from localcloud.esm import KinesisPoller, create_poller

FUNCTION = "newsflow-IngestFunction"
SECOND_SHARD_HASH_KEY = str(2**127 + 1)  # with 2 shards, shard 1 owns the upper half of the range

FAILURE_RECORD_KEYS = {
    "requestContext",
    "responseContext",
    "version",
    "timestamp",
    "KinesisBatchInfo",
}
BATCH_INFO_KEYS = {
    "shardId",
    "startSequenceNumber",
    "endSequenceNumber",
    "approximateArrivalOfFirstRecord",
    "approximateArrivalOfLastRecord",
    "batchSize",
    "streamArn",
}


def mapping(stream_arn: str, **overrides: Any) -> dict[str, Any]:
    """Resolved AWS::Lambda::EventSourceMapping properties, as the SAM transform emits them."""
    return {
        "EventSourceArn": stream_arn,
        "FunctionName": FUNCTION,
        "StartingPosition": "TRIM_HORIZON",
        "BatchSize": 100,
        "MaximumBatchingWindowInSeconds": 0,
        **overrides,
    }


def on_failure(queue_arn: str) -> dict[str, Any]:
    return {"OnFailure": {"Destination": queue_arn}}


def put(
    kinesis: Any, stream_arn: str, payloads: list[str], hash_key: str | None = None
) -> list[str]:
    """Put each payload as one record; their sequence numbers, in put order."""
    extra = {} if hash_key is None else {"ExplicitHashKey": hash_key}
    return [
        kinesis.put_record(
            StreamARN=stream_arn, Data=payload.encode(), PartitionKey="key", **extra
        )["SequenceNumber"]
        for payload in payloads
    ]


def delivered(events: list[dict[str, Any]]) -> list[str]:
    return [base64.b64decode(r["kinesis"]["data"]).decode() for e in events for r in e["Records"]]


def failing_on(*poison: str) -> tuple[Any, list[str]]:
    """A Powertools batch handler, as the stage handlers are written, failing the given records;
    and the records it processed."""
    processor = BatchProcessor(event_type=EventType.KinesisDataStreams)
    processed: list[str] = []

    def record_handler(record: KinesisStreamRecord) -> None:
        data = record.kinesis.data_as_text()
        if data in poison:
            raise ValueError(f"cannot process {data}")
        processed.append(data)

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor
        )

    return handler, processed


def test_records_reach_the_function_in_order_per_shard(kinesis, make_stream, function, steps):
    stream = make_stream("news", shards=2)
    put(kinesis, stream, [f"a{i}" for i in range(7)])
    put(kinesis, stream, [f"b{i}" for i in range(7)], hash_key=SECOND_SHARD_HASH_KEY)
    put(kinesis, stream, ["a7", "a8"])
    invoker = function(lambda event: None)
    poller = KinesisPoller(mapping(stream, BatchSize=3), invoker, kinesis=kinesis, sqs=None)

    steps(poller)

    per_shard: dict[str, list[str]] = defaultdict(list)
    for event in invoker.events:
        shards = {record["eventID"].split(":")[0] for record in event["Records"]}
        assert len(shards) == 1, "a batch holds records of one shard only"
        per_shard[shards.pop()].extend(delivered([event]))
    assert per_shard == {
        "shardId-000000000000": [f"a{i}" for i in range(9)],
        "shardId-000000000001": [f"b{i}" for i in range(7)],
    }


def test_event_has_the_shape_lambda_sends_for_kinesis(kinesis, make_stream, function, steps):
    stream = make_stream("news")
    (sequence_number,) = put(kinesis, stream, ['{"headline": "x"}'])
    invoker = function(lambda event: None)
    poller = KinesisPoller(
        mapping(stream),
        invoker,
        kinesis=kinesis,
        sqs=None,
        invoke_identity_arn="arn:aws:iam::123456789012:role/ingest",
    )

    steps(poller)

    (record,) = invoker.events[0]["Records"]
    assert set(invoker.events[0]) == {"Records"}
    assert record == {
        "kinesis": {
            "kinesisSchemaVersion": "1.0",
            "partitionKey": "key",
            "sequenceNumber": sequence_number,
            "data": base64.b64encode(b'{"headline": "x"}').decode(),
            "approximateArrivalTimestamp": record["kinesis"]["approximateArrivalTimestamp"],
        },
        "eventSource": "aws:kinesis",
        "eventVersion": "1.0",
        "eventID": f"shardId-000000000000:{sequence_number}",
        "eventName": "aws:kinesis:record",
        "invokeIdentityArn": "arn:aws:iam::123456789012:role/ingest",
        "awsRegion": "us-east-1",
        "eventSourceARN": stream,
    }
    assert abs(record["kinesis"]["approximateArrivalTimestamp"] - time.time()) < 60
    parsed = next(KinesisStreamEvent(invoker.events[0]).records)
    assert parsed.kinesis.data_as_json() == {"headline": "x"}


def test_batches_never_exceed_batch_size(kinesis, make_stream, function, steps):
    stream = make_stream("news")
    put(kinesis, stream, [f"r{i}" for i in range(10)])
    invoker = function(lambda event: None)
    poller = KinesisPoller(mapping(stream, BatchSize=4), invoker, kinesis=kinesis, sqs=None)

    steps(poller)

    assert invoker.batch_sizes == [4, 4, 2]
    assert delivered(invoker.events) == [f"r{i}" for i in range(10)]


def test_record_failing_mid_batch_commits_earlier_records_and_goes_to_on_failure_after_retries(
    kinesis, sqs, make_stream, make_queue, received, function, steps
):
    stream = make_stream("news")
    sequence_numbers = put(kinesis, stream, [f"r{i}" for i in range(10)])
    dlq_url, dlq_arn = make_queue("stream-failures")
    handler, processed = failing_on("r2")
    invoker = function(handler)
    poller = KinesisPoller(
        mapping(
            stream,
            BatchSize=5,
            MaximumRetryAttempts=2,
            FunctionResponseTypes=["ReportBatchItemFailures"],
            DestinationConfig=on_failure(dlq_arn),
        ),
        invoker,
        kinesis=kinesis,
        sqs=sqs,
    )

    steps(poller)

    # Checkpointed before the lowest failed sequence number, retried from it: one first
    # attempt plus MaximumRetryAttempts retries, each carrying the rest of the batch.
    assert [delivered([event]) for event in invoker.events] == [
        ["r0", "r1", "r2", "r3", "r4"],
        ["r2", "r3", "r4"],
        ["r2", "r3", "r4"],
        ["r5", "r6", "r7", "r8", "r9"],
    ]
    assert delivered(invoker.events).count("r0") == delivered(invoker.events).count("r1") == 1
    assert processed[-5:] == ["r5", "r6", "r7", "r8", "r9"]
    (message,) = received(dlq_url)
    failure = json.loads(message["Body"])
    assert set(failure) == FAILURE_RECORD_KEYS
    assert failure["version"] == "1.0"
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["approximateInvokeCount"] == 3
    assert failure["requestContext"]["functionArn"] == (
        f"arn:aws:lambda:us-east-1:123456789012:function:{FUNCTION}"
    )
    assert set(failure["requestContext"]) == {
        "requestId",
        "functionArn",
        "condition",
        "approximateInvokeCount",
    }
    assert failure["responseContext"] == {"statusCode": 200, "executedVersion": "$LATEST"}
    info = failure["KinesisBatchInfo"]
    assert set(info) == BATCH_INFO_KEYS
    assert (info["startSequenceNumber"], info["endSequenceNumber"], info["batchSize"]) == (
        sequence_numbers[2],
        sequence_numbers[4],
        3,
    )
    assert (info["shardId"], info["streamArn"]) == ("shardId-000000000000", stream)
    assert info["approximateArrivalOfFirstRecord"].endswith("Z")
    assert poller.checkpoints() == {"shardId-000000000000": sequence_numbers[-1]}
    assert poller.counters.snapshot() == {
        "batches": 4,
        "records": 16,
        "failures": 3,
        "retries": 2,
        "sent_to_on_failure": 1,
        "discarded_records": 3,
    }


def test_bisect_on_function_error_isolates_a_poison_record_without_spending_retries(
    kinesis, sqs, make_stream, make_queue, received, function, steps
):
    stream = make_stream("news")
    sequence_numbers = put(kinesis, stream, [f"r{i}" for i in range(8)])
    dlq_url, dlq_arn = make_queue("stream-failures")
    succeeded: list[str] = []

    def handler(event: dict[str, Any]) -> None:
        batch = delivered([event])
        if "r5" in batch:
            raise RuntimeError("poison")
        succeeded.extend(batch)

    invoker = function(handler)
    poller = KinesisPoller(
        mapping(
            stream,
            BatchSize=8,
            BisectBatchOnFunctionError=True,
            MaximumRetryAttempts=1,
            DestinationConfig=on_failure(dlq_arn),
        ),
        invoker,
        kinesis=kinesis,
        sqs=sqs,
    )

    steps(poller)

    # Halves until r5 stands alone: three failed invocations that cost no retry; then the one
    # retry MaximumRetryAttempts allows on [r5] alone.
    assert [delivered([event]) for event in invoker.events] == [
        [f"r{i}" for i in range(8)],
        ["r0", "r1", "r2", "r3"],
        ["r4", "r5", "r6", "r7"],
        ["r4", "r5"],
        ["r4"],
        ["r5"],
        ["r5"],
        ["r6", "r7"],
    ]
    assert succeeded == ["r0", "r1", "r2", "r3", "r4", "r6", "r7"]
    (message,) = received(dlq_url)
    failure = json.loads(message["Body"])
    assert failure["requestContext"]["condition"] == "RetryAttemptsExhausted"
    assert failure["requestContext"]["approximateInvokeCount"] == 5
    assert failure["responseContext"] == {
        "statusCode": 200,
        "executedVersion": "$LATEST",
        "functionError": "Unhandled",
    }
    info = failure["KinesisBatchInfo"]
    assert (info["startSequenceNumber"], info["endSequenceNumber"], info["batchSize"]) == (
        sequence_numbers[5],
        sequence_numbers[5],
        1,
    )


def test_records_older_than_maximum_record_age_are_discarded_to_on_failure(
    kinesis, sqs, make_stream, make_queue, received, function, clock
):
    stream = make_stream("news")
    sequence_numbers = put(kinesis, stream, ["r0", "r1", "r2"])
    dlq_url, dlq_arn = make_queue("stream-failures")

    def handler(event: dict[str, Any]) -> None:
        raise RuntimeError("downstream is down")

    invoker = function(handler)
    poller = KinesisPoller(
        mapping(
            stream,
            MaximumRetryAttempts=-1,
            MaximumRecordAgeInSeconds=60,
            DestinationConfig=on_failure(dlq_arn),
        ),
        invoker,
        kinesis=kinesis,
        sqs=sqs,
        clock=clock,
    )

    assert poller.poll_once()
    assert poller.poll_once()
    clock.advance(61)
    assert poller.poll_once()

    assert len(invoker.events) == 2, "infinite retries stop once the records are too old"
    (message,) = received(dlq_url)
    failure = json.loads(message["Body"])
    assert failure["requestContext"]["condition"] == "RecordAgeExceeded"
    assert failure["requestContext"]["approximateInvokeCount"] == 2
    info = failure["KinesisBatchInfo"]
    assert (info["startSequenceNumber"], info["endSequenceNumber"], info["batchSize"]) == (
        sequence_numbers[0],
        sequence_numbers[2],
        3,
    )
    assert not poller.poll_once()
    assert poller.is_idle()


def test_records_already_too_old_are_discarded_without_invoking_the_function(
    kinesis, sqs, make_stream, make_queue, received, function, clock, steps
):
    stream = make_stream("news")
    put(kinesis, stream, ["r0", "r1"])
    dlq_url, dlq_arn = make_queue("stream-failures")
    invoker = function(lambda event: None)
    poller = KinesisPoller(
        mapping(stream, MaximumRecordAgeInSeconds=60, DestinationConfig=on_failure(dlq_arn)),
        invoker,
        kinesis=kinesis,
        sqs=sqs,
        clock=clock,
    )
    clock.advance(120)

    steps(poller)

    assert invoker.events == []
    (message,) = received(dlq_url)
    failure = json.loads(message["Body"])
    assert failure["requestContext"]["condition"] == "RecordAgeExceeded"
    assert failure["requestContext"]["approximateInvokeCount"] == 0
    assert "responseContext" not in failure, "no invocation, so no response to describe"
    assert failure["KinesisBatchInfo"]["batchSize"] == 2


@pytest.mark.parametrize(
    "response",
    [
        {"batchItemFailures": [{"itemIdentifier": "999999"}]},
        {"batchItemFailures": [{"itemIdentifier": ""}]},
        {"batchItemFailures": [{"sequenceNumber": "1"}]},
        "not an object",
    ],
    ids=["unknown-identifier", "empty-identifier", "bad-key-name", "not-an-object"],
)
def test_malformed_batch_item_failures_fail_the_whole_batch(
    kinesis, make_stream, function, response
):
    stream = make_stream("news")
    put(kinesis, stream, ["r0", "r1"])
    invoker = function(lambda event: response)
    poller = KinesisPoller(
        mapping(stream, FunctionResponseTypes=["ReportBatchItemFailures"]),
        invoker,
        kinesis=kinesis,
        sqs=None,
    )

    poller.poll_once()
    poller.poll_once()

    assert [delivered([event]) for event in invoker.events] == [["r0", "r1"], ["r0", "r1"]]
    assert poller.checkpoints() == {"shardId-000000000000": None}


def test_batch_item_failures_are_ignored_without_report_batch_item_failures(
    kinesis, make_stream, function, steps
):
    stream = make_stream("news")
    sequence_numbers = put(kinesis, stream, ["r0", "r1"])
    invoker = function(
        lambda event: {"batchItemFailures": [{"itemIdentifier": sequence_numbers[0]}]}
    )
    poller = KinesisPoller(mapping(stream), invoker, kinesis=kinesis, sqs=None)

    steps(poller)

    assert invoker.batch_sizes == [2]
    assert poller.checkpoints() == {"shardId-000000000000": sequence_numbers[1]}


def test_latest_starting_position_skips_records_put_before_the_mapping(
    kinesis, make_stream, function, steps
):
    stream = make_stream("news")
    put(kinesis, stream, ["old"])
    invoker = function(lambda event: None)
    poller = KinesisPoller(
        mapping(stream, StartingPosition="LATEST"), invoker, kinesis=kinesis, sqs=None
    )
    put(kinesis, stream, ["new"])

    steps(poller)

    assert delivered(invoker.events) == ["new"]


def test_batching_window_waits_for_a_full_batch_or_the_window(
    kinesis, make_stream, function, clock
):
    stream = make_stream("news")
    put(kinesis, stream, ["r0", "r1"])
    invoker = function(lambda event: None)
    poller = KinesisPoller(
        mapping(stream, BatchSize=3, MaximumBatchingWindowInSeconds=5),
        invoker,
        kinesis=kinesis,
        sqs=None,
        clock=clock,
    )

    assert poller.poll_once(), "records were read"
    assert not poller.poll_once()
    assert invoker.events == []
    assert not poller.is_idle(), "buffered records are in flight"
    clock.advance(5)
    assert poller.poll_once()

    assert invoker.batch_sizes == [2]


def test_idle_only_when_every_shard_is_at_the_tip_and_nothing_is_in_flight(
    kinesis, make_stream, function, steps
):
    stream = make_stream("news", shards=2)
    invoker = function(lambda event: None)
    poller = KinesisPoller(mapping(stream), invoker, kinesis=kinesis, sqs=None)
    assert poller.is_idle()
    put(kinesis, stream, ["r0"], hash_key=SECOND_SHARD_HASH_KEY)

    assert not poller.is_idle()
    steps(poller)

    assert poller.is_idle()
    assert delivered(invoker.events) == ["r0"], "what is_idle read was delivered, not lost"


def test_started_poller_delivers_in_its_own_thread(kinesis, make_stream, function):
    stream = make_stream("news")
    invoker = function(lambda event: None)
    poller = create_poller(mapping(stream), invoker, kinesis=kinesis, sqs=None)
    poller.start()
    try:
        put(kinesis, stream, ["r0", "r1"])
        deadline = time.monotonic() + 10
        while delivered(invoker.events) != ["r0", "r1"] and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        poller.stop()

    assert delivered(invoker.events) == ["r0", "r1"]
    assert poller.is_idle()
