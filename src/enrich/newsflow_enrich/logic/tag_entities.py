"""TagEntities task: ticker tags for a batch, written as ``<batch_id>.tagged.jsonl``."""

from __future__ import annotations

from newsflow_core.enrichment import Enricher
from newsflow_core.ports import ClaimStore
from newsflow_enrich.logic.steps import StepInput, StepOutput, transform_claim

TAGGED_STAGE = "tagged"


def tag_entities(step: StepInput, claims: ClaimStore, enricher: Enricher) -> StepOutput:
    claim, articles = transform_claim(step, claims, enricher.tag, TAGGED_STAGE)
    tagged = sum(len(a.tickers) for a in articles)
    return StepOutput(batch_id=step.batch_id, claim=claim, tickers_tagged=tagged)
