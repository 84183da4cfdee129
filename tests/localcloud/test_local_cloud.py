"""The local cloud's runtime contract, proven on a small probe app (fixture_app/).

One LocalCloud for the module: moto in server mode, one worker process per function.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from localcloud.cloud import LocalCloud

APP = Path(__file__).parent / "fixture_app"
# One cloud per module: keep its tests on one xdist worker.
pytestmark = pytest.mark.xdist_group("localcloud-probe")


@pytest.fixture(scope="module")
def cloud(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalCloud]:
    # A variable of the developer's shell must never reach a function.
    os.environ["LOCALCLOUD_LEAK_CANARY"] = "leaked"
    try:
        with LocalCloud(
            APP / "template.yaml", stack_name="probe", state_dir=tmp_path_factory.mktemp("cloud")
        ) as started:
            yield started
    finally:
        del os.environ["LOCALCLOUD_LEAK_CANARY"]


def _wait_for(predicate: Any, timeout: float = 30.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("condition not met in time")


def test_each_function_runs_with_exactly_its_template_environment(cloud: LocalCloud) -> None:
    result = cloud.invoke("EchoFunction", {"hello": "world"})

    assert result.error is None
    env = result.payload["env"]
    assert env["ONLY_ECHO"] == "1"
    assert env["SHARED"] == "from-globals"
    assert env["TABLE_NAME"] == cloud.stack.physical_id("DeadLetterQueue")
    assert "ONLY_OTHER" not in env
    assert "LOCALCLOUD_LEAK_CANARY" not in env
    assert env["_HANDLER"] == "probe.echo"
    assert env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] == "256"
    assert env["AWS_ENDPOINT_URL"] == cloud.endpoint_url
    assert result.payload["event"] == {"hello": "world"}
    assert 0 < result.payload["remaining_ms"] <= 5000
    other = cloud.invoke("OtherFunction", {})
    assert other.payload["env"]["ONLY_OTHER"] == "2"
    assert "ONLY_ECHO" not in other.payload["env"]


def test_a_warm_environment_is_reused_and_counted_once_as_a_cold_start(cloud: LocalCloud) -> None:
    first = cloud.invoke("OtherFunction", {})
    second = cloud.invoke("OtherFunction", {})

    assert first.payload["cold_start_mark"] == second.payload["cold_start_mark"]
    stats = cloud.runtime.stats()["OtherFunction"]
    assert stats.cold_starts == 1
    assert stats.invocations >= 2


def test_timeout_kills_the_environment_and_the_next_invoke_is_cold(cloud: LocalCloud) -> None:
    timed_out = cloud.invoke("SlowFunction", {"seconds": 3})
    fine = cloud.invoke("SlowFunction", {"seconds": 0})

    assert timed_out.error is not None
    assert timed_out.error["errorType"] == "Sandbox.Timedout"
    assert "1.00 seconds" in timed_out.error["errorMessage"]
    assert fine.error is None
    assert cloud.runtime.stats()["SlowFunction"].cold_starts == 2


def test_memory_size_is_enforced(cloud: LocalCloud) -> None:
    over = cloud.invoke("HogFunction", {"megabytes": 300})
    under = cloud.invoke("HogFunction", {"megabytes": 1})

    assert over.error is not None
    assert over.error["errorType"] == "Runtime.OutOfMemory"
    assert under.error is None


def test_a_raised_exception_becomes_lambdas_error_shape(cloud: LocalCloud) -> None:
    result = cloud.invoke("FailFunction", {"n": 1})

    assert result.payload is None
    assert result.error is not None
    assert result.error["errorType"] == "FlakyError"
    assert "failing on purpose" in result.error["errorMessage"]
    assert result.error["stackTrace"]


def test_invoke_api_goes_through_moto_to_the_runtime(cloud: LocalCloud) -> None:
    client = cloud.client("lambda")
    name = cloud.stack.physical_id("EchoFunction")

    response = client.invoke(FunctionName=name, Payload=json.dumps({"via": "api"}))
    failed = client.invoke(FunctionName=cloud.stack.physical_id("FailFunction"), Payload="{}")

    assert json.loads(response["Payload"].read())["event"] == {"via": "api"}
    assert failed["FunctionError"] == "Unhandled"
    assert json.loads(failed["Payload"].read())["errorType"] == "FlakyError"


def test_state_machine_runs_with_substitutions_retry_and_catch(cloud: LocalCloud) -> None:
    sfn = cloud.client("stepfunctions")
    flaky_before = cloud.runtime.stats()["FlakyFunction"].invocations

    arn = sfn.start_execution(
        stateMachineArn=cloud.stack.physical_id("Flow"), input=json.dumps({"key": "k1"})
    )["executionArn"]

    status = _wait_for(
        lambda: (s := sfn.describe_execution(executionArn=arn)["status"]) != "RUNNING" and s
    )
    assert status == "SUCCEEDED"
    # The first attempt raised FlakyError; Retry ran it again.
    assert cloud.runtime.stats()["FlakyFunction"].invocations - flaky_before == 2
    messages = cloud.client("sqs").receive_message(
        QueueUrl=cloud.stack.physical_id("DeadLetterQueue"), MaxNumberOfMessages=10
    )["Messages"]
    body = json.loads(messages[0]["Body"])
    assert body["error"]["Error"] == "FlakyError"
    assert body["key"] == "k1"


def test_s3_notification_is_async_retried_then_sent_to_on_failure(cloud: LocalCloud) -> None:
    s3 = cloud.client("s3")
    bucket = cloud.stack.physical_id("Bucket")
    before = cloud.runtime.stats()["FailFunction"].invocations

    s3.put_object(Bucket=bucket, Key="elsewhere/ignored.txt", Body=b"no")
    s3.put_object(Bucket=bucket, Key="incoming/report.txt", Body=b"yes")

    sqs = cloud.client("sqs")
    url = cloud.stack.physical_id("AsyncFailures")
    messages = _wait_for(
        lambda: sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages")
    )
    record = json.loads(messages[0]["Body"])
    assert record["requestContext"]["condition"] == "RetriesExhausted"
    # MaximumRetryAttempts: 1 -> two attempts in all.
    assert record["requestContext"]["approximateInvokeCount"] == 2
    assert record["requestContext"]["functionArn"].endswith(":$LATEST")
    assert record["responseContext"]["functionError"] == "Unhandled"
    assert record["responsePayload"]["errorType"] == "FlakyError"
    assert record["requestPayload"]["Records"][0]["s3"]["object"]["key"] == "incoming/report.txt"
    # Only the prefix-matching object invoked the function.
    assert cloud.runtime.stats()["FailFunction"].invocations - before == 2
    assert cloud.wait_until_quiet(timeout=30, settle=0.5)


def test_cancelled_transactions_do_not_undo_concurrent_writes(cloud: LocalCloud) -> None:
    """moto restores a table snapshot when a transaction is cancelled; the local cloud
    serialises DynamoDB so writes made meanwhile by other clients survive."""
    table = cloud.stack.physical_id("Ledger")
    dynamodb = cloud.client("dynamodb")
    dynamodb.put_item(TableName=table, Item={"pk": {"S": "seen"}})
    done = threading.Event()

    def cancel_forever() -> None:
        while not done.is_set():
            with contextlib.suppress(dynamodb.exceptions.TransactionCanceledException):
                dynamodb.transact_write_items(
                    TransactItems=[
                        {
                            "Put": {
                                "TableName": table,
                                "Item": {"pk": {"S": "seen"}},
                                "ConditionExpression": "attribute_not_exists(pk)",
                            }
                        }
                    ]
                )

    canceller = threading.Thread(target=cancel_forever)
    canceller.start()
    try:
        for i in range(150):
            dynamodb.put_item(TableName=table, Item={"pk": {"S": f"item-{i}"}})
    finally:
        done.set()
        canceller.join()

    count = dynamodb.scan(TableName=table, Select="COUNT")["Count"]
    assert count == 151
