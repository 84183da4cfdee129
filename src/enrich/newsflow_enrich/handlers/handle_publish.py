"""PublishFunction: the Publish task of the enrichment state machine.

In: ``{"batch_id", "claim"}`` (the tagged claim); out: ``{"batch_id", "claim",
"published"}``. Puts every article into ArticlesTable (BatchWriteItem) and announces it on
ArticlesTopic (PublishBatch). Errors as in ``handle_nlp``.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import MetricName, logger, metrics, tracer
from newsflow_enrich import bootstrap
from newsflow_enrich.logic.publish import publish
from newsflow_enrich.logic.steps import StepInput

_step = bootstrap.publish_step()


@logger.inject_lambda_context
@tracer.capture_lambda_handler
@metrics.log_metrics
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    step = StepInput.from_event(event)
    logger.append_keys(batch_id=step.batch_id)
    result = publish(
        step, claims=_step.claims, repository=_step.repository, publisher=_step.publisher
    )
    metrics.add_metric(MetricName.ARTICLES_PUBLISHED, MetricUnit.Count, result.published)
    return result.to_payload()
