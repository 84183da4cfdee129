"""TagEntitiesFunction: the TagEntities task of the enrichment state machine.

In: ``{"batch_id", "claim"}`` (the NLP claim); out: the same shape, ``claim`` now the
``.tagged.jsonl`` claim. Errors as in ``handle_nlp``.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import MetricName, logger, metrics, tracer
from newsflow_enrich import bootstrap
from newsflow_enrich.logic.steps import StepInput
from newsflow_enrich.logic.tag_entities import tag_entities

_step = bootstrap.enrich_step()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = StepInput.from_event(event)
    logger.append_keys(batch_id=step.batch_id)
    result = tag_entities(step, claims=_step.claims, enricher=_step.enricher)
    metrics.add_metric(MetricName.TICKERS_TAGGED, MetricUnit.Count, result.tickers_tagged)
    return result.to_payload()
