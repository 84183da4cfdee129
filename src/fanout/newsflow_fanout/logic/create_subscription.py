"""POST /v1/webhooks: register a subscriber URL and hand out its signing secret, once.

The secret follows Standard Webhooks: "whsec_" + base64 of 32 random bytes. It is stored
(the consumer signs with it) but never returned again.
"""

from __future__ import annotations

import base64
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from newsflow_core.errors import ValidationError
from newsflow_fanout.logic import requests
from newsflow_fanout.logic.timestamps import iso_utc
from newsflow_fanout.ports import ALL_TICKERS, Clock, Subscription, SubscriptionWriter

MAX_URL_CHARS = 2048
SECRET_BYTES = 32


def new_subscription_id() -> str:
    return f"sub_{uuid.uuid4().hex}"


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def endpoint_url(data: dict[str, Any]) -> str:
    """An absolute http(s) URL without credentials in it.

    Whether the host may be called at all is the SSRF guard's call (see WebhookSender).
    """
    raw = data.get("url")
    if raw is None:
        raise ValidationError("missing_field:url", '"url" is required')
    if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_URL_CHARS:
        raise ValidationError(
            "invalid_field:url", f'"url" must be a string of 1-{MAX_URL_CHARS} characters'
        )
    url = raw.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        raise ValidationError("invalid_field:url", f"not a valid URL: {exc}") from exc
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError("invalid_field:url", '"url" must be an absolute http(s) URL')
    if parts.username is not None or parts.password is not None:
        raise ValidationError("invalid_field:url", '"url" must not carry credentials')
    return url


def subscribed_tickers(data: dict[str, Any]) -> tuple[str, ...]:
    if data.get("tickers") is None or data.get("tickers") == [ALL_TICKERS]:
        return (ALL_TICKERS,)
    symbols = requests.ticker_list(data)
    if not symbols:
        raise ValidationError(
            "invalid_field:tickers", '"tickers" must not be empty; omit it to get every article'
        )
    return tuple(symbols)


@dataclass(frozen=True, slots=True)
class CreatedSubscription:
    subscription: Subscription

    def to_dict(self) -> dict[str, Any]:
        sub = self.subscription
        return {
            "id": sub.subscription_id,
            "url": sub.url,
            "tickers": list(sub.tickers),
            "active": sub.active,
            "created_at": sub.created_at,
            "secret": sub.secret,
        }


class SubscriptionService:
    def __init__(
        self,
        writer: SubscriptionWriter,
        clock: Clock,
        new_id: Callable[[], str] = new_subscription_id,
        make_secret: Callable[[], str] = new_secret,
    ) -> None:
        self._writer = writer
        self._clock = clock
        self._new_id = new_id
        self._make_secret = make_secret

    def create(self, body: str | None) -> CreatedSubscription:
        data = requests.json_object(body)
        subscription = Subscription(
            subscription_id=self._new_id(),
            url=endpoint_url(data),
            tickers=subscribed_tickers(data),
            secret=self._make_secret(),
            created_at=iso_utc(self._clock.now()),
        )
        self._writer.create(subscription)
        return CreatedSubscription(subscription)
