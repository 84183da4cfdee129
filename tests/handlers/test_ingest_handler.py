"""The real IngestFunction handler on events/IngestFunction/kinesis-batch.json, against
template.yaml provisioned in moto.

The sample batch holds, in stream order: Apple (valid), JPMorgan (valid), a record without
a body (poison), Microsoft/Alphabet (valid) and the JPMorgan story again through a tracking
link (a duplicate of the second record).
"""

from __future__ import annotations

import base64
import copy
import json
from typing import Any

import boto3
import pytest

from newsflow_core.validation import article_id_for

REGION = "us-east-1"
EVENT = "kinesis-batch.json"


@pytest.fixture
def batch(load_event: Any) -> dict[str, Any]:
    event: dict[str, Any] = load_event("IngestFunction", EVENT)
    return event


@pytest.fixture
def handler(stack: Any, load_handler: Any, lambda_context: Any) -> Any:
    lambda_handler = load_handler(stack, "IngestFunction")

    def invoke(event: dict[str, Any]) -> Any:
        return lambda_handler(copy.deepcopy(event), lambda_context)

    return invoke


def seqs(event: dict[str, Any]) -> list[str]:
    return [r["kinesis"]["sequenceNumber"] for r in event["Records"]]


def record_ids(event: dict[str, Any]) -> list[str]:
    """Dedup's record identity: sequence numbers are unique only within a shard."""
    return [f"kinesis:{r['eventID']}" for r in event["Records"]]


def payload(record: dict[str, Any]) -> dict[str, Any]:
    decoded: dict[str, Any] = json.loads(base64.b64decode(record["kinesis"]["data"]))
    return decoded


def dlq_messages(stack: Any) -> list[dict[str, Any]]:
    sqs = boto3.client("sqs", region_name=REGION)
    response = sqs.receive_message(
        QueueUrl=stack.physical_id("IngestDLQ"),
        MaxNumberOfMessages=10,
        MessageAttributeNames=["All"],
    )
    return list(response.get("Messages", []))


def claims(stack: Any) -> dict[str, list[dict[str, Any]]]:
    s3 = boto3.client("s3", region_name=REGION)
    bucket = stack.physical_id("DataBucket")
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="claims/").get("Contents", [])
    return {
        obj["Key"]: [
            json.loads(line)
            for line in s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read().splitlines()
        ]
        for obj in listed
    }


def executions(stack: Any) -> list[dict[str, Any]]:
    sfn = boto3.client("stepfunctions", region_name=REGION)
    arn = stack.physical_id("EnrichmentStateMachine")
    return [
        json.loads(sfn.describe_execution(executionArn=e["executionArn"])["input"])
        for e in sfn.list_executions(stateMachineArn=arn)["executions"]
    ]


def dedup_items(stack: Any) -> list[dict[str, Any]]:
    dynamodb = boto3.resource("dynamodb", region_name=REGION)
    items: list[dict[str, Any]] = dynamodb.Table(stack.physical_id("DedupTable")).scan()["Items"]
    return items


def test_poison_record_goes_to_dlq_and_rest_of_batch_commits(
    stack: Any, handler: Any, batch: dict[str, Any]
) -> None:
    response = handler(batch)

    assert response == {"batchItemFailures": []}
    [message] = dlq_messages(stack)
    poison_seq = seqs(batch)[2]
    assert message["MessageAttributes"]["reason"]["StringValue"] == "missing_field:body"
    body = json.loads(message["Body"])
    assert body["source"] == f"kinesis:shardId-000000000000:{poison_seq}"
    assert json.loads(body["payload"]) == payload(batch["Records"][2])

    [(key, articles)] = claims(stack).items()
    assert key.startswith("claims/2024/05/02/") and key.endswith(".jsonl")
    assert [a["source"] for a in articles] == ["reuters", "bloomberg", "ft"]
    assert articles[0]["headline"] == "Apple beats quarterly revenue estimates on services growth"
    assert articles[0]["published_at"] == "2024-05-02T20:45:00Z"

    [started] = executions(stack)
    bucket = stack.physical_id("DataBucket")
    assert started == {
        "batch_id": key.removeprefix("claims/2024/05/02/").removesuffix(".jsonl"),
        "claim": {"bucket": bucket, "key": key, "count": 3},
    }


def test_duplicate_is_counted_in_dup_seqs_and_dropped(
    stack: Any, handler: Any, batch: dict[str, Any]
) -> None:
    handler(batch)

    jpm = article_id_for(payload(batch["Records"][1])["url"])
    assert article_id_for(payload(batch["Records"][4])["url"]) == jpm
    by_id = {item["article_id"]: item for item in dedup_items(stack)}
    assert by_id[jpm]["first_seq"] == record_ids(batch)[1]
    assert by_id[jpm]["dup_seqs"] == {record_ids(batch)[4]}
    assert sum(len(item.get("dup_seqs", ())) for item in by_id.values()) == 1
    [articles] = claims(stack).values()
    assert [a["article_id"] for a in articles].count(jpm) == 1


def test_same_record_redelivered_is_not_a_duplicate(
    stack: Any, handler: Any, batch: dict[str, Any]
) -> None:
    first = handler(batch)
    claimed_once = claims(stack)

    again = handler(batch)  # Kinesis redelivers the batch after, say, a timeout

    assert first == again == {"batchItemFailures": []}
    assert claims(stack) == claimed_once  # same key, same three articles
    items = dedup_items(stack)
    assert sum(len(item.get("dup_seqs", ())) for item in items) == 1
    assert {item["first_seq"] for item in items} == {record_ids(batch)[i] for i in (0, 1, 3)}
    assert len({e["batch_id"] for e in executions(stack)}) == 1


def test_a_later_batch_with_the_same_story_only_adds_a_duplicate(
    stack: Any, handler: Any, batch: dict[str, Any]
) -> None:
    handler(batch)
    later = copy.deepcopy(batch)
    later["Records"] = [later["Records"][0]]
    record = later["Records"][0]
    seq = str(int(seqs(batch)[-1]) + 5_000_000)
    record["kinesis"]["sequenceNumber"] = seq
    record["eventID"] = f"shardId-000000000000:{seq}"

    assert handler(later) == {"batchItemFailures": []}

    apple = article_id_for(payload(record)["url"])
    by_id = {item["article_id"]: item for item in dedup_items(stack)}
    assert by_id[apple]["dup_seqs"] == {f"kinesis:shardId-000000000000:{seq}"}
    assert len(claims(stack)) == 1  # nothing new to enrich, no second claim
    assert len(executions(stack)) == 1
