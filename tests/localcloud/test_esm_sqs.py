"""The SQS event source mapping poller keeps AWS's promises: BatchSize and the batching window,
the event shape, partial batch responses, function errors, and redrive left to SQS.

Visibility is real time in SQS (and moto), so the tests that prove a message comes back use a
1-second VisibilityTimeout and sleep just past it."""

import hashlib
import json
import time
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes import SQSEvent
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from localcloud.esm import SqsPoller, create_poller

FUNCTION = "newsflow-FeedFunction"
PAST_VISIBILITY_TIMEOUT_S = 1.1


def mapping(queue_arn: str, **overrides: Any) -> dict[str, Any]:
    """Resolved AWS::Lambda::EventSourceMapping properties, as the SAM transform emits them."""
    return {"EventSourceArn": queue_arn, "FunctionName": FUNCTION, "BatchSize": 10, **overrides}


def send(sqs: Any, url: str, bodies: list[str]) -> None:
    for body in bodies:
        sqs.send_message(QueueUrl=url, MessageBody=body)


def bodies(event: dict[str, Any]) -> list[str]:
    return [record["body"] for record in event["Records"]]


def queue_counts(sqs: Any, url: str) -> tuple[int, int]:
    attributes = sqs.get_queue_attributes(
        QueueUrl=url,
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return (
        int(attributes["ApproximateNumberOfMessages"]),
        int(attributes["ApproximateNumberOfMessagesNotVisible"]),
    )


def failing_on(*poison: str) -> Any:
    """A Powertools batch handler, as the stage handlers are written, failing the given bodies."""
    processor = BatchProcessor(event_type=EventType.SQS)

    def record_handler(record: SQSRecord) -> None:
        if record.body in poison:
            raise ValueError(f"cannot process {record.body}")

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        return process_partial_response(
            event=event, record_handler=record_handler, processor=processor
        )

    return handler


def test_event_has_the_shape_lambda_sends_for_sqs(sqs, make_queue, function, steps):
    url, arn = make_queue("feed")
    sqs.send_message(
        QueueUrl=url,
        MessageBody='{"article_id": "a1"}',
        MessageAttributes={
            "event_type": {"DataType": "String", "StringValue": "article.enriched"},
            "priority": {"DataType": "Number", "StringValue": "3"},
            "blob": {"DataType": "Binary", "BinaryValue": b"\x00\x01"},
        },
    )
    invoker = function(lambda event: None)
    poller = SqsPoller(mapping(arn), invoker, sqs=sqs)

    steps(poller)

    (record,) = invoker.events[0]["Records"]
    assert set(record) == {
        "messageId",
        "receiptHandle",
        "body",
        "attributes",
        "messageAttributes",
        "md5OfBody",
        "md5OfMessageAttributes",
        "eventSource",
        "eventSourceARN",
        "awsRegion",
    }
    assert (record["eventSource"], record["eventSourceARN"], record["awsRegion"]) == (
        "aws:sqs",
        arn,
        "us-east-1",
    )
    assert record["md5OfBody"] == hashlib.md5(b'{"article_id": "a1"}').hexdigest()
    assert record["attributes"]["ApproximateReceiveCount"] == "1"
    assert {"SentTimestamp", "SenderId", "ApproximateFirstReceiveTimestamp"} <= set(
        record["attributes"]
    )
    assert record["messageAttributes"] == {
        "event_type": {
            "stringValue": "article.enriched",
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": "String",
        },
        "priority": {
            "stringValue": "3",
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": "Number",
        },
        "blob": {
            "binaryValue": "AAE=",
            "stringListValues": [],
            "binaryListValues": [],
            "dataType": "Binary",
        },
    }
    parsed = next(SQSEvent(invoker.events[0]).records)
    assert parsed.json_body == {"article_id": "a1"}
    assert parsed.message_attributes["event_type"].string_value == "article.enriched"


def test_batches_never_exceed_batch_size(sqs, make_queue, function, steps):
    url, arn = make_queue("feed")
    send(sqs, url, [f"m{i}" for i in range(10)])
    invoker = function(lambda event: None)
    poller = SqsPoller(mapping(arn, BatchSize=4), invoker, sqs=sqs)

    steps(poller)

    assert invoker.batch_sizes == [4, 4, 2]
    assert sorted(b for event in invoker.events for b in bodies(event)) == sorted(
        f"m{i}" for i in range(10)
    )
    assert queue_counts(sqs, url) == (0, 0)


def test_batch_size_over_ten_gathers_several_receives_within_the_batching_window(
    sqs, make_queue, function, clock
):
    url, arn = make_queue("feed")
    send(sqs, url, [f"m{i}" for i in range(25)])
    invoker = function(lambda event: None)
    poller = SqsPoller(
        mapping(arn, BatchSize=30, MaximumBatchingWindowInSeconds=5), invoker, sqs=sqs, clock=clock
    )

    assert poller.poll_once(), "messages were received"
    assert invoker.events == [], "the window is still open and the batch is not full"
    assert not poller.is_idle()
    clock.advance(5)
    assert poller.poll_once()

    assert invoker.batch_sizes == [25]
    assert queue_counts(sqs, url) == (0, 0)


def test_partial_failure_deletes_only_successful_messages_and_the_failed_one_comes_back(
    sqs, make_queue, function, steps
):
    url, arn = make_queue("feed", VisibilityTimeout=1)
    send(sqs, url, ["m0", "m1", "m2"])
    invoker = function(failing_on("m1"))
    poller = SqsPoller(
        mapping(arn, FunctionResponseTypes=["ReportBatchItemFailures"]), invoker, sqs=sqs
    )

    assert poller.poll_once()
    assert queue_counts(sqs, url) == (0, 1), "m0 and m2 deleted, m1 hidden"
    time.sleep(PAST_VISIBILITY_TIMEOUT_S)
    invoker.handler = failing_on()
    steps(poller)

    assert [bodies(event) for event in invoker.events][1:] == [["m1"]]
    (again,) = invoker.events[1]["Records"]
    assert again["attributes"]["ApproximateReceiveCount"] == "2"
    assert queue_counts(sqs, url) == (0, 0)
    assert poller.counters.snapshot() == {
        "batches": 2,
        "records": 4,
        "failures": 1,
        "retries": 1,
        "sent_to_on_failure": 0,
        "discarded_records": 0,
    }


def test_function_error_deletes_no_message(sqs, make_queue, function, steps):
    url, arn = make_queue("feed", VisibilityTimeout=1)
    send(sqs, url, ["m0", "m1", "m2"])

    def handler(event: dict[str, Any]) -> None:
        raise RuntimeError("downstream is down")

    invoker = function(handler)
    poller = SqsPoller(
        mapping(arn, FunctionResponseTypes=["ReportBatchItemFailures"]), invoker, sqs=sqs
    )

    assert poller.poll_once()
    assert queue_counts(sqs, url) == (0, 3)
    time.sleep(PAST_VISIBILITY_TIMEOUT_S)
    invoker.handler = lambda event: None
    steps(poller)

    assert sorted(bodies(invoker.events[1])) == ["m0", "m1", "m2"]
    assert {r["attributes"]["ApproximateReceiveCount"] for r in invoker.events[1]["Records"]} == {
        "2"
    }
    assert queue_counts(sqs, url) == (0, 0)


def test_sqs_redrives_to_the_dead_letter_queue_after_max_receive_count(
    sqs, make_queue, received, function
):
    dlq_url, dlq_arn = make_queue("feed-dlq")
    url, arn = make_queue(
        "feed",
        VisibilityTimeout=1,
        RedrivePolicy=json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2}),
    )
    send(sqs, url, ["poison"])

    def handler(event: dict[str, Any]) -> None:
        raise RuntimeError("cannot process")

    invoker = function(handler)
    poller = SqsPoller(mapping(arn), invoker, sqs=sqs)

    assert poller.poll_once()
    time.sleep(PAST_VISIBILITY_TIMEOUT_S)
    assert poller.poll_once()
    time.sleep(PAST_VISIBILITY_TIMEOUT_S)
    assert not poller.poll_once(), "the third receive finds it moved to the DLQ"

    assert [bodies(event) for event in invoker.events] == [["poison"], ["poison"]]
    assert [message["Body"] for message in received(dlq_url)] == ["poison"]
    assert poller.is_idle()


