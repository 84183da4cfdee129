"""Nlp task: NLP over a claim-checked batch, written as ``<batch_id>.nlp.jsonl``."""

from __future__ import annotations

from newsflow_core.enrichment import Enricher
from newsflow_core.ports import ClaimStore
from newsflow_enrich.logic.steps import StepInput, StepOutput, transform_claim

NLP_STAGE = "nlp"


def run_nlp(step: StepInput, claims: ClaimStore, enricher: Enricher) -> StepOutput:
    claim, _ = transform_claim(step, claims, enricher.run_nlp, NLP_STAGE)
    return StepOutput(batch_id=step.batch_id, claim=claim)
