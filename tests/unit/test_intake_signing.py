"""Standard Webhooks signing (vendor side) and verification (IntakeApiFunction)."""

from __future__ import annotations

import base64
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import pytest

from newsflow_ingest.adapters.standard_webhooks import StandardWebhooksVerifier
from newsflow_ingest.logic.signing import signed_headers
from newsflow_ingest.ports import InvalidSignatureError

# What the template's GenerateSecretString produces: 32 alphanumerics, valid base64.
SECRET = "Q2hhbmdlTWVJbkFXU1NlY3JldHNNZ3I0"
BODY = b'{"articles": []}'


@pytest.fixture
def verifier() -> StandardWebhooksVerifier:
    return StandardWebhooksVerifier(SECRET)


def test_signed_request_verifies(verifier: StandardWebhooksVerifier) -> None:
    headers = signed_headers(SECRET, BODY, msg_id="msg_1")

    verifier.verify(BODY, headers)
    assert headers["webhook-id"] == "msg_1"
    assert headers["webhook-signature"].startswith("v1,")


def test_header_names_are_case_insensitive(verifier: StandardWebhooksVerifier) -> None:
    headers = {k.title(): v for k, v in signed_headers(SECRET, BODY).items()}
    verifier.verify(BODY, headers)


def test_whsec_prefixed_secret_is_the_same_key() -> None:
    StandardWebhooksVerifier(f"whsec_{SECRET}").verify(BODY, signed_headers(SECRET, BODY))


def test_timestamp_in_another_zone_is_signed_as_the_same_instant(
    verifier: StandardWebhooksVerifier,
) -> None:
    now_in_tokyo = datetime.now(timezone(timedelta(hours=9)))
    verifier.verify(BODY, signed_headers(SECRET, BODY, timestamp=now_in_tokyo))


def test_str_and_bytes_bodies_sign_alike() -> None:
    when = datetime.now(UTC)
    assert signed_headers(SECRET, BODY, msg_id="m", timestamp=when) == signed_headers(
        SECRET, BODY.decode(), msg_id="m", timestamp=when
    )


def _other_secret() -> str:
    return base64.b64encode(b"another key of 24 bytes!").decode()


def _signed_at(minutes_from_now: int) -> dict[str, str]:
    return signed_headers(
        SECRET, BODY, timestamp=datetime.now(UTC) + timedelta(minutes=minutes_from_now)
    )


# Built when the test runs, not at collection: timestamps must be relative to that moment.
_INVALID: dict[str, Callable[[], tuple[bytes, dict[str, str]]]] = {
    "tampered": lambda: (BODY + b" ", signed_headers(SECRET, BODY)),
    "wrong-secret": lambda: (BODY, signed_headers(_other_secret(), BODY)),
    "too-old": lambda: (BODY, _signed_at(-6)),
    "too-new": lambda: (BODY, _signed_at(6)),
    "no-headers": lambda: (BODY, {}),
    "bad-timestamp": lambda: (
        BODY,
        {"webhook-id": "m", "webhook-timestamp": "soon", "webhook-signature": "v1,x"},
    ),
    "no-version": lambda: (BODY, {**signed_headers(SECRET, BODY), "webhook-signature": "junk"}),
    "not-base64": lambda: (BODY, {**signed_headers(SECRET, BODY), "webhook-signature": "v1,*"}),
    "malformed": lambda: (BODY, {**signed_headers(SECRET, BODY), "webhook-signature": "v1,a,b"}),
    "not-utf8": lambda: (b"\xff\xfe", signed_headers(SECRET, "\ufffd\ufffd")),
}


@pytest.mark.parametrize("case", sorted(_INVALID))
def test_anything_but_a_valid_signature_is_invalid_signature(
    verifier: StandardWebhooksVerifier, case: str
) -> None:
    body, headers = _INVALID[case]()
    with pytest.raises(InvalidSignatureError) as caught:
        verifier.verify(body, headers)
    assert caught.value.reason == "invalid_signature"
