"""A webhook subscriber on loopback that verifies Standard Webhooks signatures.

``newsflow run`` subscribes it, so webhook delivery is real HTTP end to end.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self

from standardwebhooks import Webhook


class WebhookReceiver:
    def __init__(self) -> None:
        self.secret: str | None = None
        self.received_ids: set[str] = set()
        self.deliveries = 0
        self.bad_signatures = 0
        self._lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                status = receiver.accept(body, {k.lower(): v for k, v in self.headers.items()})
                self.send_response(status)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}/hooks/newsflow"

    def accept(self, body: bytes, headers: dict[str, str]) -> int:
        with self._lock:
            self.deliveries += 1
            if self.secret is None:
                return 503
            try:
                Webhook(self.secret).verify(body, headers)
            except Exception:
                self.bad_signatures += 1
                return 401
            self.received_ids.add(headers.get("webhook-id", ""))
            return 204

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
