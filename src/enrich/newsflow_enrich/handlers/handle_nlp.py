"""NlpFunction: the Nlp task of the enrichment state machine.

In: ``{"batch_id", "claim"}``; out: the same shape, ``claim`` now the ``.nlp.jsonl`` claim.
A bad payload raises PermanentError (Catch -> EnrichmentDLQ); S3 trouble raises
TransientError (Retry). The error's class name is the ``errorType`` those match on.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import MetricName, logger, metrics, tracer
from newsflow_enrich import bootstrap
from newsflow_enrich.logic.nlp import run_nlp
from newsflow_enrich.logic.steps import StepInput

_step = bootstrap.enrich_step()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = StepInput.from_event(event)
    logger.append_keys(batch_id=step.batch_id)
    result = run_nlp(step, claims=_step.claims, enricher=_step.enricher)
    metrics.add_metric(MetricName.ARTICLES_ENRICHED, MetricUnit.Count, result.claim.count)
    return result.to_payload()
