"""Handlers that probe the local cloud runtime's contract (not Newsflow code)."""

from __future__ import annotations

import os
import time
from typing import Any

import boto3

# Module scope runs once per execution environment: a cold start.
COLD_START_MARK = time.time()


class FlakyError(Exception):
    """Raised on purpose; Step Functions Retry matches on this class name."""


def echo(event: Any, context: Any) -> dict[str, Any]:
    return {
        "event": event,
        "env": dict(os.environ),
        "cold_start_mark": COLD_START_MARK,
        "remaining_ms": context.get_remaining_time_in_millis(),
        "function_name": context.function_name,
    }


def sleep(event: Any, context: Any) -> dict[str, Any]:
    time.sleep(float(event["seconds"]))
    return {"slept": event["seconds"]}


def hog(event: Any, context: Any) -> dict[str, Any]:
    blob = bytearray(int(event["megabytes"]) * 1024 * 1024)
    for i in range(0, len(blob), 4096):
        blob[i] = 1
    return {"allocated_mb": len(blob) // (1024 * 1024)}


def fail(event: Any, context: Any) -> None:
    raise FlakyError(f"failing on purpose: {event}")


def flaky_once(event: Any, context: Any) -> dict[str, Any]:
    """Fails the first time it sees a key (tracked in S3), then succeeds."""
    s3 = boto3.client("s3")
    bucket, key = os.environ["BUCKET"], f"attempts/{event['key']}"
    try:
        s3.head_object(Bucket=bucket, Key=key)
    except s3.exceptions.ClientError:
        s3.put_object(Bucket=bucket, Key=key, Body=b"1")
        raise FlakyError("first attempt fails") from None
    return {"ok": True, "key": event["key"]}
