"""DynamoDB implementation of the job repository (JobsTable).

Each transition is a single conditional write; a ConditionalCheckFailed is an answer
("someone already did this"), not an error.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from newsflow_aggregate.logic.model import Job, JobStatus, chunk_name
from newsflow_aggregate.ports import ChunkCount, JobRepository
from newsflow_core.errors import PermanentError, TransientError

_CONDITION_FAILED = "ConditionalCheckFailedException"
_STATUS = {"#status": "status"}  # "status" is a DynamoDB reserved word


def _s(value: str) -> dict[str, str]:
    return {"S": value}


def _n(value: int) -> dict[str, str]:
    return {"N": str(value)}


def _opt_int(item: dict[str, Any], name: str) -> int | None:
    return int(item[name]["N"]) if name in item else None


def _opt_str(item: dict[str, Any], name: str) -> str | None:
    return str(item[name]["S"]) if name in item else None


def job_from_item(item: dict[str, Any]) -> Job:
    try:
        return Job(
            job_id=item["job_id"]["S"],
            status=JobStatus(item["status"]["S"]),
            source_bucket=item["source_bucket"]["S"],
            source_key=item["source_key"]["S"],
            source_etag=item.get("source_etag", {}).get("S", ""),
            digest_date=item["digest_date"]["S"],
            chunk_size=int(item["chunk_size"]["N"]),
            total_chunks=_opt_int(item, "total_chunks"),
            lines=_opt_int(item, "lines"),
            completed_chunks=_opt_int(item, "completed_chunks") or 0,
            enriched=_opt_int(item, "enriched") or 0,
            rejected=_opt_int(item, "rejected") or 0,
            digest_key=_opt_str(item, "digest_key"),
            announced="announced_at" in item,
            lease_owner=_opt_str(item, "lease_owner"),
            lease_expires_at=_opt_int(item, "lease_expires_at"),
            failure_reason=_opt_str(item, "failure_reason"),
        )
    except (KeyError, ValueError) as exc:
        raise PermanentError("corrupt_job_item", f"{type(exc).__name__}: {exc}") from exc


class DynamoJobRepository(JobRepository):
    def __init__(self, dynamodb: Any, table: str) -> None:
        self._db = dynamodb
        self._table = table

    def create(self, job: Job) -> Job:
        item = {
            "job_id": _s(job.job_id),
            "status": _s(job.status),
            "source_bucket": _s(job.source_bucket),
            "source_key": _s(job.source_key),
            "source_etag": _s(job.source_etag),
            "digest_date": _s(job.digest_date),
            "chunk_size": _n(job.chunk_size),
            # Counters start at zero so "completed_chunks = total_chunks" can hold for a
            # file with no lines (a missing attribute never compares equal).
            "completed_chunks": _n(0),
            "enriched": _n(0),
            "rejected": _n(0),
        }
        try:
            self._db.put_item(
                TableName=self._table, Item=item, ConditionExpression="attribute_not_exists(job_id)"
            )
            return job
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != _CONDITION_FAILED:
                raise TransientError(f"PutItem {job.job_id} failed: {exc}") from exc
        except BotoCoreError as exc:
            raise TransientError(f"PutItem {job.job_id} failed: {exc}") from exc
        existing = self.get(job.job_id)
        if existing is None:  # created and deleted in between: nothing sane to resume
            raise TransientError(f"job {job.job_id} vanished while being created")
        return existing

    def get(self, job_id: str) -> Job | None:
        try:
            response = self._db.get_item(
                TableName=self._table, Key={"job_id": _s(job_id)}, ConsistentRead=True
            )
        except (BotoCoreError, ClientError) as exc:
            raise TransientError(f"GetItem {job_id} failed: {exc}") from exc
        item = response.get("Item")
        return job_from_item(item) if item else None

    def record_totals(self, job_id: str, total_chunks: int, lines: int) -> bool:
        return (
            self._update(
                job_id,
                "SET total_chunks = :total, #lines = :lines",
                "#status = :splitting",
                names={**_STATUS, "#lines": "lines"},
                values={
                    ":total": _n(total_chunks),
                    ":lines": _n(lines),
                    ":splitting": _s(JobStatus.SPLITTING),
                },
            )
            is not None
        )

    def mark_split(self, job_id: str) -> Job | None:
        return self._update(
            job_id,
            "SET #status = :split",
            "#status = :splitting",
            names=_STATUS,
            values={":split": _s(JobStatus.SPLIT), ":splitting": _s(JobStatus.SPLITTING)},
        )

    def record_chunk(self, job_id: str, index: int, enriched: int, rejected: int) -> ChunkCount:
        name = chunk_name(index)
        job = self._update(
            job_id,
            "ADD completed_chunks :one, enriched :enriched, rejected :rejected, done_chunks :names",
            "attribute_exists(job_id) AND NOT contains(done_chunks, :name)",
            values={
                ":one": _n(1),
                ":enriched": _n(enriched),
                ":rejected": _n(rejected),
                ":names": {"SS": [name]},
                ":name": _s(name),
            },
        )
        if job is not None:
            return ChunkCount(counted=True, job=job)
        current = self.get(job_id)
        if current is None:
            raise PermanentError("job_missing", job_id)
        return ChunkCount(counted=False, job=current)

    def claim(self, job_id: str, owner: str, now: int, lease_until: int) -> Job | None:
        return self._update(
            job_id,
            "SET lease_owner = :owner, lease_expires_at = :until",
            "#status = :split AND completed_chunks = total_chunks "
            "AND (attribute_not_exists(lease_expires_at) OR lease_expires_at < :now)",
            names=_STATUS,
            values={
                ":owner": _s(owner),
                ":until": _n(lease_until),
                ":now": _n(now),
                ":split": _s(JobStatus.SPLIT),
            },
        )

    def complete(self, job_id: str, owner: str, digest_key: str, now: int) -> Job | None:
        return self._update(
            job_id,
            "SET #status = :aggregated, digest_key = :key, aggregated_at = :now "
            "REMOVE lease_owner, lease_expires_at",
            "#status = :split AND lease_owner = :owner",
            names=_STATUS,
            values={
                ":aggregated": _s(JobStatus.AGGREGATED),
                ":key": _s(digest_key),
                ":now": _n(now),
                ":split": _s(JobStatus.SPLIT),
                ":owner": _s(owner),
            },
        )

    def mark_announced(self, job_id: str, now: int) -> None:
        self._update(
            job_id, "SET announced_at = :now", "attribute_exists(job_id)", values={":now": _n(now)}
        )

    def fail(self, job_id: str, reason: str, detail: str, *, lease_owner: str | None) -> None:
        values = {
            ":failed": _s(JobStatus.FAILED),
            ":reason": _s(reason),
            ":detail": _s(detail[:1000] or "-"),
        }
        if lease_owner is None:
            condition = "#status = :splitting"
            values[":splitting"] = _s(JobStatus.SPLITTING)
        else:
            condition = "lease_owner = :owner"
            values[":owner"] = _s(lease_owner)
        self._update(
            job_id,
            "SET #status = :failed, failure_reason = :reason, failure_detail = :detail "
            "REMOVE lease_owner, lease_expires_at",
            condition,
            names=_STATUS,
            values=values,
        )

    def _update(
        self,
        job_id: str,
        expression: str,
        condition: str,
        *,
        values: dict[str, Any],
        names: dict[str, str] | None = None,
    ) -> Job | None:
        """The job after the update, or None when the condition did not hold."""
        params: dict[str, Any] = {
            "TableName": self._table,
            "Key": {"job_id": _s(job_id)},
            "UpdateExpression": expression,
            "ConditionExpression": condition,
            "ExpressionAttributeValues": values,
            "ReturnValues": "ALL_NEW",
        }
        if names:
            params["ExpressionAttributeNames"] = names
        try:
            response = self._db.update_item(**params)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") == _CONDITION_FAILED:
                return None
            raise TransientError(f"UpdateItem {job_id} failed: {exc}") from exc
        except BotoCoreError as exc:
            raise TransientError(f"UpdateItem {job_id} failed: {exc}") from exc
        return job_from_item(response["Attributes"])
