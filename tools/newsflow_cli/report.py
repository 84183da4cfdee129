"""The run report: counts per hop read back from the stack's durable state.

Nothing here trusts a function's own claim of what it did: every figure comes from a table,
a bucket or a queue, so the report is also the check that nothing was lost or doubled.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from typing import Any

from localcloud.cloud import LocalCloud


def scan(cloud: LocalCloud, logical_id: str, **kwargs: Any) -> Iterator[dict[str, Any]]:
    paginator = cloud.client("dynamodb").get_paginator("scan")
    for page in paginator.paginate(TableName=cloud.stack.physical_id(logical_id), **kwargs):
        yield from page["Items"]


def _number(item: dict[str, Any], name: str) -> int:
    value = item.get(name, {})
    return int(value.get("N", "0")) if isinstance(value, dict) else 0


def dedup_counts(cloud: LocalCloud) -> tuple[int, int]:
    """(ingested, duplicates): DedupTable items, and the duplicate records they list."""
    ingested = duplicates = 0
    for item in scan(cloud, "DedupTable"):
        ingested += 1
        duplicates += len(item.get("dup_seqs", {}).get("SS", []))
    return ingested, duplicates


def stream_counts(cloud: LocalCloud) -> dict[str, int]:
    """The cheap subset of the report, polled for the progress bar."""
    ingested, duplicates = dedup_counts(cloud)
    published = _count(cloud, "ArticlesTable")
    return {"ingested": ingested, "duplicates": duplicates, "published": published}


def _count(cloud: LocalCloud, logical_id: str) -> int:
    paginator = cloud.client("dynamodb").get_paginator("scan")
    table = cloud.stack.physical_id(logical_id)
    return sum(page["Count"] for page in paginator.paginate(TableName=table, Select="COUNT"))


def queue_depth(cloud: LocalCloud, logical_id: str) -> int:
    attributes = cloud.client("sqs").get_queue_attributes(
        QueueUrl=cloud.stack.physical_id(logical_id),
        AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
    )["Attributes"]
    return int(attributes["ApproximateNumberOfMessages"]) + int(
        attributes["ApproximateNumberOfMessagesNotVisible"]
    )


def peek_messages(cloud: LocalCloud, logical_id: str) -> list[dict[str, Any]]:
    """Read every message of a DLQ without deleting it (hidden for a minute, then back)."""
    sqs = cloud.client("sqs")
    url = cloud.stack.physical_id(logical_id)
    messages: dict[str, dict[str, Any]] = {}
    while True:
        batch = sqs.receive_message(
            QueueUrl=url,
            MaxNumberOfMessages=10,
            VisibilityTimeout=60,
            MessageAttributeNames=["All"],
        ).get("Messages", [])
        if not batch:
            return list(messages.values())
        for message in batch:
            messages[message["MessageId"]] = message


def rejected(cloud: LocalCloud) -> dict[str, Any]:
    """Articles that left the stream for a durable sink, counted once each, by reason."""
    reasons: Counter[str] = Counter()
    sources: set[str] = set()
    for message in peek_messages(cloud, "IngestDLQ"):
        body = json.loads(message["Body"])
        # Kinesis redelivery can reject the same record twice; count records, not messages.
        if body["source"] not in sources:
            sources.add(body["source"])
            reasons[body["reason"]] += 1
    for message in peek_messages(cloud, "StreamFailureDLQ"):
        body = json.loads(message["Body"])
        condition = body["requestContext"]["condition"]
        reasons[f"kinesis:{condition}"] += int(body["KinesisBatchInfo"]["batchSize"])
    for message in peek_messages(cloud, "EnrichmentDLQ"):
        body = json.loads(message["Body"])
        error = body.get("error", {}).get("Error", "unknown")
        reasons[f"enrichment:{error}"] += int(body.get("claim", {}).get("count", 0))
    return {"count": sum(reasons.values()), "reasons": dict(sorted(reasons.items()))}


def enriched_count(cloud: LocalCloud) -> int:
    """Distinct articles in the TagEntities step's output claims."""
    s3 = cloud.client("s3")
    bucket = cloud.stack.physical_id("DataBucket")
    ids: set[str] = set()
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="claims/"):
        for obj in page.get("Contents", []):
            if obj["Key"].endswith(".tagged.jsonl"):
                body = s3.get_object(Bucket=bucket, Key=obj["Key"])["Body"].read()
                ids.update(json.loads(line)["article_id"] for line in body.splitlines() if line)
    return len(ids)


def bulk_status(cloud: LocalCloud) -> dict[str, Any]:
    jobs = list(scan(cloud, "JobsTable"))
    if not jobs:
        return {"status": "MISSING", "lines": 0, "enriched": 0, "rejected": 0, "jobs": 0}
    job = jobs[0]
    return {
        "jobs": len(jobs),
        "job_id": job["job_id"]["S"],
        "status": job.get("status", {}).get("S", "UNKNOWN"),
        "lines": _number(job, "lines"),
        "enriched": _number(job, "enriched"),
        "rejected": _number(job, "rejected"),
        "chunks": _number(job, "total_chunks"),
        "completed_chunks": _number(job, "completed_chunks"),
        "digest_key": job.get("digest_key", {}).get("S"),
    }


def build_report(
    cloud: LocalCloud,
    *,
    articles_in: int,
    receiver: dict[str, int],
    quiet: bool,
    elapsed_seconds: float,
) -> dict[str, Any]:
    ingested, duplicates = dedup_counts(cloud)
    dlq_ids = [lid for lid in cloud.stack.logical_ids("AWS::SQS::Queue") if lid.endswith("DLQ")]
    dlq = {lid: queue_depth(cloud, lid) for lid in sorted(dlq_ids)}
    rejects = rejected(cloud)
    delivered: Counter[str] = Counter(
        item["consumer"]["S"] for item in scan(cloud, "DeliveriesTable")
    )
    # One pass over ArticlesTable gives both the published count and the untagged ones.
    published = untagged = 0
    for item in scan(cloud, "ArticlesTable", ProjectionExpression="article_id, tickers"):
        published += 1
        untagged += not item.get("tickers", {}).get("L")
    accounted = published + duplicates + rejects["count"]
    bulk = bulk_status(cloud)
    return {
        "articles_in": articles_in,
        "ingested": ingested,
        "duplicates": duplicates,
        "enriched": enriched_count(cloud),
        "published": published,
        "published_without_tickers": untagged,
        "rejected": rejects,
        "delivered": {c: delivered.get(c, 0) for c in ("feed", "analytics", "webhook")},
        "webhook_receiver": receiver,
        "dlq": dlq,
        "bulk": bulk,
        "functions": {k: v.to_dict() for k, v in sorted(cloud.runtime.stats().items())},
        "conservation": {
            "holds": accounted == articles_in,
            "articles_in": articles_in,
            "published_plus_duplicates_plus_rejected": accounted,
        },
        "bulk_balanced": bulk["lines"] == bulk["enriched"] + bulk["rejected"],
        "quiet": quiet,
        "elapsed_seconds": round(elapsed_seconds, 1),
    }
