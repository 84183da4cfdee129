"""Aggregator: merge a finished job's partial results into the daily digest, exactly once.

Exactly once is a lease on the job item: a conditional UpdateItem that only succeeds while
the job is SPLIT, every chunk is counted and nobody holds an unexpired lease. The lease
outlives the function timeout (a live run never loses it) and is shorter than the queue's
visibility timeout (the message of a run that crashed comes back after the lease is gone).
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from newsflow_aggregate.logic.model import (
    Job,
    JobStatus,
    PartialResult,
    TickerStats,
    digest_keys,
    result_key,
    story_rank,
)
from newsflow_aggregate.ports import DataStore, DigestAnnouncement, DigestPublisher, JobRepository
from newsflow_core.errors import PermanentError, TransientError
from newsflow_core.observability import logger

TOP_STORIES = 10
TOP_TICKERS_IN_TEXT = 15
# AggregatorFunction times out at 60 s and AggregateQueue's visibility timeout is 360 s.
DEFAULT_LEASE_SECONDS = 180


def utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class AggregateOutcome:
    job_id: str
    # "aggregated", "announced", "already_aggregated", "not_ready", "failed", "lease_lost"
    action: str
    digest_key: str | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "action": self.action,
            "digest_key": self.digest_key,
            "reason": self.reason,
        }


def totals_of(job: Job) -> dict[str, int]:
    return {
        "lines": job.lines or 0,
        "enriched": job.enriched,
        "rejected": job.rejected,
        "chunks": job.total_chunks or 0,
    }


def check_invariants(job: Job, partials: Sequence[PartialResult]) -> None:
    """Every line is accounted for exactly once, in the job item and in the partials."""
    lines, enriched, rejected = job.lines or 0, job.enriched, job.rejected
    if lines != enriched + rejected:
        raise PermanentError(
            "invariant_violated", f"lines={lines} != enriched={enriched} + rejected={rejected}"
        )
    sums = (
        sum(p.lines for p in partials),
        sum(p.enriched for p in partials),
        sum(p.rejected for p in partials),
    )
    if sums != (lines, enriched, rejected):
        raise PermanentError(
            "invariant_violated",
            f"job (lines, enriched, rejected)={(lines, enriched, rejected)} but partial "
            f"results add up to {sums}",
        )


def build_digest(job: Job, partials: Sequence[PartialResult], generated_at: str) -> dict[str, Any]:
    """The digest document; raises PermanentError when the counts do not add up."""
    check_invariants(job, partials)
    tickers: defaultdict[str, TickerStats] = defaultdict(TickerStats)
    reasons: Counter[str] = Counter()
    for partial in partials:
        for symbol, stats in partial.tickers.items():
            tickers[symbol].add(stats.mentions, stats.sentiment_sum)
        reasons.update(partial.rejects_by_reason)
    stories = sorted((s for p in partials for s in p.top_stories), key=story_rank)
    ranked = sorted(tickers.items(), key=lambda item: (-item[1].mentions, item[0]))
    return {
        "job_id": job.job_id,
        "date": job.digest_date,
        "generated_at": generated_at,
        "source": {"bucket": job.source_bucket, "key": job.source_key, "etag": job.source_etag},
        "totals": {**totals_of(job), "tickers": len(tickers)},
        "tickers": [
            {
                "symbol": symbol,
                "mentions": stats.mentions,
                "mean_sentiment": round(stats.sentiment_sum / stats.mentions, 4),
            }
            for symbol, stats in ranked
            if stats.mentions
        ],
        "top_stories": [s.to_dict() for s in stories[:TOP_STORIES]],
        "rejects": {
            "total": job.rejected,
            "by_reason": dict(sorted(reasons.items(), key=lambda item: (-item[1], item[0]))),
            "files": sorted(p.rejects_key for p in partials if p.rejects_key),
        },
    }


def render_text(digest: dict[str, Any]) -> str:
    """A plain-text summary for people who open the bucket rather than parse JSON."""
    totals = digest["totals"]
    out = [
        f"Newsflow daily digest - {digest['date']}",
        f"Source: s3://{digest['source']['bucket']}/{digest['source']['key']}",
        f"Job: {digest['job_id']} (generated {digest['generated_at']})",
        "",
        f"Lines {totals['lines']}  enriched {totals['enriched']}  rejected "
        f"{totals['rejected']}  chunks {totals['chunks']}  tickers {totals['tickers']}",
        "",
        "Most mentioned tickers:",
    ]
    out += [
        f"  {t['symbol']:<8} {t['mentions']:>6} mentions   "
        f"mean sentiment {t['mean_sentiment']:+.3f}"
        for t in digest["tickers"][:TOP_TICKERS_IN_TEXT]
    ] or ["  (none)"]
    out += ["", "Top stories (strongest sentiment):"]
    out += [
        f"  {s['sentiment']:+.3f}  {s['headline']}"
        + (f"  [{', '.join(s['tickers'])}]" if s["tickers"] else "")
        + f"\n          {s['url']}"
        for s in digest["top_stories"]
    ] or ["  (none)"]
    out += ["", f"Rejected lines: {digest['rejects']['total']}"]
    out += [f"  {reason}: {n}" for reason, n in digest["rejects"]["by_reason"].items()]
    return "\n".join(out) + "\n"


class Aggregator:
    def __init__(
        self,
        store: DataStore,
        jobs: JobRepository,
        publisher: DigestPublisher,
        *,
        clock: Callable[[], datetime] = utc_now,
        lease_seconds: int = DEFAULT_LEASE_SECONDS,
        new_owner: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self._store = store
        self._jobs = jobs
        self._publisher = publisher
        self._clock = clock
        self._lease_seconds = lease_seconds
        self._new_owner = new_owner

    def run(self, job_id: str) -> AggregateOutcome:
        now = int(self._clock().timestamp())
        owner = self._new_owner()
        job = self._jobs.claim(job_id, owner, now, now + self._lease_seconds)
        if job is None:
            return self._not_claimed(job_id, now)
        try:
            digest = build_digest(job, self._partials(job), self._clock().isoformat())
        except PermanentError as exc:
            # Retrying cannot fix corrupt counts: FAILED with the reason is the durable record.
            logger.error("bulk job failed aggregation", job_id=job_id, reason=exc.reason)
            self._jobs.fail(job_id, exc.reason, exc.detail, lease_owner=owner)
            return AggregateOutcome(job_id=job_id, action="failed", reason=exc.reason)
        json_key, text_key = digest_keys(job.digest_date, job_id)
        self._store.put(
            json_key, orjson.dumps(digest, option=orjson.OPT_INDENT_2), "application/json"
        )
        self._store.put(text_key, render_text(digest).encode(), "text/plain; charset=utf-8")
        done = self._jobs.complete(job_id, owner, json_key, int(self._clock().timestamp()))
        if done is None:
            # Our lease ran out and another run took over; it writes the same digest.
            return AggregateOutcome(job_id=job_id, action="lease_lost")
        self._announce(done)
        return AggregateOutcome(job_id=job_id, action="aggregated", digest_key=json_key)

    def _partials(self, job: Job) -> list[PartialResult]:
        return [
            PartialResult.from_dict(orjson.loads(self._store.get(result_key(job.job_id, i))))
            for i in range(job.total_chunks or 0)
        ]

    def _not_claimed(self, job_id: str, now: int) -> AggregateOutcome:
        job = self._jobs.get(job_id)
        if job is None:
            raise PermanentError("job_missing", job_id)
        if job.status is JobStatus.AGGREGATED:
            if job.announced:
                return AggregateOutcome(job_id, "already_aggregated", job.digest_key)
            # AGGREGATED is written before the event goes out: finish what a crash cut short.
            self._announce(job)
            return AggregateOutcome(job_id, "announced", job.digest_key)
        if job.status is JobStatus.FAILED:
            return AggregateOutcome(job_id, "failed", reason=job.failure_reason)
        if job.all_chunks_done and job.lease_expires_at is not None and job.lease_expires_at >= now:
            # Another run holds the lease. If it dies, only this message is left to finish
            # the job, so it must come back (after the visibility timeout) rather than vanish.
            raise TransientError(
                f"job {job_id} is being aggregated (lease until {job.lease_expires_at})"
            )
        # Not every chunk is counted (or the splitter has not marked SPLIT yet): whichever
        # write completes the job sends another request.
        return AggregateOutcome(job_id, "not_ready")

    def _announce(self, job: Job) -> None:
        if job.digest_key is None:
            raise PermanentError("digest_key_missing", job.job_id)
        self._publisher.publish(
            DigestAnnouncement(
                job_id=job.job_id,
                digest_key=job.digest_key,
                digest_date=job.digest_date,
                totals=totals_of(job),
            )
        )
        self._jobs.mark_announced(job.job_id, int(self._clock().timestamp()))