@pytest.mark.parametrize(
    "response",
    [
        {"batchItemFailures": [{"itemIdentifier": "not-a-message-id"}]},
        {"batchItemFailures": [{"itemIdentifier": None}]},
        {"batchItemFailures": [{"messageId": "x"}]},
        ["not", "an", "object"],
    ],
    ids=["unknown-message-id", "null-identifier", "bad-key-name", "not-an-object"],
)
def test_malformed_batch_item_failures_delete_no_message(sqs, make_queue, function, response):
    url, arn = make_queue("feed")
    send(sqs, url, ["m0", "m1"])
    invoker = function(lambda event: response)
    poller = SqsPoller(
        mapping(arn, FunctionResponseTypes=["ReportBatchItemFailures"]), invoker, sqs=sqs
    )

    assert poller.poll_once()

    assert queue_counts(sqs, url) == (0, 2)
    assert poller.counters.failures == 1


def test_batch_item_failures_are_ignored_without_report_batch_item_failures(
    sqs, make_queue, function, steps
):
    url, arn = make_queue("feed")
    send(sqs, url, ["m0", "m1"])

    def handler(event: dict[str, Any]) -> dict[str, Any]:
        return {"batchItemFailures": [{"itemIdentifier": event["Records"][0]["messageId"]}]}

    poller = SqsPoller(mapping(arn), function(handler), sqs=sqs)

    steps(poller)

    assert queue_counts(sqs, url) == (0, 0)


def test_idle_only_when_the_queue_is_empty_and_nothing_is_in_flight(sqs, make_queue, function):
    url, arn = make_queue("feed")
    send(sqs, url, ["m0"])
    invoker = function(lambda event: None)
    poller = create_poller(mapping(arn), invoker, kinesis=None, sqs=sqs)
    assert not poller.is_idle()

    poller.poll_once()
    assert poller.is_idle()

    send(sqs, url, ["m1"])
    invoker.handler = failing_on("m1")
    poller.poll_once()
    assert not poller.is_idle(), "the failed message is only hidden until its visibility timeout"
