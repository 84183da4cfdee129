"""The real bulk handlers on the files in events/, against template.yaml provisioned in moto.

Fixtures come from events/_fixtures/bulk.fixtures.json, exactly what `newsflow invoke`
seeds. The last test chains the three handlers through the real queues.
"""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from boto3.dynamodb.types import TypeDeserializer, TypeSerializer

from newsflow_aggregate.logic.model import job_id_for

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "events" / "_fixtures" / "bulk.fixtures.json"
BUCKET = "newsflow-data-123456789012-us-east-1"
SAMPLE_KEY = "bulk/sample-2026-11-22.jsonl"
CHUNK_JOB = "fixture-chunk-2026-11-21-510355f2b5a58193"
AGGREGATE_JOB = "fixture-aggregate-2026-11-20-51c3c4bf5f369b16"

Loader = Callable[[Any, str], Any]


# ------------------------------------------------------------------------------ helpers
def seed(stack: Any) -> None:
    spec = json.loads(FIXTURES.read_text())
    for obj in spec["s3"]:
        stack.client("s3").put_object(
            Bucket=stack.physical_id(obj["bucket"]),
            Key=obj["key"],
            Body=(ROOT / obj["file"]).read_bytes(),
        )
    serializer = TypeSerializer()
    for entry in spec["dynamodb"]:
        stack.client("dynamodb").put_item(
            TableName=stack.physical_id(entry["table"]),
            Item={k: serializer.serialize(v) for k, v in entry["item"].items()},
        )


def job(stack: Any, job_id: str) -> dict[str, Any]:
    item = stack.client("dynamodb").get_item(
        TableName=stack.physical_id("JobsTable"), Key={"job_id": {"S": job_id}}
    )["Item"]
    deserializer = TypeDeserializer()
    return {k: deserializer.deserialize(v) for k, v in item.items()}


def receive_all(stack: Any, logical_id: str) -> list[dict[str, Any]]:
    sqs, url = stack.client("sqs"), stack.physical_id(logical_id)
    messages: list[dict[str, Any]] = []
    while batch := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, AttributeNames=["All"]
    ).get("Messages", []):
        messages += batch
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)
            ],
        )
    return messages


def sqs_event(stack: Any, logical_id: str, message: dict[str, Any]) -> dict[str, Any]:
    """What the SQS event source mapping hands the function for one received message."""
    arn = stack.attr(logical_id, "Arn")
    return {
        "Records": [
            {
                "messageId": message["MessageId"],
                "receiptHandle": message["ReceiptHandle"],
                "body": message["Body"],
                "attributes": message.get("Attributes", {}),
                "messageAttributes": {},
                "md5OfBody": message["MD5OfBody"],
                "eventSource": "aws:sqs",
                "eventSourceARN": arn,
                "awsRegion": "us-east-1",
            }
        ]
    }


def s3_event_for(template: dict[str, Any], key: str, data: bytes) -> dict[str, Any]:
    event = copy.deepcopy(template)
    obj = event["Records"][0]["s3"]["object"]
    obj.update(key=key, size=len(data), eTag=hashlib.md5(data).hexdigest())
    return event


def objects(stack: Any, prefix: str) -> list[str]:
    response = stack.client("s3").list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return sorted(o["Key"] for o in response.get("Contents", []))


def read_json(stack: Any, key: str) -> Any:
    return json.loads(stack.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read())


def read_jsonl(stack: Any, key: str) -> list[Any]:
    body = stack.client("s3").get_object(Bucket=BUCKET, Key=key)["Body"].read()
    return [json.loads(row) for row in body.splitlines() if row]


def digest_events_queue(stack: Any) -> str:
    """A rule on DigestBus that copies DailyDigestReady events to a queue we can read."""
    sqs, events = stack.client("sqs"), stack.client("events")
    url = sqs.create_queue(QueueName="digest-events")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    bus = stack.physical_id("DigestBus")
    events.put_rule(
        Name="digest-ready",
        EventBusName=bus,
        EventPattern=json.dumps({"source": ["newsflow.bulk"], "detail-type": ["DailyDigestReady"]}),
    )
    events.put_targets(Rule="digest-ready", EventBusName=bus, Targets=[{"Id": "q", "Arn": arn}])
    return str(url)


def digest_events(stack: Any, url: str) -> list[dict[str, Any]]:
    sqs = stack.client("sqs")
    found = []
    while batch := sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", []):
        found += [json.loads(m["Body"]) for m in batch]
        for m in batch:
            sqs.delete_message(QueueUrl=url, ReceiptHandle=m["ReceiptHandle"])
    return found


@pytest.fixture
def splitter(stack: Any, load_handler: Loader) -> Any:
    return load_handler(stack, "SplitterFunction")


