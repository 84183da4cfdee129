"""Regenerates the bundled sample data in ``data/sample/``, deterministically.

    .venv/bin/python -m sample_data.generate            # tools/ on PYTHONPATH
    .venv/bin/python tools/sample_data/generate.py      # same thing
    ... --out DIR                                       # write somewhere else
    ... --check                                         # exit 1 if data/sample has drifted

Everything comes from one seed and the banks in this package: no network, no clock.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``sample_data`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sample_data import corpus, faults
from sample_data.companies import BY_TICKER
from sample_data.stream import DUPLICATE, MALFORMED, VALID, StreamRecord, dump_stream

SEED = 20261122
STREAM_VALID = 520
BULK_VALID = 290
BULK_BLANK_LINES = ("", " \t ")
STREAM_FILE = "news.jsonl"
BULK_FILE = "bulk/news-2026-11-22.jsonl.gz"
MANIFEST_FILE = "manifest.json"
DEFAULT_OUT = Path(__file__).resolve().parents[2] / "data" / "sample"


def _rng(part: str) -> random.Random:
    """One random stream per part, so changing the bulk file never reshuffles the stream."""
    return random.Random(f"{SEED}:{part}")


@dataclass(frozen=True, slots=True)
class _Placed:
    key: float  # position: valid article i sits at i; others slot in between
    order: int  # tie-break, so equal keys keep a stable order
    record: StreamRecord


def build_stream(registry: corpus.Registry) -> list[StreamRecord]:
    rng = _rng("stream")
    articles = corpus.write_articles(_rng("stream-articles"), SEED, STREAM_VALID, registry)
    spares = corpus.write_articles(_rng("stream-spares"), SEED, 60, registry)
    placed = [
        _Placed(float(i), 0, StreamRecord(0, VALID, a.to_json().encode(), companies=a.companies))
        for i, a in enumerate(articles)
    ]
    variants = [v for v, n in faults.DUPLICATE_PLAN for _ in range(n)]
    distinct = rng.sample(range(len(articles) - 80), len(variants) - 6)
    originals = distinct + rng.sample(distinct, 6)  # a few articles are re-sent twice
    for n, (variant, original) in enumerate(zip(variants, originals, strict=True)):
        data = faults.resend(articles[original], variant)
        record = StreamRecord(0, DUPLICATE, data, duplicate_of=original, variant=variant)
        placed.append(_Placed(original + rng.uniform(1, 80), 1 + n, record))
    for n, fault in enumerate(faults.build_faults(faults.STREAM_FAULTS, spares, rng)):
        record = StreamRecord(0, MALFORMED, fault.data, reason=fault.reason)
        placed.append(_Placed(rng.uniform(0, len(articles)), 1000 + n, record))
    return _number(placed)


def _number(placed: list[_Placed]) -> list[StreamRecord]:
    """Assign seq in stream order, pointing each duplicate at its original's seq."""
    ordered = sorted(placed, key=lambda p: (p.key, p.order))
    seq_of_article: dict[int, int] = {}
    out: list[StreamRecord] = []
    for seq, p in enumerate(ordered, start=1):
        r = p.record
        if r.kind == VALID:
            seq_of_article[int(p.key)] = seq
        original = None if r.duplicate_of is None else seq_of_article[r.duplicate_of]
        out.append(StreamRecord(seq, r.kind, r.data, r.companies, original, r.variant, r.reason))
    return out


