"""Fixtures for the event source mapping poller tests: an in-process moto, boto3 clients, an
injectable clock and an Invoker that calls a plain Python function (the function under
invocation; the thing under test is the poller)."""

import copy
import json
import time
from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws

from localcloud.esm import InvokeResult, Poller

REGION = "us-east-1"
ACCOUNT = "123456789012"

Handler = Callable[[dict[str, Any]], Any]


class FunctionInvoker:
    """The runtime's Invoker, reduced to calling `handler` in-process and keeping every event."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.events: list[dict[str, Any]] = []

    def invoke(self, function_name: str, event: dict[str, Any]) -> InvokeResult:
        self.events.append(copy.deepcopy(event))
        started = time.perf_counter()
        try:
            payload = self.handler(event)
        except Exception as error:
            return InvokeResult(
                payload=None,
                error={"errorType": type(error).__name__, "errorMessage": str(error)},
                duration_ms=(time.perf_counter() - started) * 1000,
            )
        # What crosses the runtime boundary is JSON.
        return InvokeResult(
            json.loads(json.dumps(payload)), None, (time.perf_counter() - started) * 1000
        )

    @property
    def batch_sizes(self) -> list[int]:
        return [len(event["Records"]) for event in self.events]


class FakeClock:
    """Starts at the real time (moto stamps records with it) and moves only when told."""

    def __init__(self) -> None:
        self.now = time.time()

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def drain(poller: Poller, max_steps: int = 500) -> int:
    """poll_once until a step does nothing; the number of steps that did something."""
    for steps in range(max_steps):
        if not poller.poll_once():
            return steps
    raise AssertionError(f"poller still busy after {max_steps} steps")


@pytest.fixture
def aws(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name, value in {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "AWS_DEFAULT_REGION": REGION,
    }.items():
        monkeypatch.setenv(name, value)
    with mock_aws():
        yield


@pytest.fixture
def kinesis(aws: None) -> Any:
    return boto3.client("kinesis", region_name=REGION)


@pytest.fixture
def sqs(aws: None) -> Any:
    return boto3.client("sqs", region_name=REGION)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def function() -> Callable[[Handler], FunctionInvoker]:
    return FunctionInvoker


@pytest.fixture
def steps() -> Callable[..., int]:
    return drain


@pytest.fixture
def make_queue(sqs: Any) -> Callable[..., tuple[str, str]]:
    """make_queue(name, **attributes) -> (url, arn)."""

    def make(name: str, **attributes: Any) -> tuple[str, str]:
        url = sqs.create_queue(
            QueueName=name, Attributes={key: str(value) for key, value in attributes.items()}
        )["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        return url, arn

    return make


@pytest.fixture
def make_stream(kinesis: Any) -> Callable[..., str]:
    """make_stream(name, shards=1) -> stream ARN."""

    def make(name: str, shards: int = 1) -> str:
        kinesis.create_stream(StreamName=name, ShardCount=shards)
        summary = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"]
        return str(summary["StreamARN"])

    return make


@pytest.fixture
def received(sqs: Any) -> Callable[[str], list[dict[str, Any]]]:
    """received(url) -> every visible message, each deleted once read."""

    def receive_all(url: str) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = []
        while batch := sqs.receive_message(
            QueueUrl=url, MaxNumberOfMessages=10, MessageSystemAttributeNames=["All"]
        ).get("Messages", []):
            messages.extend(batch)
            for message in batch:
                sqs.delete_message(QueueUrl=url, ReceiptHandle=message["ReceiptHandle"])
        return messages

    return receive_all
