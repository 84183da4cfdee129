"""Seed the state that sample events refer to (an S3 claim, a job item, ...).

``sam local invoke`` users point events at a deployed stack's data; on a fresh local stack
that data has to be put there first. Every ``events/_fixtures/*.fixtures.json`` declares
objects and items by the template's logical ids:
``{"s3": [{"bucket": "DataBucket", "key": "...", "file": "events/_fixtures/x.jsonl"}],
   "dynamodb": [{"table": "JobsTable", "item": {...}}]}``
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from boto3.dynamodb.types import TypeSerializer

from localcloud.cloud import LocalCloud

_SERIALIZER = TypeSerializer()


def seed_fixtures(cloud: LocalCloud, root: Path) -> int:
    seeded = 0
    for path in sorted((root / "events" / "_fixtures").glob("*.fixtures.json")):
        spec = json.loads(path.read_text())
        for obj in spec.get("s3", []):
            cloud.client("s3").put_object(
                Bucket=cloud.stack.physical_id(obj["bucket"]),
                Key=obj["key"],
                Body=(root / obj["file"]).read_bytes(),
            )
            seeded += 1
        for entry in spec.get("dynamodb", []):
            cloud.client("dynamodb").put_item(
                TableName=cloud.stack.physical_id(entry["table"]), Item=_to_item(entry["item"])
            )
            seeded += 1
    return seeded


def _to_item(item: dict[str, Any]) -> dict[str, Any]:
    def convert(value: Any) -> Any:
        if isinstance(value, float):
            return Decimal(str(value))
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list):
            return [convert(v) for v in value]
        return value

    return {k: _SERIALIZER.serialize(convert(v)) for k, v in item.items()}
