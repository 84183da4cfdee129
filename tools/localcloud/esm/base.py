"""What every event source mapping poller shares: the contract with the function runtime, the
resolved mapping properties, the counters and the polling thread.

A poller is driven one step at a time by `poll_once()` (tests call it directly, so every rule is
deterministic) or by `start()`, which runs the same steps in a daemon thread.
"""

import logging
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Collection, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

_LOG = logging.getLogger(__name__)

Clock = Callable[[], float]
"""Seconds since the epoch; injected so tests can age records without sleeping."""

AwsClient = Any
"""A boto3 client (boto3 ships no type stubs here)."""

REPORT_BATCH_ITEM_FAILURES = "ReportBatchItemFailures"
INFINITE = -1  # MaximumRetryAttempts / MaximumRecordAgeInSeconds: -1 means no limit


@dataclass(frozen=True)
class InvokeResult:
    payload: Any  # decoded JSON the handler returned (None if it raised)
    error: dict[str, Any] | None  # {"errorType", "errorMessage", ...} when it raised / timed out
    duration_ms: float


class Invoker(Protocol):
    def invoke(self, function_name: str, event: dict[str, Any]) -> InvokeResult: ...


@dataclass(frozen=True)
class Arn:
    partition: str
    service: str
    region: str
    account: str
    resource: str

    @classmethod
    def parse(cls, arn: str) -> "Arn":
        parts = arn.split(":", 5)
        if len(parts) != 6 or parts[0] != "arn":
            raise ValueError(f"not an ARN: {arn!r}")
        _, partition, service, region, account, resource = parts
        return cls(partition, service, region, account, resource)


def _as_bool(value: Any, default: bool) -> bool:
    if value is None:
        return default
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def _as_int(value: Any, default: int) -> int:
    return default if value is None else int(value)


@dataclass(frozen=True)
class EsmConfig:
    """The resolved properties of an `AWS::Lambda::EventSourceMapping`, as aws-sam-translator
    emits them for a SAM Kinesis or SQS event, with AWS's defaults filled in."""

    event_source_arn: str
    function_name: str
    batch_size: int
    starting_position: str | None
    starting_position_timestamp: float | None
    maximum_batching_window_s: float
    bisect_batch_on_function_error: bool
    maximum_retry_attempts: int
    maximum_record_age_s: int
    report_batch_item_failures: bool
    on_failure_destination: str | None
    enabled: bool

    @classmethod
    def from_properties(
        cls, properties: Mapping[str, Any], *, default_batch_size: int
    ) -> "EsmConfig":
        destination = (properties.get("DestinationConfig") or {}).get("OnFailure") or {}
        timestamp = properties.get("StartingPositionTimestamp")
        return cls(
            event_source_arn=str(properties["EventSourceArn"]),
            function_name=str(properties["FunctionName"]),
            batch_size=_as_int(properties.get("BatchSize"), default_batch_size),
            starting_position=properties.get("StartingPosition"),
            starting_position_timestamp=None if timestamp is None else float(timestamp),
            maximum_batching_window_s=float(properties.get("MaximumBatchingWindowInSeconds") or 0),
            bisect_batch_on_function_error=_as_bool(
                properties.get("BisectBatchOnFunctionError"), False
            ),
            maximum_retry_attempts=_as_int(properties.get("MaximumRetryAttempts"), INFINITE),
            maximum_record_age_s=_as_int(properties.get("MaximumRecordAgeInSeconds"), INFINITE),
            report_batch_item_failures=REPORT_BATCH_ITEM_FAILURES
            in (properties.get("FunctionResponseTypes") or []),
            on_failure_destination=destination.get("Destination"),
            enabled=_as_bool(properties.get("Enabled"), True),
        )

    @property
    def function_arn(self) -> str:
        if self.function_name.startswith("arn:"):
            return self.function_name
        source = Arn.parse(self.event_source_arn)
        return (
            f"arn:{source.partition}:lambda:{source.region}:{source.account}"
            f":function:{self.function_name}"
        )


