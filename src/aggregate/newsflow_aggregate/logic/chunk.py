"""ChunkWorker: validate and enrich one chunk, store its partial result, count it once.

ChunkQueue is at least once, so everything before the count is an idempotent overwrite
(deterministic keys) and the count itself is one conditional UpdateItem keyed by the
chunk index. Whichever count completes the job asks for aggregation.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from newsflow_aggregate.logic.model import (
    ChunkLine,
    ChunkTask,
    LineReject,
    PartialResult,
    Story,
    TickerStats,
    chunk_key,
    rejects_key,
    result_key,
    story_rank,
)
from newsflow_aggregate.ports import AggregateTrigger, DataStore, JobRepository, LineEnricher
from newsflow_core.article import Article
from newsflow_core.errors import PermanentError, ValidationError
from newsflow_core.observability import logger

# Each chunk keeps as many stories as the digest shows, so the global top N is among them.
TOP_STORIES = 10


@dataclass(frozen=True, slots=True)
class ChunkOutcome:
    job_id: str
    index: int
    counted: bool  # False: a redelivery of a chunk already counted
    lines: int
    enriched: int
    rejected: int
    job_complete: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "job_id": self.job_id,
            "index": self.index,
            "counted": self.counted,
            "lines": self.lines,
            "enriched": self.enriched,
            "rejected": self.rejected,
            "job_complete": self.job_complete,
        }


def read_chunk(body: bytes) -> list[ChunkLine]:
    try:
        return [ChunkLine.from_dict(orjson.loads(row)) for row in body.splitlines() if row]
    except orjson.JSONDecodeError as exc:
        raise PermanentError("corrupt_chunk", str(exc)) from exc


def sentiment_of(article: Article) -> float:
    return article.nlp.sentiment if article.nlp is not None else 0.0


def summarise(
    task: ChunkTask,
    lines: int,
    enriched: Sequence[tuple[int, Article]],
    rejects: Sequence[LineReject],
) -> PartialResult:
    """The chunk's contribution to the digest: counts, per-ticker sums, top stories."""
    tickers: defaultdict[str, TickerStats] = defaultdict(TickerStats)
    stories = []
    for line, article in enriched:
        sentiment = sentiment_of(article)
        for symbol in article.symbols:
            tickers[symbol].add(1, sentiment)
        stories.append(
            Story(
                line=line,
                article_id=article.article_id,
                headline=article.headline,
                url=article.url,
                source=article.source,
                published_at=article.published_at,
                sentiment=sentiment,
                tickers=tuple(article.symbols),
            )
        )
    stories.sort(key=story_rank)
    return PartialResult(
        job_id=task.job_id,
        index=task.index,
        lines=lines,
        enriched=len(enriched),
        rejected=len(rejects),
        tickers=dict(tickers),
        top_stories=tuple(stories[:TOP_STORIES]),
        rejects_by_reason=dict(Counter(r.reason for r in rejects)),
        rejects_key=rejects_key(task.job_id, task.index) if rejects else None,
    )


class ChunkWorker:
    def __init__(
        self,
        store: DataStore,
        jobs: JobRepository,
        enricher: LineEnricher,
        aggregate: AggregateTrigger,
    ) -> None:
        self._store = store
        self._jobs = jobs
        self._enricher = enricher
        self._aggregate = aggregate

    def process(self, task: ChunkTask) -> ChunkOutcome:
        lines = read_chunk(self._store.get(chunk_key(task.job_id, task.index)))
        result, rejects = self._evaluate(task, lines)
        # Rejects first, result second, count last: a counted chunk always has both on S3.
        if rejects:
            body = b"".join(orjson.dumps(r.to_dict()) + b"\n" for r in rejects)
            self._store.put(rejects_key(task.job_id, task.index), body, "application/x-ndjson")
        self._store.put(
            result_key(task.job_id, task.index),
            orjson.dumps(result.to_dict()),
            "application/json",
        )
        count = self._jobs.record_chunk(task.job_id, task.index, result.enriched, result.rejected)
        if not count.counted:
            logger.info("chunk already counted", job_id=task.job_id, index=task.index)
        # Also on a redelivery: the first delivery may have died between its count and its
        # request, and the aggregator treats extra requests as no-ops.
        if count.job.all_chunks_done:
            self._aggregate.request(task.job_id)
        return ChunkOutcome(
            job_id=task.job_id,
            index=task.index,
            counted=count.counted,
            lines=result.lines,
            enriched=result.enriched,
            rejected=result.rejected,
            job_complete=count.job.all_chunks_done,
        )

    def _evaluate(
        self, task: ChunkTask, lines: Sequence[ChunkLine]
    ) -> tuple[PartialResult, list[LineReject]]:
        valid: list[tuple[int, Article]] = []
        rejects: list[LineReject] = []
        for chunk_line in lines:
            try:
                valid.append((chunk_line.line, self._enricher.parse(chunk_line.raw)))
            except ValidationError as exc:
                rejects.append(LineReject(chunk_line.line, exc.reason, exc.detail))
        # One batch call per chunk, like nlp.pipe: per-article calls are what we avoid.
        enriched = self._enricher.enrich([article for _, article in valid]) if valid else []
        if len(enriched) != len(valid):
            raise PermanentError(
                "enrichment_count_mismatch", f"{len(valid)} articles in, {len(enriched)} out"
            )
        numbered = [(line, article) for (line, _), article in zip(valid, enriched, strict=True)]
        return summarise(task, len(lines), numbered, rejects), rejects
