"""ArticlesTopic with PublishBatch: up to 10 entries and 256 KiB per call, failed entries
retried. Message attributes drive the subscriptions' filter policies (template.yaml)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import orjson
from botocore.exceptions import ClientError

from newsflow_core.article import ARTICLE_ENRICHED, Article
from newsflow_core.errors import PermanentError, TransientError
from newsflow_enrich.adapters.backoff import Backoff
from newsflow_enrich.ports import ArticlePublisher

EVENT_TYPE_ATTRIBUTE = "event_type"
TICKERS_ATTRIBUTE = "tickers"
ARTICLE_ID_ATTRIBUTE = "article_id"

# PublishBatch takes at most 10 entries, and 256 KiB for all of them together.
_MAX_ENTRIES = 10
_MAX_BATCH_BYTES = 262_144


def article_entry(article: Article, entry_id: str) -> dict[str, Any]:
    """Body: the article as JSON. ``tickers`` is left out when there are none: the feed and
    analytics subscriptions filter on ``{"exists": true}``."""
    attributes: dict[str, dict[str, str]] = {
        EVENT_TYPE_ATTRIBUTE: {"DataType": "String", "StringValue": ARTICLE_ENRICHED},
        ARTICLE_ID_ATTRIBUTE: {"DataType": "String", "StringValue": article.article_id},
    }
    if article.symbols:
        attributes[TICKERS_ATTRIBUTE] = {
            "DataType": "String.Array",
            "StringValue": orjson.dumps(article.symbols).decode(),
        }
    return {
        "Id": entry_id,
        "Message": orjson.dumps(article.to_dict()).decode(),
        "MessageAttributes": attributes,
    }


def entry_size(entry: dict[str, Any]) -> int:
    """Bytes SNS counts against the size limit: the message plus each attribute's name,
    type and value."""
    size = len(entry["Message"].encode())
    for name, value in entry["MessageAttributes"].items():
        size += len(name.encode()) + len(value["DataType"]) + len(value["StringValue"].encode())
    return size


class SnsArticlePublisher(ArticlePublisher):
    def __init__(self, sns: Any, topic_arn: str, backoff: Backoff | None = None) -> None:
        self._sns = sns
        self._topic_arn = topic_arn
        self._backoff = backoff or Backoff()

    def publish_many(self, articles: Sequence[Article]) -> None:
        # Entry ids only need to be unique within one call; positions are.
        entries = [article_entry(a, str(i)) for i, a in enumerate(articles)]
        for entry, article in zip(entries, articles, strict=True):
            if entry_size(entry) > _MAX_BATCH_BYTES:
                raise PermanentError(
                    "message_too_large", f"article {article.article_id}: {entry_size(entry)} B"
                )
        for batch in _batches(entries):
            self._publish(batch)

    def _publish(self, entries: list[dict[str, Any]]) -> None:
        pending = entries
        for attempt in range(self._backoff.attempts):
            try:
                response = self._sns.publish_batch(
                    TopicArn=self._topic_arn, PublishBatchRequestEntries=pending
                )
            except ClientError as exc:
                raise TransientError(f"PublishBatch to {self._topic_arn} failed: {exc}") from exc
            failed = response.get("Failed") or []
            if not failed:
                return
            rejected = [f for f in failed if f.get("SenderFault")]
            if rejected:
                # The request itself is wrong for these entries; retrying cannot help.
                raise PermanentError("publish_rejected", orjson.dumps(rejected).decode()[:1000])
            retry_ids = {f["Id"] for f in failed}
            pending = [e for e in pending if e["Id"] in retry_ids]
            if attempt + 1 < self._backoff.attempts:
                self._backoff.pause(attempt)
        raise TransientError(
            f"{len(pending)} entries still failing on {self._topic_arn} after "
            f"{self._backoff.attempts} PublishBatch calls"
        )


def _batches(entries: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    size = 0
    for entry in entries:
        entry_bytes = entry_size(entry)
        if batch and (len(batch) == _MAX_ENTRIES or size + entry_bytes > _MAX_BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(entry)
        size += entry_bytes
    if batch:
        yield batch
