"""S3 implementations of the bulk source (streamed reads) and the DATA_BUCKET store."""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from newsflow_aggregate.logic.model import BulkObject
from newsflow_aggregate.ports import BulkSource, ByteStream, DataStore
from newsflow_core.errors import PermanentError, TransientError

_MISSING = {"NoSuchKey", "404", "NoSuchBucket", "NoSuchVersion"}


def _is_missing(exc: ClientError) -> bool:
    return exc.response.get("Error", {}).get("Code", "") in _MISSING


class _GuardedStream:
    """A StreamingBody whose network failures mid-read surface as TransientError, so the
    domain can tell "retry me" from "this file is bad" without knowing botocore."""

    def __init__(self, body: Any, where: str) -> None:
        self._body = body
        self._where = where

    def read(self, size: int = -1, /) -> bytes:
        try:
            data: bytes = self._body.read(None if size < 0 else size)
        except (BotoCoreError, ClientError, OSError) as exc:
            raise TransientError(f"read failed for {self._where}: {exc}") from exc
        return data

    def close(self) -> None:
        self._body.close()


class S3BulkSource(BulkSource):
    def __init__(self, s3: Any) -> None:
        self._s3 = s3

    def open(self, obj: BulkObject) -> ByteStream:
        where = f"s3://{obj.bucket}/{obj.key}"
        params: dict[str, str] = {"Bucket": obj.bucket, "Key": obj.key}
        if obj.version_id:
            # Versioned bucket: read exactly the version the notification is about.
            params["VersionId"] = obj.version_id
        try:
            body = self._s3.get_object(**params)["Body"]
        except ClientError as exc:
            if _is_missing(exc):
                raise PermanentError("source_missing", where) from exc
            raise TransientError(f"get failed for {where}: {exc}") from exc
        except BotoCoreError as exc:
            raise TransientError(f"get failed for {where}: {exc}") from exc
        return _GuardedStream(body, where)


class S3DataStore(DataStore):
    def __init__(self, s3: Any, bucket: str) -> None:
        self._s3 = s3
        self._bucket = bucket

    def put(self, key: str, body: bytes, content_type: str) -> None:
        try:
            self._s3.put_object(Bucket=self._bucket, Key=key, Body=body, ContentType=content_type)
        except (BotoCoreError, ClientError) as exc:
            raise TransientError(f"put failed for s3://{self._bucket}/{key}: {exc}") from exc

    def get(self, key: str) -> bytes:
        where = f"s3://{self._bucket}/{key}"
        try:
            body: bytes = self._s3.get_object(Bucket=self._bucket, Key=key)["Body"].read()
        except ClientError as exc:
            if _is_missing(exc):
                raise PermanentError("object_missing", where) from exc
            raise TransientError(f"get failed for {where}: {exc}") from exc
        except BotoCoreError as exc:
            raise TransientError(f"get failed for {where}: {exc}") from exc
        return body
