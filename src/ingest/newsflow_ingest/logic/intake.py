"""POST /v1/articles: a vendor's signed batch of articles into the news stream.

Request: one article object, or ``{"articles": [...]}`` with 1..500 articles, signed with
Standard Webhooks headers. Each article is validated with ``parse_article`` so the vendor
hears about bad articles at once; valid ones are written to Kinesis *as received* (the five
contract fields), because IngestFunction is the one place that normalises stream records,
whoever wrote them. The partition key is the article_id, so copies of one story share a
shard and reach the deduplicator in order.

Responses (JSON). Request-level errors: ``{"error": code, "detail": text}`` with
401 ``invalid_signature``, 413 ``payload_too_large`` / ``too_many_articles``,
400 ``invalid_json`` / ``invalid_body``. Otherwise one result per article index::

    {"accepted": n, "rejected": n, "failed": n,
     "results": [{"index": 0, "status": "accepted", "article_id": "..."},
                 {"index": 1, "status": "rejected", "reason": "missing_field:url", "detail": "..."},
                 {"index": 2, "status": "failed", "article_id": "...", "reason": "<Kinesis code>"}]}

with 202 when every article was accepted, 207 when some were rejected and the rest
accepted, 400 when all were rejected, and 503 (plus Retry-After) when some valid articles
could not be written after bounded retries; resending them is safe (the stream consumer
dedups by article_id).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Final

import orjson

from newsflow_core.errors import ValidationError
from newsflow_core.observability import logger
from newsflow_core.validation import FIELDS, Reason, parse_article
from newsflow_ingest.ports import (
    InvalidSignatureError,
    PutFailure,
    SignatureVerifier,
    StreamEntry,
    StreamWriter,
)

MAX_ARTICLES: Final = 500
# Lambda takes at most 6 MB of synchronous request; refuse clearly before that.
MAX_BODY_BYTES: Final = 5 * 1024 * 1024
RETRY_AFTER_SECONDS: Final = 1


class ItemStatus(StrEnum):
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class ItemResult:
    index: int
    status: ItemStatus
    article_id: str | None = None
    reason: str | None = None
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"index": self.index, "status": self.status.value}
        for name in ("article_id", "reason", "detail"):
            value = getattr(self, name)
            if value is not None:
                data[name] = value
        return data


@dataclass(frozen=True, slots=True)
class IntakeResult:
    status_code: int
    items: tuple[ItemResult, ...] = ()
    error: str | None = None
    detail: str = ""
    headers: Mapping[str, str] = field(default_factory=dict)

    def count(self, status: ItemStatus) -> int:
        return sum(1 for item in self.items if item.status is status)

    def to_json(self) -> str:
        if self.error is not None:
            return orjson.dumps({"error": self.error, "detail": self.detail}).decode()
        body: dict[str, Any] = {status.value: self.count(status) for status in ItemStatus}
        body["results"] = [item.to_dict() for item in self.items]
        return orjson.dumps(body).decode()


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """Exponential backoff with full jitter, bounded so a request stays well inside 30 s."""

    attempts: int = 4
    base_seconds: float = 0.1
    cap_seconds: float = 1.0

    def delay(self, retry: int, unit_random: float) -> float:
        return unit_random * min(self.cap_seconds, self.base_seconds * 2 ** (retry - 1))


def _request_error(status_code: int, error: str, detail: str) -> IntakeResult:
    return IntakeResult(status_code=status_code, error=error, detail=detail)


class Intake:
    def __init__(
        self,
        verifier: SignatureVerifier,
        stream: StreamWriter,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        unit_random: Callable[[], float] = random.random,
    ) -> None:
        self._verifier = verifier
        self._stream = stream
        self._retry = retry or RetryPolicy()
        self._sleep = sleep
        self._random = unit_random

    def submit(self, body: bytes, headers: Mapping[str, str]) -> IntakeResult:
        if len(body) > MAX_BODY_BYTES:
            return _request_error(413, "payload_too_large", f"at most {MAX_BODY_BYTES} bytes")
        try:
            self._verifier.verify(body, headers)
        except InvalidSignatureError as exc:
            logger.info("intake signature rejected", extra={"detail": exc.detail})
            return _request_error(401, exc.reason, "signature does not verify")
        try:
            items = _articles_of(body)
        except _BadRequestError as exc:
            return exc.result
        return self._accept(items)

    def _accept(self, items: Sequence[Any]) -> IntakeResult:
        results: dict[int, ItemResult] = {}
        entries: list[StreamEntry] = []
        positions: list[int] = []
        for index, item in enumerate(items):
            try:
                if not isinstance(item, dict):
                    raise ValidationError(Reason.NOT_AN_OBJECT, f"got {type(item).__name__}")
                article = parse_article(item)
            except ValidationError as exc:
                results[index] = ItemResult(
                    index, ItemStatus.REJECTED, None, exc.reason, exc.detail
                )
                continue
            results[index] = ItemResult(index, ItemStatus.ACCEPTED, article.article_id)
            entries.append(
                StreamEntry(article.article_id, orjson.dumps({f: item[f] for f in FIELDS}))
            )
            positions.append(index)

        for position, failure in self._put_with_retry(entries).items():
            index = positions[position]
            results[index] = ItemResult(
                index, ItemStatus.FAILED, results[index].article_id, failure.error_code
            )
        return _summarise(tuple(results[i] for i in range(len(items))))

    def _put_with_retry(self, entries: Sequence[StreamEntry]) -> dict[int, PutFailure]:
        """Retry only the entries PutRecords did not take; return those still failing."""
        pending = list(range(len(entries)))
        failures: dict[int, PutFailure] = {}
        for attempt in range(self._retry.attempts):
            if not pending:
                break
            if attempt:
                self._sleep(self._retry.delay(attempt, self._random()))
            failed = self._stream.put([entries[i] for i in pending])
            failures = {pending[f.index]: f for f in failed}
            pending = sorted(failures)
        if failures:
            logger.warning(
                "PutRecords still failing after retries", extra={"failed": len(failures)}
            )
        return failures


def _summarise(items: tuple[ItemResult, ...]) -> IntakeResult:
    statuses = {item.status for item in items}
    if ItemStatus.FAILED in statuses:
        retry_after = {"Retry-After": str(RETRY_AFTER_SECONDS)}
        return IntakeResult(status_code=503, items=items, headers=retry_after)
    if statuses == {ItemStatus.REJECTED}:
        return IntakeResult(status_code=400, items=items)
    if ItemStatus.REJECTED in statuses:
        return IntakeResult(status_code=207, items=items)
    return IntakeResult(status_code=202, items=items)


class _BadRequestError(Exception):
    def __init__(self, result: IntakeResult) -> None:
        super().__init__(result.error)
        self.result = result


def _articles_of(body: bytes) -> list[Any]:
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise _BadRequestError(_request_error(400, Reason.INVALID_JSON, str(exc))) from exc
    if not isinstance(document, dict):
        raise _BadRequestError(_request_error(400, "invalid_body", "expected a JSON object"))
    if "articles" not in document:
        return [document]
    articles = document["articles"]
    if not isinstance(articles, list) or not articles:
        raise _BadRequestError(
            _request_error(400, "invalid_body", '"articles" must be a non-empty list')
        )
    if len(articles) > MAX_ARTICLES:
        raise _BadRequestError(
            _request_error(413, "too_many_articles", f"at most {MAX_ARTICLES} per request")
        )
    return articles
