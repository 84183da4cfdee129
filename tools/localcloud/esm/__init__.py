"""Event source mapping pollers for the local cloud: Kinesis and SQS, with AWS's semantics."""

import time
from collections.abc import Mapping
from typing import Any

from localcloud.esm.base import (
    Arn,
    AwsClient,
    Clock,
    Counters,
    EsmConfig,
    Invoker,
    InvokeResult,
    Poller,
)
from localcloud.esm.kinesis import KinesisPoller
from localcloud.esm.sqs import SqsPoller

__all__ = [
    "Counters",
    "EsmConfig",
    "InvokeResult",
    "Invoker",
    "KinesisPoller",
    "Poller",
    "SqsPoller",
    "create_poller",
]


def create_poller(
    properties: Mapping[str, Any],
    invoker: Invoker,
    *,
    kinesis: AwsClient,
    sqs: AwsClient,
    clock: Clock = time.time,
    invoke_identity_arn: str | None = None,
    retry_delay_s: float = 0.0,
) -> Poller:
    """The poller for one `AWS::Lambda::EventSourceMapping`, chosen by its source ARN.

    `invoke_identity_arn` (the function's role) and `retry_delay_s` apply to streams only.
    """
    service = Arn.parse(str(properties["EventSourceArn"])).service
    if service == "kinesis":
        return KinesisPoller(
            properties,
            invoker,
            kinesis=kinesis,
            sqs=sqs,
            clock=clock,
            invoke_identity_arn=invoke_identity_arn,
            retry_delay_s=retry_delay_s,
        )
    if service == "sqs":
        return SqsPoller(properties, invoker, sqs=sqs, clock=clock)
    raise ValueError(f"no local poller for {service} event sources: {properties['EventSourceArn']}")
