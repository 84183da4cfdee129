"""Where moto would run Lambda code (in Docker), hand the invoke to the local runtime.

Three moto call sites invoke functions: the Invoke API (``LambdaFunction.invoke``, which the
Step Functions engine calls for ``arn:aws:states:::lambda:invoke`` tasks), the private
``LambdaFunction._invoke_lambda`` behind it, and S3 event notifications
(``moto.s3.notifications._invoke_awslambda``). All three are redirected here. S3 invokes
functions asynchronously, so those go through the runtime's async queue with Lambda's
retry and OnFailure semantics instead of moto's swallow-all-errors call.

moto's DynamoDB is not safe under concurrent requests: TransactWriteItems snapshots the
tables it touches without a lock and, when a condition cancels the transaction, restores
the whole table from that snapshot, undoing other clients' writes made in between. Real
DynamoDB serialises conflicting writes, so the local cloud serialises DynamoDB requests.
"""

from __future__ import annotations

import json
import threading
from typing import Any, Protocol
from urllib.parse import quote_plus, unquote_plus

import moto.s3.notifications as s3_notifications
from moto.awslambda.models import LambdaFunction
from moto.dynamodb.responses import DynamoHandler

from localcloud.esm.base import InvokeResult


class _Runtime(Protocol):
    def invoke(self, function_name: str, event: dict[str, Any]) -> InvokeResult: ...

    def invoke_async(self, function_name: str, event: Any) -> None: ...


_runtime: _Runtime | None = None
_ORIGINALS = (
    LambdaFunction.invoke,
    LambdaFunction._invoke_lambda,
    s3_notifications._invoke_awslambda,
    DynamoHandler.call_action,
)
_DYNAMODB_LOCK = threading.Lock()


def install(runtime: _Runtime) -> None:
    """Point moto's Lambda invocations at ``runtime`` (process-wide)."""
    global _runtime  # noqa: PLW0603 - moto's seams are process-wide by nature
    _runtime = runtime
    LambdaFunction.invoke = _invoke  # type: ignore[method-assign]
    LambdaFunction._invoke_lambda = _invoke_lambda  # type: ignore[method-assign]
    s3_notifications._invoke_awslambda = _s3_invoke
    DynamoHandler.call_action = _serialised_dynamodb_call  # type: ignore[method-assign]


def uninstall() -> None:
    """Give moto its own behaviour back (so later in-process tests see plain moto)."""
    global _runtime  # noqa: PLW0603
    _runtime = None
    invoke, invoke_lambda, s3_invoke, dynamodb_call = _ORIGINALS
    LambdaFunction.invoke = invoke  # type: ignore[method-assign]
    LambdaFunction._invoke_lambda = invoke_lambda  # type: ignore[method-assign]
    s3_notifications._invoke_awslambda = s3_invoke
    DynamoHandler.call_action = dynamodb_call  # type: ignore[method-assign]


def _serialised_dynamodb_call(self: DynamoHandler) -> Any:
    call_action = _ORIGINALS[3]
    with _DYNAMODB_LOCK:
        return call_action(self)


def _require_runtime() -> _Runtime:
    if _runtime is None:
        raise RuntimeError("the local cloud runtime is not running")
    return _runtime


def _decode(event: Any) -> Any:
    if isinstance(event, bytes | bytearray):
        event = event.decode()
    if isinstance(event, str):
        return json.loads(event) if event.strip() else {}
    return {} if event is None else event


def _invoke_lambda(self: LambdaFunction, event: Any = None) -> tuple[str, bool, str]:
    result = _require_runtime().invoke(self.function_name, _decode(event))
    if result.error is not None:
        return json.dumps(result.error), True, ""
    return json.dumps(result.payload), False, ""


def _invoke(self: LambdaFunction, body: Any, request_headers: Any, response_headers: Any) -> Any:
    invocation_type = (request_headers or {}).get("x-amz-invocation-type", "RequestResponse")
    if invocation_type == "Event":
        _require_runtime().invoke_async(self.function_name, _decode(body))
        return b""
    if invocation_type == "DryRun":
        return b""
    payload, errored, _ = _invoke_lambda(self, body)
    if errored:
        # Uncaught exceptions are "Unhandled" in Lambda's X-Amz-Function-Error header.
        response_headers["x-amz-function-error"] = "Unhandled"
    return payload.encode()


def _s3_invoke(account_id: str, event_body: Any, fn_arn: str, region_name: str) -> None:
    _require_runtime().invoke_async(fn_arn, _aws_encoded_keys(event_body))


def _aws_encoded_keys(event: Any) -> Any:
    """S3 events carry form-encoded keys with "/" left as is; moto also encodes "/"."""
    for record in event.get("Records", []) if isinstance(event, dict) else []:
        obj = record.get("s3", {}).get("object", {})
        if "key" in obj:
            obj["key"] = quote_plus(unquote_plus(obj["key"]), safe="/")
    return event
