"""Standard Webhooks (webhook-id / webhook-timestamp / webhook-signature) verification."""

from __future__ import annotations

from collections.abc import Mapping

from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from newsflow_ingest.ports import InvalidSignatureError, SignatureVerifier


class StandardWebhooksVerifier(SignatureVerifier):
    """``secret`` is base64 (optionally ``whsec_``-prefixed), as Standard Webhooks defines."""

    def __init__(self, secret: str) -> None:
        self._webhook = Webhook(secret)

    def verify(self, body: bytes, headers: Mapping[str, str]) -> None:
        try:
            self._webhook.verify(body, dict(headers), json_parse=False)
        # The library lets malformed headers or a non-UTF-8 body escape as ValueError.
        except (WebhookVerificationError, ValueError) as exc:
            raise InvalidSignatureError(str(exc)) from exc
