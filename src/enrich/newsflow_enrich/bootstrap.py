"""The one place the enrich stage wires concrete adapters.

The three functions share this package but not their environment, so each handler module
calls its own factory once, at import (cold start): a missing variable fails the init, and
clients and the enrichment core (ticker universe, lexicons) are built once per container.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsflow_core.adapters import aws
from newsflow_core.adapters.s3_claims import S3ClaimStore
from newsflow_core.enrichment import Enricher, build_default_enricher
from newsflow_core.ports import ClaimStore
from newsflow_enrich.adapters.dynamodb_articles import DynamoDbArticleRepository
from newsflow_enrich.adapters.sns_articles import SnsArticlePublisher
from newsflow_enrich.ports import ArticlePublisher, ArticleRepository
from newsflow_enrich.settings import ClaimSettings, PublishSettings


@dataclass(frozen=True, slots=True)
class EnrichStep:
    """What the Nlp and TagEntities tasks need."""

    claims: ClaimStore
    enricher: Enricher


@dataclass(frozen=True, slots=True)
class PublishStep:
    claims: ClaimStore
    repository: ArticleRepository
    publisher: ArticlePublisher


def enrich_step() -> EnrichStep:
    settings = ClaimSettings.from_env()
    return EnrichStep(
        claims=S3ClaimStore(aws.client("s3"), settings.data_bucket),
        enricher=build_default_enricher(),
    )


def publish_step() -> PublishStep:
    settings = PublishSettings.from_env()
    return PublishStep(
        claims=S3ClaimStore(aws.client("s3"), settings.data_bucket),
        repository=DynamoDbArticleRepository(aws.client("dynamodb"), settings.articles_table),
        publisher=SnsArticlePublisher(aws.client("sns"), settings.articles_topic_arn),
    )
