"""``make bench``: speed, cold start and size figures, printed and written as JSON.

Figures, not pass/fail: timed assertions do not belong in tests. Run on an otherwise idle
machine; the two-core CI machine is the reference.

- enrichment core: articles/s of the NLP engine, the ticker tagger and both, over the
  sample stream's valid articles (the same core the state machine and bulk workers use);
- pipeline: ``newsflow run`` end to end on the local cloud (wall time, articles/s from the
  first record put to quiet), with per-function cold start (init) and median duration;
- packages: unzipped size of each built function and layer, if ``sam build`` has run
  (``make build``); Lambda's limit is 250 MB per function with its layers.
"""

from __future__ import annotations

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from newsflow_core.errors import ValidationError
from newsflow_core.validation import parse_article
from sample_data.stream import read_records

ROOT = Path(__file__).resolve().parent.parent
STREAM = ROOT / "data" / "sample" / "news.jsonl"
BULK = ROOT / "data" / "sample" / "bulk" / "news-2026-11-22.jsonl.gz"
OUT = ROOT / "reports" / "bench.json"
REPEATS = 3


def _rate(count: int, seconds: list[float]) -> dict[str, float]:
    best = min(seconds)
    return {
        "articles": count,  # valid records, duplicates included
        "best_seconds": round(best, 3),
        "median_seconds": round(statistics.median(seconds), 3),
        "articles_per_second": round(count / best, 1),
    }


def bench_enrichment() -> dict[str, Any]:
    from newsflow_core.enrichment import build_default_enricher  # noqa: PLC0415

    started = time.perf_counter()
    enricher = build_default_enricher()
    build_ms = (time.perf_counter() - started) * 1000
    articles = []
    for data in read_records(STREAM):
        try:
            articles.append(parse_article(data))
        except ValidationError:
            continue
    figures: dict[str, Any] = {"build_enricher_ms": round(build_ms, 1)}
    for name, step in (
        ("nlp", enricher.run_nlp),
        ("tag", enricher.tag),
        ("nlp_and_tag", enricher.enrich),
    ):
        times = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            step(articles)
            times.append(time.perf_counter() - started)
        figures[name] = _rate(len(articles), times)
    return figures


def bench_pipeline() -> dict[str, Any]:
    from newsflow_cli.main import main  # noqa: PLC0415

    with tempfile.TemporaryDirectory() as scratch:
        report_path = Path(scratch) / "report.json"
        started = time.perf_counter()
        code = main(
            [
                "--template",
                str(ROOT / "template.yaml"),
                "--state-dir",
                str(Path(scratch) / "state"),
                "run",
                "--data",
                str(STREAM),
                "--bulk",
                str(BULK),
                "--report",
                str(report_path),
                "--no-progress",
            ]
        )
        wall = time.perf_counter() - started
        report = json.loads(report_path.read_text())
    return {
        "exit_code": code,
        "wall_seconds": round(wall, 1),
        "articles_in": report["articles_in"],
        "published": report["published"],
        "articles_per_second": round(report["articles_in"] / wall, 2),
        "conservation_holds": report["conservation"]["holds"],
        "functions": {
            name: {
                "invocations": stats["invocations"],
                "cold_starts": stats["cold_starts"],
                "init_ms": stats["median_init_ms"],
                "median_ms": stats["median_duration_ms"],
                "max_memory_mb": stats["max_memory_mb"],
            }
            for name, stats in report["functions"].items()
            if stats["invocations"]
        },
    }


def bench_packages() -> dict[str, Any]:
    build = ROOT / ".aws-sam" / "build"
    if not build.is_dir():
        return {"skipped": "no .aws-sam/build: run `make build` first"}
    sizes = {}
    for artifact in sorted(p for p in build.iterdir() if p.is_dir()):
        total = sum(f.stat().st_size for f in artifact.rglob("*") if f.is_file())
        sizes[artifact.name] = round(total / 1_000_000, 2)
    return {"unzipped_mb": sizes}


def main() -> int:
    results: dict[str, Any] = {"python": sys.version.split()[0]}
    print("enrichment core ...", flush=True)
    results["enrichment"] = bench_enrichment()
    print(json.dumps(results["enrichment"], indent=2))
    print("packages ...", flush=True)
    results["packages"] = bench_packages()
    print(json.dumps(results["packages"], indent=2))
    print("pipeline (newsflow run) ...", flush=True)
    results["pipeline"] = bench_pipeline()
    pipeline = {k: v for k, v in results["pipeline"].items() if k != "functions"}
    print(json.dumps(pipeline, indent=2))
    for name, stats in results["pipeline"]["functions"].items():
        print(
            f"  {name:<36} cold starts {stats['cold_starts']}  init {stats['init_ms']} ms  "
            f"median {stats['median_ms']} ms  max {stats['max_memory_mb']} MB"
        )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
