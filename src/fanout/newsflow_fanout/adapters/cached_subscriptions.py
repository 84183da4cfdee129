"""A per-container cache in front of a SubscriptionDirectory.

Every webhook message needs the active subscriptions, and reading them per message would
cost a Scan each. The cache keeps them for a short TTL, so a new or deactivated
subscription takes effect within ``ttl_seconds``. Breaker updates made by this container
are applied to the cached copies at once, so an endpoint this container just tripped stays
skipped without waiting for the next reload; other containers see it after their TTL.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import replace

from newsflow_fanout.ports import Subscription, SubscriptionDirectory

DEFAULT_TTL_SECONDS = 30.0


class CachedSubscriptions(SubscriptionDirectory):
    def __init__(
        self,
        inner: SubscriptionDirectory,
        ttl_seconds: float = DEFAULT_TTL_SECONDS,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._inner = inner
        self._ttl = ttl_seconds
        self._monotonic = monotonic
        self._cached: dict[str, Subscription] | None = None
        self._loaded_at = 0.0

    def active(self) -> list[Subscription]:
        if self._cached is None or self._monotonic() - self._loaded_at >= self._ttl:
            self._cached = {s.subscription_id: s for s in self._inner.active()}
            self._loaded_at = self._monotonic()
        return list(self._cached.values())

    def note_failure(self, subscription_id: str) -> int:
        failures = self._inner.note_failure(subscription_id)
        self._patch(subscription_id, lambda s: replace(s, consecutive_failures=failures))
        return failures

    def open_circuit(self, subscription_id: str, until_epoch: int) -> None:
        self._inner.open_circuit(subscription_id, until_epoch)
        self._patch(subscription_id, lambda s: replace(s, open_until=until_epoch))

    def reset_circuit(self, subscription_id: str) -> None:
        self._inner.reset_circuit(subscription_id)
        self._patch(subscription_id, lambda s: replace(s, consecutive_failures=0, open_until=0))

    def _patch(self, subscription_id: str, change: Callable[[Subscription], Subscription]) -> None:
        if self._cached is not None and subscription_id in self._cached:
            self._cached[subscription_id] = change(self._cached[subscription_id])
