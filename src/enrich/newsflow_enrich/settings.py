"""The enrich stage's settings, read once at cold start (a missing variable fails the init).

The three functions share this code but not their environment: each builds only the
settings it needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsflow_core.settings import EnvVar, require


@dataclass(frozen=True, slots=True)
class ClaimSettings:
    """NlpFunction, TagEntitiesFunction: read a claim, write the next one."""

    data_bucket: str

    @classmethod
    def from_env(cls) -> ClaimSettings:
        return cls(data_bucket=require(EnvVar.DATA_BUCKET))


@dataclass(frozen=True, slots=True)
class PublishSettings:
    """PublishFunction: read the tagged claim, record and publish its articles."""

    data_bucket: str
    articles_table: str
    articles_topic_arn: str

    @classmethod
    def from_env(cls) -> PublishSettings:
        return cls(
            data_bucket=require(EnvVar.DATA_BUCKET),
            articles_table=require(EnvVar.ARTICLES_TABLE),
            articles_topic_arn=require(EnvVar.ARTICLES_TOPIC_ARN),
        )
