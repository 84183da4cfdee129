"""S3 implementation of the claim-check store: one JSON Lines object per batch."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import orjson
from botocore.exceptions import ClientError

from newsflow_core.article import Article, ClaimRef
from newsflow_core.errors import PermanentError, TransientError
from newsflow_core.ports import ClaimStore


class S3ClaimStore(ClaimStore):
    def __init__(self, s3: Any, bucket: str) -> None:
        self._s3 = s3
        self._bucket = bucket

    def put(self, key: str, articles: Sequence[Article]) -> ClaimRef:
        body = b"".join(orjson.dumps(a.to_dict()) + b"\n" for a in articles)
        try:
            self._s3.put_object(
                Bucket=self._bucket, Key=key, Body=body, ContentType="application/x-ndjson"
            )
        except ClientError as exc:
            raise TransientError(f"claim put failed for s3://{self._bucket}/{key}: {exc}") from exc
        return ClaimRef(bucket=self._bucket, key=key, count=len(articles))

    def get(self, ref: ClaimRef) -> list[Article]:
        try:
            body = self._s3.get_object(Bucket=ref.bucket, Key=ref.key)["Body"].read()
        except ClientError as exc:
            code = exc.response.get("Error", {}).get("Code", "")
            if code in {"NoSuchKey", "404", "NoSuchBucket"}:
                raise PermanentError("claim_missing", f"s3://{ref.bucket}/{ref.key}") from exc
            raise TransientError(
                f"claim get failed for s3://{ref.bucket}/{ref.key}: {exc}"
            ) from exc
        return [Article.from_dict(orjson.loads(line)) for line in body.splitlines() if line.strip()]
