"""One spelling of a UTC instant in payloads and items: ISO 8601 with a "Z" suffix."""

from __future__ import annotations

from datetime import UTC, datetime


def iso_utc(moment: datetime, timespec: str = "seconds") -> str:
    return moment.astimezone(UTC).isoformat(timespec=timespec).replace("+00:00", "Z")
