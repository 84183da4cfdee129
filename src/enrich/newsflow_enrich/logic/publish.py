"""Publish task: record each enriched article in ArticlesTable, then announce the batch.

At least once end to end: a retry records and publishes the whole batch again (the table
overwrites by ``article_id``; consumers dedupe by ``article_id``). The table is written
first so a consumer that gets the event can already read the article.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from newsflow_core.ports import ClaimStore
from newsflow_enrich.logic.steps import StepInput
from newsflow_enrich.ports import ArticlePublisher, ArticleRepository


@dataclass(frozen=True, slots=True)
class PublishOutput:
    batch_id: str
    claim: dict[str, Any]
    published: int

    def to_payload(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "claim": self.claim, "published": self.published}


def publish(
    step: StepInput,
    claims: ClaimStore,
    repository: ArticleRepository,
    publisher: ArticlePublisher,
) -> PublishOutput:
    # One item per article: BatchWriteItem rejects a request with a key twice, and a
    # consumer needs the event once.
    articles = list({a.article_id: a for a in claims.get(step.claim)}.values())
    if articles:
        repository.put_many(articles)
        publisher.publish_many(articles)
    return PublishOutput(
        batch_id=step.batch_id, claim=step.claim.to_dict(), published=len(articles)
    )
