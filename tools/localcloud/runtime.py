"""The function runtime: one worker process per execution environment.

Each function runs with exactly its template Handler, Environment, Timeout and MemorySize,
in its own process with its own environment (nothing leaks from other functions or from
the developer's shell). A new process is a cold start; a timed-out or over-memory worker is
killed, so the next invoke is cold again, as in Lambda.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import queue
import select
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from localcloud import worker as worker_module
from localcloud.esm.base import InvokeResult
from localcloud.provision import AsyncConfig, FunctionSpec, Stack

log = logging.getLogger("localcloud")

WORKER_SCRIPT = Path(worker_module.__file__).resolve()
# Lambda gives the init phase 10 s; a cold start beyond that counts against the timeout.
INIT_TIMEOUT_SECONDS = 10.0


class _WorkerGoneError(Exception):
    def __init__(self, error: dict[str, Any]) -> None:
        super().__init__(error["errorMessage"])
        self.error = error


@dataclass
class FunctionStats:
    invocations: int = 0
    cold_starts: int = 0
    errors: int = 0
    durations_ms: list[float] = field(default_factory=list)
    init_ms: list[float] = field(default_factory=list)
    max_memory_mb: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "invocations": self.invocations,
            "cold_starts": self.cold_starts,
            "errors": self.errors,
            "median_duration_ms": round(statistics.median(self.durations_ms), 2)
            if self.durations_ms
            else None,
            "median_init_ms": round(statistics.median(self.init_ms), 2) if self.init_ms else None,
            "max_memory_mb": round(self.max_memory_mb, 1),
        }


class _Worker:
    """A live execution environment for one function."""

    def __init__(self, spec: FunctionSpec, env: dict[str, str], log_file: IO[bytes]) -> None:
        self.spec = spec
        request_read, self._request_write = os.pipe()
        self._response_read, response_write = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, str(WORKER_SCRIPT), str(request_read), str(response_write)],
            env=env,
            cwd=spec.code_dir,
            stdin=subprocess.DEVNULL,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            pass_fds=(request_read, response_write),
        )
        os.close(request_read)
        os.close(response_write)
        ready = self._receive(max(INIT_TIMEOUT_SECONDS, float(spec.timeout)))
        if not ready.get("ready"):
            self.kill()
            raise _WorkerGoneError(ready["error"])
        self.init_ms = float(ready["init_ms"])

    def call(self, event: Any) -> dict[str, Any]:
        deadline = time.time() + self.spec.timeout
        request = {"event": event, "deadline_ms": deadline * 1000, "request_id": str(uuid.uuid4())}
        try:
            worker_module.write_message(self._request_write, request)
        except OSError:
            self.kill()
            raise _WorkerGoneError(
                _runtime_error("Runtime.ExitError", "the worker exited")
            ) from None
        return self._receive(self.spec.timeout)

    def _receive(self, timeout: float) -> dict[str, Any]:
        ready, _, _ = select.select([self._response_read], [], [], timeout)
        if not ready:
            self.kill()
            raise _WorkerGoneError(
                _runtime_error("Sandbox.Timedout", f"Task timed out after {timeout:.2f} seconds")
            )
        message = worker_module.read_message(self._response_read)
        if message is None:
            self.kill()  # reaps the process and closes the pipes
            code = self._process.returncode
            raise _WorkerGoneError(
                _runtime_error(
                    "Runtime.ExitError", f"Runtime exited with error: exit status {code}"
                )
            )
        return dict(message)

    def kill(self) -> None:
        with contextlib.suppress(OSError):
            self._process.kill()
        self._process.wait()
        for fd in (self._request_write, self._response_read):
            with contextlib.suppress(OSError):
                os.close(fd)


def _runtime_error(error_type: str, message: str) -> dict[str, Any]:
    return {"errorType": error_type, "errorMessage": message}


class _Pool:
    """Execution environments of one function, up to ``concurrency`` at once."""

    def __init__(self, concurrency: int) -> None:
        self.idle: list[_Worker] = []
        self.slots = threading.Semaphore(concurrency)
        self.lock = threading.Lock()


class FunctionRuntime:
    """Runs a stack's functions; implements the pollers' ``Invoker`` protocol."""

    def __init__(
        self,
        stack: Stack,
        *,
        endpoint_url: str,
        log_dir: Path,
        concurrency: int = 1,
        async_retry_delays: tuple[float, ...] = (1.0, 2.0),
        send_to_destination: Callable[[str, dict[str, Any]], None] | None = None,
        deliver_async: bool = True,
    ) -> None:
        self._stack = stack
        self._endpoint_url = endpoint_url
        self._log_dir = log_dir
        self._log_dir.mkdir(parents=True, exist_ok=True)
        self._concurrency = concurrency
        self._pools: dict[str, _Pool] = {}
        self._pools_lock = threading.Lock()
        self._stats: dict[str, FunctionStats] = {k: FunctionStats() for k in stack.functions}
        self._stats_lock = threading.Lock()
        self._in_flight = 0
        self._log_files: dict[str, IO[bytes]] = {}
        # AWS retries failed async invokes after about 1 and 2 minutes; locally, seconds.
        self._async_retry_delays = async_retry_delays
        self._send_to_destination = send_to_destination
        self._deliver_async = deliver_async
        self._async_queue: queue.Queue[tuple[float, int, str, Any, int]] = queue.Queue()
        self._async_pending = 0
        self._counter = itertools.count()
        self._closed = threading.Event()
        self._async_thread = threading.Thread(target=self._async_loop, daemon=True)
        self._async_thread.start()

    # ---------------------------------------------------------------- synchronous
    def invoke(self, function_name: str, event: dict[str, Any]) -> InvokeResult:
        spec = self._stack.function(function_name)
        pool = self._pool(spec.logical_id)
        with self._stats_lock:
            self._in_flight += 1
        try:
            with pool.slots:
                return self._invoke_in_pool(spec, pool, event)
        finally:
            with self._stats_lock:
                self._in_flight -= 1

    def _invoke_in_pool(self, spec: FunctionSpec, pool: _Pool, event: Any) -> InvokeResult:
        stats = self._stats[spec.logical_id]
        started = time.perf_counter()
        with pool.lock:
            worker = pool.idle.pop() if pool.idle else None
        try:
            if worker is None:
                worker = _Worker(spec, self.environment(spec), self._log_file(spec))
                with self._stats_lock:
                    stats.cold_starts += 1
                    stats.init_ms.append(worker.init_ms)
            response = worker.call(event)
        except _WorkerGoneError as gone:
            return self._record(stats, started, None, gone.error, 0.0)
        error = None if response.get("ok") else response.get("error")
        memory = float(response.get("max_rss_mb", 0.0))
        if memory > spec.memory_size:
            # Checked after the fact: Lambda would have killed the sandbox mid-invoke.
            worker.kill()
            message = f"Runtime exited: used {memory:.0f} MB of {spec.memory_size} MB"
            return self._record(
                stats, started, None, _runtime_error("Runtime.OutOfMemory", message), memory
            )
        with pool.lock:
            pool.idle.append(worker)
        return self._record(stats, started, response.get("payload"), error, memory)

    def _record(
        self,
        stats: FunctionStats,
        started: float,
        payload: Any,
        error: dict[str, Any] | None,
        memory: float,
    ) -> InvokeResult:
        duration = (time.perf_counter() - started) * 1000
        with self._stats_lock:
            stats.invocations += 1
            stats.errors += error is not None
            stats.durations_ms.append(duration)
            stats.max_memory_mb = max(stats.max_memory_mb, memory)
        return InvokeResult(payload=payload, error=error, duration_ms=duration)

    def environment(self, spec: FunctionSpec) -> dict[str, str]:
        """The function's template Environment plus the variables the Lambda runtime sets."""
        region = self._stack.region
        sys_path = [str(spec.code_dir), *(str(d) for d in spec.layer_dirs)]
        reserved = {
            "_HANDLER": spec.handler,
            "AWS_EXECUTION_ENV": f"AWS_Lambda_{spec.runtime}",
            "AWS_LAMBDA_FUNCTION_NAME": spec.name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(spec.memory_size),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{spec.name}",
            "AWS_LAMBDA_LOG_STREAM_NAME": f"{datetime.now(UTC):%Y/%m/%d}/[$LATEST]local",
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "LAMBDA_TASK_ROOT": str(spec.code_dir),
            "TZ": ":UTC",
            "LANG": "en_US.UTF-8",
            "PATH": "/usr/local/bin:/usr/bin:/bin",
            "PYTHONUNBUFFERED": "1",
            # What `sam local` sets; Powertools Tracer disables itself without an X-Ray daemon.
            "AWS_SAM_LOCAL": "true",
            "AWS_ENDPOINT_URL": self._endpoint_url,
            "LOCALCLOUD_SYS_PATH": os.pathsep.join(sys_path),
            "LOCALCLOUD_FUNCTION_ARN": spec.arn,
        }
        return {**spec.environment, **reserved}

    # ---------------------------------------------------------------- asynchronous
    def invoke_async(self, function_name: str, event: Any) -> None:
        """InvocationType=Event: queued, retried per EventInvokeConfig, then OnFailure."""
        spec = self._stack.function(function_name)
        if not self._deliver_async:
            log.info("async invoke of %s not delivered (downstream off)", spec.logical_id)
            return
        with self._stats_lock:
            self._async_pending += 1
        self._async_queue.put((time.monotonic(), next(self._counter), spec.name, event, 0))

    def _async_loop(self) -> None:
        while not self._closed.is_set():
            try:
                due, order, name, event, attempt = self._async_queue.get(timeout=0.2)
            except queue.Empty:
                continue
            delay = due - time.monotonic()
            if delay > 0:
                self._async_queue.put((due, order, name, event, attempt))
                time.sleep(min(delay, 0.2))
                continue
            try:
                retry_in = self._attempt_async(name, event, attempt)
            except Exception:
                # A bug here must not stop delivery of everything queued behind it.
                log.exception("async delivery to %s failed", name)
                retry_in = None
            if retry_in is not None:
                self._async_queue.put(
                    (time.monotonic() + retry_in, order, name, event, attempt + 1)
                )
                continue
            with self._stats_lock:
                self._async_pending -= 1

    def _attempt_async(self, name: str, event: Any, attempt: int) -> float | None:
        """One attempt; the delay before the next one, or None when this event is done."""
        result = self.invoke(name, event)
        config = self._stack.async_configs.get(name, AsyncConfig())
        if result.error is not None and attempt < config.maximum_retry_attempts:
            return self._async_retry_delays[min(attempt, len(self._async_retry_delays) - 1)]
        if result.error is not None:
            self._async_failed(self._stack.function(name), config, event, result, attempt + 1)
        return None

    def _async_failed(
        self, spec: FunctionSpec, config: AsyncConfig, event: Any, result: InvokeResult, count: int
    ) -> None:
        log.warning("async invoke of %s failed %d times: %s", spec.logical_id, count, result.error)
        if not config.on_failure or self._send_to_destination is None:
            return
        # The shape AWS sends to an asynchronous invocation's OnFailure destination.
        record = {
            "version": "1.0",
            "timestamp": datetime.now(UTC)
            .isoformat(timespec="milliseconds")
            .replace("+00:00", "Z"),
            "requestContext": {
                "requestId": str(uuid.uuid4()),
                "functionArn": f"{spec.arn}:$LATEST",
                "condition": "RetriesExhausted",
                "approximateInvokeCount": count,
            },
            "requestPayload": event,
            "responseContext": {
                "statusCode": 200,
                "executedVersion": "$LATEST",
                "functionError": "Unhandled",
            },
            "responsePayload": result.error,
        }
        self._send_to_destination(config.on_failure, record)

    # ---------------------------------------------------------------- bookkeeping
    def busy(self) -> bool:
        with self._stats_lock:
            return self._in_flight > 0 or self._async_pending > 0

    def stats(self) -> dict[str, FunctionStats]:
        with self._stats_lock:
            return dict(self._stats)

    def log_path(self, logical_id: str) -> Path:
        return self._log_dir / f"{logical_id}.log"

    def _pool(self, logical_id: str) -> _Pool:
        with self._pools_lock:
            if logical_id not in self._pools:
                self._pools[logical_id] = _Pool(self._concurrency)
            return self._pools[logical_id]

    def _log_file(self, spec: FunctionSpec) -> IO[bytes]:
        with self._pools_lock:
            if spec.logical_id not in self._log_files:
                self._log_files[spec.logical_id] = self.log_path(spec.logical_id).open("ab")
            return self._log_files[spec.logical_id]

    def shutdown(self) -> None:
        self._closed.set()
        self._async_thread.join(timeout=2)
        with self._pools_lock:
            pools = list(self._pools.values())
            files = list(self._log_files.values())
        for pool in pools:
            with pool.lock:
                for worker in pool.idle:
                    worker.kill()
                pool.idle.clear()
        for handle in files:
            handle.close()