# ------------------------------------------------------------------------------ splitter
def test_splitter_sample_event_cuts_the_sample_file_into_chunks_and_records_the_job(
    stack: Any, splitter: Any, load_event: Any, lambda_context: Any
) -> None:
    seed(stack)
    event = load_event("SplitterFunction", "s3-put.json")

    response = splitter(event, lambda_context)

    etag = event["Records"][0]["s3"]["object"]["eTag"]
    job_id = job_id_for(BUCKET, SAMPLE_KEY, etag)
    assert response["jobs"] == [
        {"job_id": job_id, "action": "split", "chunks": 1, "lines": 15, "reason": None}
    ]
    item = job(stack, job_id)
    assert (item["status"], item["total_chunks"], item["lines"]) == ("SPLIT", 1, 15)
    assert item["source_key"] == SAMPLE_KEY and item["digest_date"] == "2026-11-22"
    chunk = read_jsonl(stack, f"bulk-chunks/{job_id}/00000.jsonl")
    assert [row["line"] for row in chunk] == [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16]
    assert "raw_b64" in chunk[8], "line 10 is Latin-1 and must travel as bytes"
    [message] = receive_all(stack, "ChunkQueue")
    assert json.loads(message["Body"]) == {"job_id": job_id, "index": 0}


def test_splitter_gzip_sample_event_yields_the_same_lines_as_the_plain_file(
    stack: Any, splitter: Any, load_event: Any, lambda_context: Any
) -> None:
    seed(stack)

    plain = splitter(load_event("SplitterFunction", "s3-put.json"), lambda_context)["jobs"][0]
    zipped = splitter(load_event("SplitterFunction", "s3-put-gz.json"), lambda_context)["jobs"][0]

    assert (zipped["action"], zipped["lines"]) == ("split", plain["lines"])
    assert read_jsonl(stack, f"bulk-chunks/{zipped['job_id']}/00000.jsonl") == read_jsonl(
        stack, f"bulk-chunks/{plain['job_id']}/00000.jsonl"
    )
    assert job(stack, zipped["job_id"])["digest_date"] == "2026-11-23"


def test_redelivered_s3_event_sends_no_second_set_of_chunks(
    stack: Any, splitter: Any, load_event: Any, lambda_context: Any
) -> None:
    seed(stack)
    event = load_event("SplitterFunction", "s3-put.json")
    splitter(event, lambda_context)
    receive_all(stack, "ChunkQueue")

    again = splitter(event, lambda_context)

    assert again["jobs"][0]["action"] == "already_split"
    assert receive_all(stack, "ChunkQueue") == []


def test_empty_bulk_file_goes_straight_to_aggregation(
    stack: Any, splitter: Any, load_event: Any, lambda_context: Any
) -> None:
    key = "bulk/empty-2026-11-24.jsonl"
    stack.client("s3").put_object(Bucket=BUCKET, Key=key, Body=b"")
    event = s3_event_for(load_event("SplitterFunction", "s3-put.json"), key, b"")

    [outcome] = splitter(event, lambda_context)["jobs"]

    assert (outcome["action"], outcome["chunks"]) == ("split", 0)
    [request] = receive_all(stack, "AggregateQueue")
    assert json.loads(request["Body"]) == {"job_id": outcome["job_id"]}


