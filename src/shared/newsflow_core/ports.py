"""Ports shared by several stages. Adapters in ``newsflow_core.adapters`` implement them;
tests pass fakes that subclass them."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from newsflow_core.article import Article, ClaimRef


class ClaimStore(ABC):
    """Stores batches of articles out of band (claim check pattern)."""

    @abstractmethod
    def put(self, key: str, articles: Sequence[Article]) -> ClaimRef: ...

    @abstractmethod
    def get(self, ref: ClaimRef) -> list[Article]: ...


@dataclass(frozen=True, slots=True)
class Rejection:
    """A bad input with its reason, on its way to a durable rejects sink."""

    reason: str
    detail: str
    source: str  # where it came from: "kinesis:<seq>", "bulk:<job>:<line>", ...
    payload: str  # the raw input, as text (truncated by the sink if needed)
    context: dict[str, Any] | None = None


class RejectSink(ABC):
    """Durably records permanent failures with their reasons."""

    @abstractmethod
    def reject(self, rejections: Sequence[Rejection]) -> None: ...
