"""Ports of the ingest stage. Adapters in ``newsflow_ingest.adapters`` implement them; unit
tests pass fakes that subclass them. Claims and rejects use the shared
``newsflow_core.ports.ClaimStore`` and ``RejectSink``."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsflow_core.errors import PermanentError


class Deduplicator(ABC):
    """Remembers which stream record first claimed each article."""

    @abstractmethod
    def claim(self, article_id: str, record_id: str) -> bool:
        """True when the record ``record_id`` owns the article: it claimed it first, or it is
        the same record redelivered. False for a duplicate, whose record id is recorded
        (idempotently, so a redelivered duplicate is counted once). Raises TransientError.

        ``record_id`` must name the record across the whole stream: Kinesis sequence
        numbers are unique only within a shard."""


class ExecutionStarter(ABC):
    """Starts one run of the enrichment workflow."""

    @abstractmethod
    def start(self, name: str, payload: Mapping[str, Any]) -> None:
        """Start an execution named ``name``; a name already started counts as started.
        Raises TransientError."""


@dataclass(frozen=True, slots=True)
class StreamEntry:
    partition_key: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PutFailure:
    """An entry the stream did not take; ``index`` is its position in the ``put`` call."""

    index: int
    error_code: str
    message: str = ""


class StreamWriter(ABC):
    """Writes records to the news stream."""

    @abstractmethod
    def put(self, entries: Sequence[StreamEntry]) -> list[PutFailure]:
        """Write ``entries``; return the ones not written, which are worth retrying.
        Raises only for errors no retry can fix (a missing stream, denied access)."""


class InvalidSignatureError(PermanentError):
    """The request is not signed with the intake secret (or is too old, or replayed late)."""

    def __init__(self, detail: str = "") -> None:
        super().__init__("invalid_signature", detail)


class SignatureVerifier(ABC):
    """Checks that a request body was signed by a holder of the intake secret."""

    @abstractmethod
    def verify(self, body: bytes, headers: Mapping[str, str]) -> None:
        """Return when the signature is valid; raise ``InvalidSignatureError`` otherwise."""
