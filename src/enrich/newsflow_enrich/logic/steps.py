"""The state machine's task payloads, and the claim-to-claim step Nlp and TagEntities share.

Input of every task: ``{"batch_id": str, "claim": {"bucket", "key", "count"}}``. Step
Functions caps payloads at 256 KB, so tasks pass claim references, never articles.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from newsflow_core.article import Article, ClaimRef
from newsflow_core.errors import PermanentError, ValidationError
from newsflow_core.ports import ClaimStore

# batch_id becomes part of an S3 key: no slashes, no surprises.
_BATCH_ID_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,127}")


@dataclass(frozen=True, slots=True)
class StepInput:
    batch_id: str
    claim: ClaimRef

    @classmethod
    def from_event(cls, event: object) -> StepInput:
        """Parse a task's input; a malformed one is a PermanentError (no retry: to the DLQ)."""
        if not isinstance(event, Mapping):
            raise PermanentError("invalid_payload", f"expected an object, got {_kind(event)}")
        batch_id = event.get("batch_id")
        if not isinstance(batch_id, str) or not _BATCH_ID_RE.fullmatch(batch_id):
            raise PermanentError("invalid_payload:batch_id", f"got {batch_id!r:.80}")
        claim = event.get("claim")
        if not isinstance(claim, Mapping):
            raise PermanentError("invalid_payload:claim", f"expected an object, got {_kind(claim)}")
        try:
            ref = ClaimRef.from_dict(claim)
        except ValidationError as exc:
            raise PermanentError("invalid_payload:claim", exc.detail) from exc
        if not ref.bucket or not ref.key or ref.count < 0:
            raise PermanentError("invalid_payload:claim", f"got {claim!r:.200}")
        return cls(batch_id=batch_id, claim=ref)


@dataclass(frozen=True, slots=True)
class StepOutput:
    batch_id: str
    claim: ClaimRef
    tickers_tagged: int = 0  # for metrics; not part of the payload

    def to_payload(self) -> dict[str, Any]:
        return {"batch_id": self.batch_id, "claim": self.claim.to_dict()}


def output_key(claim: ClaimRef, batch_id: str, stage: str) -> str:
    """``claims/2024/05/01/<batch>.jsonl`` -> ``claims/2024/05/01/<batch>.<stage>.jsonl``."""
    directory, _, _ = claim.key.rpartition("/")
    name = f"{batch_id}.{stage}.jsonl"
    return f"{directory}/{name}" if directory else name


def transform_claim(
    step: StepInput,
    claims: ClaimStore,
    transform: Callable[[Sequence[Article]], list[Article]],
    stage: str,
) -> tuple[ClaimRef, list[Article]]:
    """Read a claim, transform its whole batch in one call, write the next claim beside it.

    Idempotent: a retried execution rewrites the same key with the same content.
    """
    articles = transform(claims.get(step.claim))
    return claims.put(output_key(step.claim, step.batch_id, stage), articles), articles


def _kind(value: object) -> str:
    return type(value).__name__
