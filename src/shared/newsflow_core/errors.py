"""The error taxonomy every stage shares.

Transient errors are retried by whatever delivered the event (Kinesis, SQS, Step Functions
Retry). Permanent errors are never retried: the input goes to a DLQ or rejects sink with
its ``reason``.
"""

from __future__ import annotations


class NewsflowError(Exception):
    """Base of every error raised on purpose by Newsflow code."""


class TransientError(NewsflowError):
    """A dependency failed in a way that may succeed on retry (throttling, 5xx, timeout)."""


class PermanentError(NewsflowError):
    """The input itself is at fault; retrying cannot help.

    ``reason`` is a short, stable, machine-readable code (``invalid_json``,
    ``missing_field:headline``) that reports aggregate on; ``detail`` is for humans.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class ValidationError(PermanentError):
    """An article or event failed validation."""
