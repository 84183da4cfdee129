"""Webhook POSTs over http.client: one connection per request, no redirects, no proxies.

http.client rather than urllib.request because urllib follows redirects and turns a POST
that gets a 301/302/303 into a GET to wherever the Location points.
"""

from __future__ import annotations

import http.client
import ssl
from urllib.parse import urlsplit

from newsflow_fanout.ports import SendOutcome, WebhookRequest, WebhookSender

# Enough to let the receiver finish its response; the body itself is not used.
_MAX_RESPONSE_BYTES = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}


class HttpClientWebhookSender(WebhookSender):
    def __init__(self, timeout_seconds: float) -> None:
        self._timeout = timeout_seconds
        self._tls = ssl.create_default_context()

    def _connect(self, url: str) -> tuple[http.client.HTTPConnection, str]:
        parts = urlsplit(url)
        host = parts.hostname or ""
        # An explicit port stops http.client from misreading an IPv6 host as host:port.
        port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if parts.scheme == "https":
            return (
                http.client.HTTPSConnection(host, port, timeout=self._timeout, context=self._tls),
                target,
            )
        return http.client.HTTPConnection(host, port, timeout=self._timeout), target

    def send(self, request: WebhookRequest) -> SendOutcome:
        try:
            connection, target = self._connect(request.url)
        except ValueError as exc:
            return SendOutcome(status=None, error=f"bad_url: {exc}")
        try:
            connection.request("POST", target, body=request.body, headers=dict(request.headers))
            response = connection.getresponse()
            response.read(_MAX_RESPONSE_BYTES)
            return SendOutcome(status=response.status)
        except TimeoutError:
            return SendOutcome(status=None, error="timeout")
        except (OSError, http.client.HTTPException) as exc:
            return SendOutcome(status=None, error=f"{type(exc).__name__}: {exc}")
        finally:
            connection.close()
