"""Validation of HTTP API input: every failure is a ``ValidationError`` the API turns into 400.

Reasons follow the pipeline's stable codes (``invalid_json``, ``missing_field:<name>``,
``invalid_field:<name>``); the detail is a sentence for the caller.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import orjson

from newsflow_core.errors import ValidationError

TICKER_PATTERN = re.compile(r"^[A-Z][A-Z0-9.\-]{0,9}$")
MAX_TICKERS = 100
# User ids become DynamoDB key parts ("USER#<id>"), so "#" and "/" are not allowed.
USER_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.:@\-]{0,127}$")


def json_object(body: str | None) -> dict[str, Any]:
    if body is None or not body.strip():
        raise ValidationError("missing_body", "the request needs a JSON object body")
    try:
        data = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ValidationError("invalid_json", f"the body is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise ValidationError("not_an_object", "the body must be a JSON object")
    return data


def user_id(raw: str) -> str:
    if not USER_ID_PATTERN.fullmatch(raw):
        raise ValidationError(
            "invalid_field:user_id",
            "user_id must be 1-128 characters: letters, digits and _ . : @ -",
        )
    return raw


def ticker(raw: object, *, name: str = "symbol") -> str:
    """A ticker symbol, upper-cased so "aapl" and "AAPL" are one ticker."""
    symbol = raw.strip().upper() if isinstance(raw, str) else ""
    if not TICKER_PATTERN.fullmatch(symbol):
        raise ValidationError(
            f"invalid_field:{name}",
            f"{raw!r} is not a ticker symbol (1-10 of A-Z 0-9 . - starting with a letter)",
        )
    return symbol


def ticker_list(data: Mapping[str, Any], name: str = "tickers") -> list[str]:
    """A required list of at most MAX_TICKERS symbols, de-duplicated and sorted."""
    if name not in data:
        raise ValidationError(f"missing_field:{name}", f'"{name}" is required')
    raw = data[name]
    if not isinstance(raw, list):
        raise ValidationError(f"invalid_field:{name}", f'"{name}" must be a list of symbols')
    symbols = sorted({ticker(item, name=name) for item in raw})
    if len(symbols) > MAX_TICKERS:
        raise ValidationError(
            f"invalid_field:{name}", f"at most {MAX_TICKERS} tickers, got {len(symbols)}"
        )
    return symbols


def bounded_int(raw: str | None, *, name: str, default: int, minimum: int, maximum: int) -> int:
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if not minimum <= value <= maximum:
        raise ValidationError(
            f"invalid_field:{name}", f"{name} must be an integer from {minimum} to {maximum}"
        )
    return value
