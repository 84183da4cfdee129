"""Bounded retries with exponential backoff and full jitter, for partial batch failures
(UnprocessedItems, PublishBatch ``Failed``) that botocore's own retries do not cover."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Backoff:
    attempts: int = 6  # calls in total, the first included
    base_seconds: float = 0.05
    cap_seconds: float = 2.0
    sleep: Callable[[float], None] = time.sleep

    def pause(self, attempt: int) -> None:
        """Wait before retry number ``attempt + 1`` (full jitter: uniform in [0, ceiling])."""
        ceiling = min(self.cap_seconds, self.base_seconds * 2**attempt)
        self.sleep(random.uniform(0.0, ceiling))
