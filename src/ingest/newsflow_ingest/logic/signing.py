"""How a vendor signs a request to POST /v1/articles (Standard Webhooks).

    headers = signed_headers(secret, body)   # secret: the IntakeSigningSecret value
    requests.post(f"{api_url}/v1/articles", data=body, headers={**headers,
                  "content-type": "application/json"})

The signature covers ``<webhook-id>.<webhook-timestamp>.<body>``; the body must be sent
byte for byte as signed, and the timestamp must be within 5 minutes of the server's clock.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from standardwebhooks.webhooks import Webhook


def signed_headers(
    secret: str,
    body: bytes | str,
    *,
    msg_id: str | None = None,
    timestamp: datetime | None = None,
) -> dict[str, str]:
    """The webhook-id, webhook-timestamp and webhook-signature headers for ``body``."""
    msg_id = msg_id or f"msg_{uuid.uuid4().hex}"
    # The library stamps the datetime as UTC without converting it: convert first.
    when = (timestamp or datetime.now(UTC)).astimezone(UTC)
    text = body.decode("utf-8") if isinstance(body, bytes) else body
    signature: str = Webhook(secret).sign(msg_id=msg_id, timestamp=when, data=text)
    return {
        "webhook-id": msg_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signature,
    }
