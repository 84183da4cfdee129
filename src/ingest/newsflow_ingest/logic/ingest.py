"""Kinesis records in, one claim-checked batch and one enrichment run out.

Each record is decoded, validated and normalised (``parse_article``), then deduplicated.
Malformed records go to the rejects sink with their reason and count as handled.

Kinesis delivers a shard in order and, on a partial failure, checkpoints before the lowest
reported sequence number and redelivers everything from there. So a batch commits a
*prefix*: screening stops at the first transient failure, and every record from the first
one not committed on is reported failed. A redelivered record carries the same sequence
number, which the deduplicator recognises as the owner, so it is processed again rather
than dropped as a duplicate.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from newsflow_core.article import Article, ClaimRef
from newsflow_core.errors import TransientError, ValidationError
from newsflow_core.observability import logger
from newsflow_core.ports import ClaimStore, Rejection, RejectSink
from newsflow_core.validation import Reason, parse_article
from newsflow_ingest.ports import Deduplicator, ExecutionStarter


@dataclass(frozen=True, slots=True)
class StreamRecord:
    """One Kinesis record as the event source mapping delivers it."""

    shard_id: str
    sequence_number: str
    data: str  # base64, as in the event
    arrived_at: float  # approximateArrivalTimestamp, epoch seconds

    @property
    def source(self) -> str:
        return f"kinesis:{self.shard_id}:{self.sequence_number}"


@dataclass(frozen=True, slots=True)
class _Screened:
    """A record after validation and dedup: an article, a rejection, or (neither) a duplicate."""

    record: StreamRecord
    article: Article | None = None
    rejection: Rejection | None = None


@dataclass(frozen=True, slots=True)
class IngestReport:
    received: int
    accepted: int
    rejected: int
    duplicates: int
    failed: tuple[str, ...]  # sequence numbers for batchItemFailures, in stream order
    batch_id: str | None = None
    claim: ClaimRef | None = None


def batch_id_for(shard_id: str, first_sequence: str, last_sequence: str) -> str:
    """Deterministic, so a redelivered batch overwrites its own claim instead of adding one."""
    digest = hashlib.sha256(f"{shard_id}:{first_sequence}:{last_sequence}".encode())
    return digest.hexdigest()[:32]


def claim_key(batch_id: str, arrived_at: float) -> str:
    day = datetime.fromtimestamp(arrived_at, UTC)
    return f"claims/{day:%Y/%m/%d}/{batch_id}.jsonl"


class Ingestor:
    def __init__(
        self,
        dedup: Deduplicator,
        claims: ClaimStore,
        rejects: RejectSink,
        executions: ExecutionStarter,
    ) -> None:
        self._dedup = dedup
        self._claims = claims
        self._rejects = rejects
        self._executions = executions

    def ingest(self, records: Sequence[StreamRecord]) -> IngestReport:
        """Commit the longest prefix of ``records`` that can be; report the rest failed."""
        screened = self._screen(records)
        committed = self._send_rejections(screened)
        committed, claim, batch_id = self._claim_and_start(committed)
        return IngestReport(
            received=len(records),
            accepted=claim.count if claim else 0,
            rejected=sum(1 for s in committed if s.rejection),
            duplicates=sum(1 for s in committed if s.article is None and s.rejection is None),
            failed=tuple(r.sequence_number for r in records[len(committed) :]),
            batch_id=batch_id,
            claim=claim,
        )

    def _screen(self, records: Sequence[StreamRecord]) -> list[_Screened]:
        screened: list[_Screened] = []
        for record in records:
            try:
                screened.append(self._screen_one(record))
            except TransientError as exc:
                # Everything from here is redelivered anyway: screening on is wasted work.
                logger.warning(
                    "transient failure; checkpointing before record",
                    extra={"source": record.source, "error": str(exc)},
                )
                break
        return screened

    def _screen_one(self, record: StreamRecord) -> _Screened:
        try:
            article = parse_article(_decode(record.data))
        except ValidationError as exc:
            return _Screened(record, rejection=_rejection(record, exc))
        if self._dedup.claim(article.article_id, record.source):
            return _Screened(record, article=article)
        logger.info(
            "duplicate dropped", extra={"source": record.source, "article_id": article.article_id}
        )
        return _Screened(record)

    def _send_rejections(self, screened: list[_Screened]) -> list[_Screened]:
        rejections = [s.rejection for s in screened if s.rejection]
        if not rejections:
            return screened
        try:
            self._rejects.reject(rejections)
        except TransientError as exc:
            # Unrecorded rejections are not handled: cut before the first one.
            logger.warning("rejects sink failed", extra={"error": str(exc)})
            return screened[: _first_index(screened, lambda s: s.rejection is not None)]
        return screened

    def _claim_and_start(
        self, screened: list[_Screened]
    ) -> tuple[list[_Screened], ClaimRef | None, str | None]:
        accepted = [s for s in screened if s.article]
        if not accepted:
            return screened, None, None
        first, last = accepted[0].record, accepted[-1].record
        batch_id = batch_id_for(first.shard_id, first.sequence_number, last.sequence_number)
        try:
            claim = self._claims.put(
                claim_key(batch_id, first.arrived_at), [s.article for s in accepted if s.article]
            )
            self._executions.start(batch_id, {"batch_id": batch_id, "claim": claim.to_dict()})
        except TransientError as exc:
            # Not started means not delivered: cut at the first accepted so all are redelivered.
            logger.warning(
                "claim or StartExecution failed", extra={"batch_id": batch_id, "error": str(exc)}
            )
            return screened[: _first_index(screened, lambda s: s.article is not None)], None, None
        return screened, claim, batch_id


def _first_index(screened: list[_Screened], predicate: Callable[[_Screened], bool]) -> int:
    return next(i for i, s in enumerate(screened) if predicate(s))


def _decode(data: str) -> bytes:
    try:
        return base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationError(Reason.INVALID_ENCODING, "record data is not base64") from exc


def _rejection(record: StreamRecord, exc: ValidationError) -> Rejection:
    context: dict[str, object] = {
        "shard_id": record.shard_id,
        "sequence_number": record.sequence_number,
    }
    try:
        payload = base64.b64decode(record.data, validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        # Keep undecodable input exactly as received so it can be replayed.
        payload = record.data
        context["payload_encoding"] = "base64"
    return Rejection(
        reason=exc.reason,
        detail=exc.detail,
        source=record.source,
        payload=payload,
        context=context,
    )