def build_bulk(registry: corpus.Registry) -> tuple[bytes, dict[str, Any]]:
    """The nightly vendor file: JSON lines, a few broken ones and blank lines among them."""
    rng = _rng("bulk")
    day_weights = (0, 0, 1)  # the 22 November file
    articles = corpus.write_articles(_rng("bulk-articles"), SEED, BULK_VALID, registry, day_weights)
    spares = corpus.write_articles(_rng("bulk-spares"), SEED, 20, registry, day_weights)
    lines: list[tuple[float, bytes]] = [
        (float(i), a.to_json().encode()) for i, a in enumerate(articles)
    ]
    bad = faults.build_faults(faults.BULK_FAULTS, spares, rng)
    lines += [(rng.uniform(0, len(articles)), f.data) for f in bad]
    lines += [(rng.uniform(1, len(articles) - 1), b.encode()) for b in BULK_BLANK_LINES]
    ordered = [data for _, data in sorted(lines, key=lambda item: item[0])]
    content = b"".join(line + b"\n" for line in ordered)
    counts = {
        "file": BULK_FILE,
        "physical_lines": len(ordered),
        "blank_lines": len(BULK_BLANK_LINES),
        "lines": len(articles) + len(bad),
        "valid": len(articles),
        "malformed": len(bad),
        "malformed_by_reason": dict(sorted(Counter(f.reason for f in bad).items())),
    }
    return content, counts


def _stream_counts(records: list[StreamRecord]) -> dict[str, Any]:
    kinds = Counter(r.kind for r in records)
    companies = {t for r in records if r.kind == VALID for t in r.companies}
    return {
        "file": STREAM_FILE,
        "records": len(records),
        "valid_unique": kinds[VALID],
        "duplicates": kinds[DUPLICATE],
        "duplicates_by_variant": dict(
            sorted(Counter(r.variant for r in records if r.kind == DUPLICATE).items())
        ),
        "malformed": kinds[MALFORMED],
        "malformed_by_reason": dict(
            sorted(Counter(r.reason for r in records if r.kind == MALFORMED).items())
        ),
        "companies": len(companies),
    }


def _manifest(records: list[StreamRecord], bulk: dict[str, Any]) -> dict[str, Any]:
    tickers = sorted({t for r in records for t in r.companies})
    return {
        "format": 1,
        "seed": SEED,
        "stream": _stream_counts(records),
        "bulk": bulk,
        "companies": [
            {
                "ticker": t,
                "exchange": BY_TICKER[t].exchange,
                "name": BY_TICKER[t].name,
                "pytickersymbols": BY_TICKER[t].symbol,
            }
            for t in tickers
        ],
    }


def generate(out: Path) -> dict[str, Any]:
    """Write the stream, the bulk file and the manifest under ``out``; return the manifest."""
    registry = corpus.Registry()  # shared, so no URL repeats across stream and bulk
    records = build_stream(registry)
    bulk, bulk_counts = build_bulk(registry)
    manifest = _manifest(records, bulk_counts)
    (out / "bulk").mkdir(parents=True, exist_ok=True)
    (out / STREAM_FILE).write_bytes(dump_stream(records))
    # mtime=0 and no file name in the header: the same input gives the same gzip member.
    (out / BULK_FILE).write_bytes(gzip.compress(bulk, compresslevel=9, mtime=0))
    text = json.dumps(manifest, indent=2, ensure_ascii=False) + "\n"
    (out / MANIFEST_FILE).write_bytes(text.encode())
    return manifest


def drifted(committed: Path) -> list[str]:
    """Files under ``committed`` that differ from a fresh generation (gzip by content)."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        generate(fresh)
        changed = []
        for name in (STREAM_FILE, MANIFEST_FILE, BULK_FILE):
            old, new = committed / name, fresh / name
            if not old.exists():
                changed.append(name)
                continue
            read = gzip.decompress if name.endswith(".gz") else bytes
            if read(old.read_bytes()) != read(new.read_bytes()):
                changed.append(name)
        return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--check", action="store_true", help="fail if --out has drifted")
    args = parser.parse_args(argv)
    if args.check:
        changed = drifted(args.out)
        for name in changed:
            print(f"drifted: {args.out / name}", file=sys.stderr)
        return 1 if changed else 0
    manifest = generate(args.out)
    stream, bulk = manifest["stream"], manifest["bulk"]
    print(
        f"{args.out}: {stream['records']} stream records ({stream['valid_unique']} valid, "
        f"{stream['duplicates']} duplicates, {stream['malformed']} malformed, "
        f"{stream['companies']} companies); bulk {bulk['lines']} lines "
        f"({bulk['valid']} valid, {bulk['malformed']} malformed)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
