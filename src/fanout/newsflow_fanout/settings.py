"""Typed settings per fan-out function, read once at cold start.

Seven functions share this package but each gets only its own variables from the template,
so there is one small frozen dataclass per function rather than one for the stage.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsflow_core.settings import EnvVar, require, require_int


@dataclass(frozen=True, slots=True)
class FeedSettings:
    feeds_table: str
    deliveries_table: str

    @classmethod
    def from_env(cls) -> FeedSettings:
        return cls(
            feeds_table=require(EnvVar.FEEDS_TABLE),
            deliveries_table=require(EnvVar.DELIVERIES_TABLE),
        )


@dataclass(frozen=True, slots=True)
class AnalyticsSettings:
    analytics_table: str
    deliveries_table: str

    @classmethod
    def from_env(cls) -> AnalyticsSettings:
        return cls(
            analytics_table=require(EnvVar.ANALYTICS_TABLE),
            deliveries_table=require(EnvVar.DELIVERIES_TABLE),
        )


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    webhooks_table: str
    deliveries_table: str
    timeout_seconds: int

    @classmethod
    def from_env(cls) -> WebhookSettings:
        return cls(
            webhooks_table=require(EnvVar.WEBHOOKS_TABLE),
            deliveries_table=require(EnvVar.DELIVERIES_TABLE),
            timeout_seconds=require_int(EnvVar.WEBHOOK_TIMEOUT_SECONDS),
        )


@dataclass(frozen=True, slots=True)
class FeedsApiSettings:
    """GetFeed and PutFollows: both only know the feeds table."""

    feeds_table: str

    @classmethod
    def from_env(cls) -> FeedsApiSettings:
        return cls(feeds_table=require(EnvVar.FEEDS_TABLE))


@dataclass(frozen=True, slots=True)
class StatsApiSettings:
    analytics_table: str

    @classmethod
    def from_env(cls) -> StatsApiSettings:
        return cls(analytics_table=require(EnvVar.ANALYTICS_TABLE))


@dataclass(frozen=True, slots=True)
class WebhooksApiSettings:
    webhooks_table: str

    @classmethod
    def from_env(cls) -> WebhooksApiSettings:
        return cls(webhooks_table=require(EnvVar.WEBHOOKS_TABLE))
