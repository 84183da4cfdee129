"""One place that builds boto3 clients, with the retry policy every adapter shares.

Clients are created once per container (module scope in each function's bootstrap), and
find the endpoint through the standard AWS_ENDPOINT_URL variables when one is set.
"""

from __future__ import annotations

from typing import Any

import boto3
from botocore.config import Config

# Adaptive mode adds client-side rate limiting on throttles on top of standard retries.
_CONFIG = Config(
    retries={"max_attempts": 5, "mode": "adaptive"}, connect_timeout=5, read_timeout=20
)


def client(service: str) -> Any:
    return boto3.client(service, config=_CONFIG)


def resource(service: str) -> Any:
    return boto3.resource(service, config=_CONFIG)