# ------------------------------------------------------------------------------ chunk worker
def test_chunk_worker_sample_event_enriches_rejects_with_line_numbers_and_counts_once(
    stack: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    seed(stack)
    handler = load_handler(stack, "ChunkWorkerFunction")
    event = load_event("ChunkWorkerFunction", "chunk-message.json")

    assert handler(event, lambda_context) == {"batchItemFailures": []}
    assert handler(event, lambda_context) == {"batchItemFailures": []}  # SQS redelivery

    item = job(stack, CHUNK_JOB)
    assert (item["completed_chunks"], item["enriched"], item["rejected"]) == (1, 10, 5)
    assert item["done_chunks"] == {"00000"}
    rejects = read_jsonl(stack, f"bulk-rejects/{CHUNK_JOB}/00000.jsonl")
    assert [(r["line"], r["reason"]) for r in rejects] == [
        (3, "invalid_json"),
        (8, "missing_field:headline"),
        (10, "invalid_encoding"),
        (13, "body_too_short"),
        (15, "invalid_timestamp"),
    ]
    result = read_json(stack, f"bulk-results/{CHUNK_JOB}/00000.json")
    assert (result["lines"], result["enriched"], result["rejected"]) == (15, 10, 5)
    assert result["tickers"], "the shared enricher tags tickers in the sample articles"
    requests = receive_all(stack, "AggregateQueue")
    assert {json.loads(r["Body"])["job_id"] for r in requests} == {CHUNK_JOB}


def test_chunk_worker_fails_the_invocation_when_its_chunk_is_missing_so_sqs_retries_it(
    stack: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    handler = load_handler(stack, "ChunkWorkerFunction")
    event = load_event("ChunkWorkerFunction", "chunk-message.json")

    # Nothing seeded. With BatchSize 1 the whole batch failed, so Powertools raises and the
    # message goes back to ChunkQueue (and to ChunkDLQ after maxReceiveCount).
    with pytest.raises(Exception, match="All records failed"):
        handler(event, lambda_context)

    assert objects(stack, "bulk-results/") == []
    assert receive_all(stack, "AggregateQueue") == []


# ------------------------------------------------------------------------------ aggregator
def test_aggregator_sample_event_writes_the_digest_once_and_announces_it(
    stack: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    seed(stack)
    events_url = digest_events_queue(stack)
    handler = load_handler(stack, "AggregatorFunction")
    event = load_event("AggregatorFunction", "aggregate-message.json")

    assert handler(event, lambda_context) == {"batchItemFailures": []}
    assert handler(event, lambda_context) == {"batchItemFailures": []}

    digest_key = f"digests/2026-11-20/{AGGREGATE_JOB}.json"
    item = job(stack, AGGREGATE_JOB)
    assert (item["status"], item["digest_key"]) == ("AGGREGATED", digest_key)
    assert "lease_owner" not in item and "announced_at" in item
    digest = read_json(stack, digest_key)
    assert digest["totals"] == {
        "lines": 15,
        "enriched": 10,
        "rejected": 5,
        "chunks": 1,
        "tickers": 9,
    }
    assert digest["tickers"][0] == {"symbol": "GOOGL", "mentions": 2, "mean_sentiment": 0.4}
    assert [s["line"] for s in digest["top_stories"]] == [4, 1, 11]
    text = (
        stack.client("s3")
        .get_object(Bucket=BUCKET, Key=f"digests/2026-11-20/{AGGREGATE_JOB}.txt")["Body"]
        .read()
    )
    assert b"GOOGL" in text and b"invalid_encoding: 1" in text
    [announcement] = digest_events(stack, events_url)
    assert announcement["source"] == "newsflow.bulk"
    assert announcement["detail-type"] == "DailyDigestReady"
    assert announcement["detail"]["job_id"] == AGGREGATE_JOB
    assert announcement["detail"]["digest_key"] == digest_key
    assert announcement["detail"]["totals"]["lines"] == 15


# ------------------------------------------------------------------------------ all three
def _bulk_file(lines: int) -> bytes:
    sample = [
        line
        for line in (ROOT / "events/_fixtures/bulk-sample-2026-11-22.jsonl")
        .read_bytes()
        .split(b"\n")
        if line.strip()
    ]
    out = []
    for n in range(lines):
        line = sample[n % len(sample)]
        # Distinct URLs so every copy is its own article.
        out.append(line.replace(b"?utm_source=bulk&id=", f"?copy={n}&id=".encode()))
    return gzip.compress(b"\n".join(out) + b"\n", mtime=0)


def test_bulk_file_through_all_three_handlers_is_aggregated_exactly_once(
    stack: Any,
    splitter: Any,
    load_handler: Loader,
    load_event: Any,
    lambda_context: Any,
) -> None:
    events_url = digest_events_queue(stack)
    key = "bulk/vendor-2026-11-24.jsonl.gz"
    data = _bulk_file(120)  # CHUNK_SIZE 50 in the template: 3 chunks
    stack.client("s3").put_object(Bucket=BUCKET, Key=key, Body=data)

    [split] = splitter(
        s3_event_for(load_event("SplitterFunction", "s3-put.json"), key, data), lambda_context
    )["jobs"]
    chunk_messages = receive_all(stack, "ChunkQueue")
    assert (split["chunks"], len(chunk_messages)) == (3, 3)

    worker = load_handler(stack, "ChunkWorkerFunction")
    # Out of order, then the last two again (SQS at least once) after completion.
    for message in [*chunk_messages[::-1], chunk_messages[0], chunk_messages[1]]:
        assert worker(sqs_event(stack, "ChunkQueue", message), lambda_context) == {
            "batchItemFailures": []
        }
    aggregate_requests = receive_all(stack, "AggregateQueue")
    assert len(aggregate_requests) >= 2, "completion and each redelivery ask again"

    aggregator = load_handler(stack, "AggregatorFunction")
    for message in aggregate_requests:
        assert aggregator(sqs_event(stack, "AggregateQueue", message), lambda_context) == {
            "batchItemFailures": []
        }

    item = job(stack, split["job_id"])
    assert item["status"] == "AGGREGATED"
    assert item["lines"] == item["enriched"] + item["rejected"] == 120
    assert item["completed_chunks"] == item["total_chunks"] == 3
    assert objects(stack, f"digests/2026-11-24/{split['job_id']}") == [
        f"digests/2026-11-24/{split['job_id']}.json",
        f"digests/2026-11-24/{split['job_id']}.txt",
    ]
    assert len(digest_events(stack, events_url)) == 1
