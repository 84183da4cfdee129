"""The ingest stage's boto3 adapters: DedupTable semantics, PutRecords chunking, StartExecution."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from moto import mock_aws

from newsflow_core.errors import TransientError
from newsflow_ingest.adapters.aws_errors import is_transient
from newsflow_ingest.adapters.dynamodb_dedup import DynamoDbDeduplicator
from newsflow_ingest.adapters.kinesis_stream import (
    MAX_BYTES_PER_CALL,
    MAX_RECORDS_PER_CALL,
    KinesisStreamWriter,
    chunks,
)
from newsflow_ingest.adapters.stepfunctions_executions import StepFunctionsExecutionStarter
from newsflow_ingest.ports import StreamEntry

REGION = "us-east-1"
NOW = 1_714_680_000.0


def client_error(code: str, status: int) -> ClientError:
    return ClientError(
        {"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}},
        "Operation",
    )


class FailingClient:
    """A boto3 client whose every call raises the given error."""

    def __init__(self, error: Exception) -> None:
        self._error = error

    def __getattr__(self, name: str) -> Any:
        def call(**_: Any) -> Any:
            raise self._error

        return call


@pytest.fixture
def aws() -> Iterator[None]:
    with mock_aws():
        yield


# ---------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("code", "status", "transient"),
    [
        ("ThrottlingException", 400, True),
        ("ProvisionedThroughputExceededException", 400, True),
        ("SlowDown", 503, True),
        ("InternalServerError", 500, True),
        ("WhateverNew", 502, True),
        ("TooManyRequests", 429, True),
        ("ValidationException", 400, False),
        ("AccessDeniedException", 403, False),
        ("ResourceNotFoundException", 400, False),
    ],
)
def test_throttling_and_5xx_are_transient(code: str, status: int, transient: bool) -> None:
    assert is_transient(client_error(code, status)) is transient


# ---------------------------------------------------------------------------- dedup


@pytest.fixture
def dedup(aws: None) -> DynamoDbDeduplicator:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    dynamodb.create_table(
        TableName="dedup",
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "article_id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "article_id", "KeyType": "HASH"}],
    )
    return DynamoDbDeduplicator(dynamodb, "dedup", ttl_days=7, clock=lambda: NOW)


def item(article_id: str) -> dict[str, Any]:
    dynamodb = boto3.client("dynamodb", region_name=REGION)
    found: dict[str, Any] = dynamodb.get_item(
        TableName="dedup", Key={"article_id": {"S": article_id}}
    )
    return found["Item"]


def test_first_sequence_number_claims_the_article(dedup: DynamoDbDeduplicator) -> None:
    assert dedup.claim("a1", "100") is True
    assert item("a1") == {
        "article_id": {"S": "a1"},
        "first_seq": {"S": "100"},
        "expires_at": {"N": str(int(NOW) + 7 * 86_400)},
    }


def test_same_sequence_number_again_is_not_a_duplicate(dedup: DynamoDbDeduplicator) -> None:
    assert dedup.claim("a1", "100") is True
    assert dedup.claim("a1", "100") is True
    assert "dup_seqs" not in item("a1")


def test_another_sequence_number_is_a_duplicate_counted_once(dedup: DynamoDbDeduplicator) -> None:
    dedup.claim("a1", "100")

    assert dedup.claim("a1", "200") is False
    assert dedup.claim("a1", "200") is False  # redelivered duplicate
    assert dedup.claim("a1", "300") is False

    stored = item("a1")
    assert stored["first_seq"] == {"S": "100"}
    assert sorted(stored["dup_seqs"]["SS"]) == ["200", "300"]
    assert stored["expires_at"] == {"N": str(int(NOW) + 7 * 86_400)}


@pytest.mark.parametrize(
    "error",
    [
        client_error("ProvisionedThroughputExceededException", 400),
        client_error("InternalServerError", 500),
        EndpointConnectionError(endpoint_url="https://dynamodb"),
    ],
)
def test_dedup_throttling_and_outages_are_transient(error: Exception) -> None:
    with pytest.raises(TransientError):
        DynamoDbDeduplicator(FailingClient(error), "dedup", 7).claim("a1", "1")


def test_dedup_configuration_errors_are_not_hidden_as_transient() -> None:
    error = client_error("ResourceNotFoundException", 400)
    with pytest.raises(ClientError):
        DynamoDbDeduplicator(FailingClient(error), "dedup", 7).claim("a1", "1")


# ---------------------------------------------------------------------------- kinesis


def entry(size: int, key: str = "k") -> StreamEntry:
    return StreamEntry(partition_key=key, data=b"x" * (size - len(key)))


def test_chunks_respect_the_record_count_limit() -> None:
    spans = list(chunks([entry(10)] * (2 * MAX_RECORDS_PER_CALL + 1)))
    assert [len(s) for s in spans] == [MAX_RECORDS_PER_CALL, MAX_RECORDS_PER_CALL, 1]


def test_chunks_respect_the_bytes_limit() -> None:
    megabyte = 1024 * 1024
    spans = list(chunks([entry(megabyte)] * 6 + [entry(1)]))
    assert [(s.start, s.stop) for s in spans] == [(0, 5), (5, 7)]
    assert 5 * megabyte <= MAX_BYTES_PER_CALL


def test_a_record_over_one_megabyte_is_refused_before_any_call() -> None:
    with pytest.raises(ValueError, match="1 MB"):
        list(chunks([entry(10), entry(1024 * 1024 + 1)]))


def test_put_writes_all_entries_to_the_stream(aws: None) -> None:
    kinesis = boto3.client("kinesis", region_name=REGION)
    kinesis.create_stream(StreamName="news", ShardCount=1)
    writer = KinesisStreamWriter(kinesis, "news")

    failures = writer.put([StreamEntry(f"k{i}", json.dumps({"n": i}).encode()) for i in range(3)])

    shard = kinesis.describe_stream(StreamName="news")["StreamDescription"]["Shards"][0]
    iterator = kinesis.get_shard_iterator(
        StreamName="news", ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
    )["ShardIterator"]
    records = kinesis.get_records(ShardIterator=iterator)["Records"]
    assert failures == []
    assert [(r["PartitionKey"], json.loads(r["Data"])) for r in records] == [
        ("k0", {"n": 0}),
        ("k1", {"n": 1}),
        ("k2", {"n": 2}),
    ]


class PartlyFailingKinesis:
    def __init__(self) -> None:
        self.calls = 0

    def put_records(self, StreamName: str, Records: list[dict[str, Any]]) -> dict[str, Any]:
        self.calls += 1
        results = [
            {"ErrorCode": "ProvisionedThroughputExceededException", "ErrorMessage": "slow down"}
            if i % 2
            else {"SequenceNumber": str(i), "ShardId": "shardId-0"}
            for i in range(len(Records))
        ]
        return {"FailedRecordCount": len(Records) // 2, "Records": results}


def test_put_reports_failed_record_entries_by_position() -> None:
    writer = KinesisStreamWriter(PartlyFailingKinesis(), "news")

    failures = writer.put([entry(10)] * 4)

    assert [(f.index, f.error_code) for f in failures] == [
        (1, "ProvisionedThroughputExceededException"),
        (3, "ProvisionedThroughputExceededException"),
    ]


def test_a_throttled_call_fails_all_its_entries_for_retry() -> None:
    writer = KinesisStreamWriter(FailingClient(client_error("ThrottlingException", 400)), "s")
    assert [f.index for f in writer.put([entry(10)] * 3)] == [0, 1, 2]


def test_a_missing_stream_is_not_retried() -> None:
    writer = KinesisStreamWriter(FailingClient(client_error("ResourceNotFoundException", 400)), "s")
    with pytest.raises(ClientError):
        writer.put([entry(10)])


# ---------------------------------------------------------------------------- step functions


@pytest.fixture
def state_machine(aws: None) -> str:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
    arn: str = sfn.create_state_machine(
        name="enrichment",
        definition=json.dumps(definition),
        roleArn="arn:aws:iam::123456789012:role/sfn",
        type="EXPRESS",
    )["stateMachineArn"]
    return arn


def test_start_execution_is_named_after_the_batch(state_machine: str) -> None:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    starter = StepFunctionsExecutionStarter(sfn, state_machine)

    starter.start("batch1", {"batch_id": "batch1", "claim": {"key": "k"}})
    starter.start("batch1", {"batch_id": "batch1", "claim": {"key": "k"}})  # a redelivery

    executions = sfn.list_executions(stateMachineArn=state_machine)["executions"]
    assert [e["name"] for e in executions] == ["batch1"]
    described = sfn.describe_execution(executionArn=executions[0]["executionArn"])
    assert json.loads(described["input"]) == {"batch_id": "batch1", "claim": {"key": "k"}}


def test_an_execution_name_already_used_counts_as_started() -> None:
    error = client_error("ExecutionAlreadyExists", 400)
    StepFunctionsExecutionStarter(FailingClient(error), "arn").start("b", {})


def test_throttled_start_execution_is_transient() -> None:
    error = client_error("ThrottlingException", 400)
    with pytest.raises(TransientError):
        StepFunctionsExecutionStarter(FailingClient(error), "arn").start("b", {})