@dataclass
class Counters:
    batches: int = 0  # invocations
    records: int = 0  # records handed to the function, redeliveries included
    failures: int = 0  # invocations that failed wholly or in part
    retries: int = 0  # invocations that redelivered records the function had already been given
    sent_to_on_failure: int = 0  # failure records sent to the OnFailure destination
    discarded_records: int = 0  # records Lambda gave up on (streams only)

    def snapshot(self) -> dict[str, int]:
        return asdict(self)


def parse_batch_item_failures(payload: Any, batch_ids: Collection[str]) -> list[str] | None:
    """The identifiers a ReportBatchItemFailures response names as failed.

    [] means complete success (null or empty response, null or empty list); None means the
    response is malformed, which Lambda treats as a complete failure: not a JSON object, an
    item without a non-empty string `itemIdentifier`, or an identifier that is not in the batch.
    """
    if payload is None:
        return []
    if not isinstance(payload, Mapping):
        return None
    failures = payload.get("batchItemFailures")
    if failures is None:
        return []
    if not isinstance(failures, list):
        return None
    failed: list[str] = []
    for item in failures:
        identifier = item.get("itemIdentifier") if isinstance(item, Mapping) else None
        if not isinstance(identifier, str) or identifier not in batch_ids:
            return None
        failed.append(identifier)
    return failed


def iso_millis(epoch_s: float) -> str:
    """AWS's timestamp format in failure records: 2019-11-14T00:38:06.021Z."""
    moment = datetime.fromtimestamp(epoch_s, tz=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


class Poller(ABC):
    """One event source mapping. Subclasses implement one polling step and the idle check."""

    # Pause between empty polls. Each poll is a request to moto on a two-core laptop, so
    # polling flat out would cost the functions CPU; 0.2 s adds little latency per hop.
    idle_sleep_s = 0.2
    # is_idle waits this long for a step in progress: a step with nothing to do finishes
    # well within it, a step that is invoking the function does not (and is not idle).
    idle_check_wait_s = 1.0

    def __init__(self, config: EsmConfig, invoker: Invoker, clock: Clock) -> None:
        self.config = config
        self.counters = Counters()
        self._invoker = invoker
        self._clock = clock
        # poll_once holds it for a whole step; is_idle waits for it only briefly, so a poller
        # in the middle of an invocation reads as "not idle" instead of blocking the caller.
        self._lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @abstractmethod
    def poll_once(self) -> bool:
        """Run one step; True if anything was fetched, invoked, deleted or discarded."""

    def is_idle(self) -> bool:
        """True when nothing is waiting at the source and nothing is in flight."""
        if not self.config.enabled:
            return True
        if not self._lock.acquire(timeout=self.idle_check_wait_s):
            return False
        try:
            return self._idle_locked()
        finally:
            self._lock.release()

    @abstractmethod
    def _idle_locked(self) -> bool:
        """The idle check proper, with the step lock held."""

    @property
    def name(self) -> str:
        return f"{self.config.event_source_arn} -> {self.config.function_name}"

    def start(self) -> None:
        if not self.config.enabled or (self._thread is not None and self._thread.is_alive()):
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"esm {self.name}", daemon=True)
        self._thread.start()

    def stop(self, timeout_s: float = 10.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout_s)
            self._thread = None

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                worked = self.poll_once()
            except Exception:
                # Like Lambda's poller, an error reaching the source or the runtime is retried
                # on the next step; it never kills the mapping.
                _LOG.exception("event source mapping %s: polling step failed", self.name)
                worked = False
            if not worked:
                self._stop.wait(self.idle_sleep_s)

    def _invoke(self, event: dict[str, Any], *, redelivery: bool) -> InvokeResult:
        self.counters.batches += 1
        self.counters.records += len(event["Records"])
        if redelivery:
            self.counters.retries += 1
        started = time.perf_counter()
        result = self._invoker.invoke(self.config.function_name, event)
        _LOG.debug(
            "event source mapping %s: invoked with %d records in %.1f ms (error=%s)",
            self.name,
            len(event["Records"]),
            (time.perf_counter() - started) * 1000,
            None if result.error is None else result.error.get("errorType"),
        )
        return result
