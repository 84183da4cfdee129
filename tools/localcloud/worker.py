"""One Lambda execution environment: a process that imports one handler and serves invokes.

Run as a script by the runtime (``python worker.py REQ_FD RESP_FD``) with exactly the
function's environment, so a cold start is a real import. Standard library only: the
function's own code and layers are the only things put on ``sys.path``. Requests and
responses are length-prefixed JSON on two pipes; the handler's stdout/stderr is the log.
"""

from __future__ import annotations

import importlib
import json
import os
import resource
import struct
import sys
import time
import traceback
import uuid
from typing import Any

_HEADER = struct.Struct(">I")


class LambdaContext:
    """The context object the Python runtime passes to handlers."""

    def __init__(self, request_id: str, deadline_ms: float) -> None:
        env = os.environ
        self.function_name = env.get("AWS_LAMBDA_FUNCTION_NAME", "local")
        self.function_version = env.get("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST")
        self.memory_limit_in_mb = int(env.get("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "128"))
        self.invoked_function_arn = env.get(
            "LOCALCLOUD_FUNCTION_ARN",
            f"arn:aws:lambda:us-east-1:123456789012:function:{self.function_name}",
        )
        self.aws_request_id = request_id
        self.log_group_name = env.get(
            "AWS_LAMBDA_LOG_GROUP_NAME", f"/aws/lambda/{self.function_name}"
        )
        self.log_stream_name = env.get("AWS_LAMBDA_LOG_STREAM_NAME", "local")
        self.identity = None
        self.client_context = None
        self._deadline_ms = deadline_ms

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int(self._deadline_ms - time.time() * 1000))


def error_payload(exc: BaseException, error_type: str | None = None) -> dict[str, Any]:
    """Lambda's error shape; Step Functions matches Retry/Catch on ``errorType``."""
    return {
        "errorType": error_type or type(exc).__name__,
        "errorMessage": str(exc),
        "stackTrace": traceback.format_tb(exc.__traceback__),
    }


def read_message(fd: int) -> Any:
    header = _read_exact(fd, _HEADER.size)
    if header is None:
        return None
    body = _read_exact(fd, _HEADER.unpack(header)[0])
    return None if body is None else json.loads(body)


def write_message(fd: int, message: Any) -> None:
    body = json.dumps(message, default=str).encode()
    data = _HEADER.pack(len(body)) + body
    while data:
        written = os.write(fd, data)
        data = data[written:]


def _read_exact(fd: int, size: int) -> bytes | None:
    chunks = []
    while size:
        chunk = os.read(fd, size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _max_rss_mb() -> float:
    """Peak resident memory of this execution environment.

    VmHWM belongs to the address space created by exec; ru_maxrss would carry over the peak
    of the process that spawned the worker (Linux keeps it across fork and exec).
    """
    try:
        with open("/proc/self/status") as status:  # noqa: PTH123 - stdlib-only, hot path
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    request_fd, response_fd = int(sys.argv[1]), int(sys.argv[2])
    # The function sees its code and its layers, as under /var/task and /opt/python.
    sys.path[0:1] = [p for p in os.environ.get("LOCALCLOUD_SYS_PATH", "").split(os.pathsep) if p]
    module_name, _, function_name = os.environ["_HANDLER"].rpartition(".")
    started = time.perf_counter()
    try:
        handler = getattr(importlib.import_module(module_name), function_name)
    except Exception as exc:
        traceback.print_exc()
        sys.stdout.flush()
        write_message(
            response_fd, {"ready": False, "error": error_payload(exc, "Runtime.ImportModuleError")}
        )
        return
    write_message(response_fd, {"ready": True, "init_ms": (time.perf_counter() - started) * 1000})

    while (request := read_message(request_fd)) is not None:
        request_id = request.get("request_id") or str(uuid.uuid4())
        context = LambdaContext(request_id, request["deadline_ms"])
        print(f"START RequestId: {request_id} Version: $LATEST", flush=True)
        started = time.perf_counter()
        try:
            result = handler(request["event"], context)
            json.dumps(result)  # an unserialisable result is a Runtime error in Lambda too
            response: dict[str, Any] = {"ok": True, "payload": result}
        except Exception as exc:
            traceback.print_exc()
            response = {"ok": False, "error": error_payload(exc)}
        duration = (time.perf_counter() - started) * 1000
        print(f"END RequestId: {request_id}", flush=True)
        print(
            f"REPORT RequestId: {request_id}\tDuration: {duration:.2f} ms\t"
            f"Memory Size: {context.memory_limit_in_mb} MB\t"
            f"Max Memory Used: {_max_rss_mb():.0f} MB",
            flush=True,
        )
        sys.stderr.flush()
        response["duration_ms"] = duration
        response["max_rss_mb"] = _max_rss_mb()
        write_message(response_fd, response)


if __name__ == "__main__":
    main()
