"""Build API Gateway HTTP API (payload format 2.0) proxy events, as the service sends them."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any


def http_api_event(
    method: str,
    route: str,
    *,
    path_parameters: dict[str, str] | None = None,
    body: Any = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    stage: str = "$default",
) -> dict[str, Any]:
    path = route
    for name, value in (path_parameters or {}).items():
        path = path.replace("{" + name + "}", value)
    raw_body = body if isinstance(body, str) or body is None else json.dumps(body)
    all_headers = {
        "content-type": "application/json",
        "user-agent": "newsflow-cli",
        **(headers or {}),
    }
    now = time.time()
    event: dict[str, Any] = {
        "version": "2.0",
        "routeKey": f"{method} {route}",
        "rawPath": path,
        "rawQueryString": "&".join(f"{k}={v}" for k, v in (query or {}).items()),
        "headers": all_headers,
        "requestContext": {
            "accountId": "123456789012",
            "apiId": "local",
            "domainName": "localhost",
            "domainPrefix": "localhost",
            "http": {
                "method": method,
                "path": path,
                "protocol": "HTTP/1.1",
                "sourceIp": "127.0.0.1",
                "userAgent": all_headers["user-agent"],
            },
            "requestId": str(uuid.uuid4()),
            "routeKey": f"{method} {route}",
            "stage": stage,
            "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "timeEpoch": int(now * 1000),
        },
        "isBase64Encoded": False,
    }
    if query:
        event["queryStringParameters"] = query
    if path_parameters:
        event["pathParameters"] = path_parameters
    if raw_body is not None:
        event["body"] = raw_body
    return event
