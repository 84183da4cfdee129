"""The bundled sample data: what it must contain, and that it never drifts from its generator."""

from __future__ import annotations

import gzip
import html
import json
import re
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pytickersymbols import PyTickerSymbols

from newsflow_core import validation
from sample_data import generate, people, urls
from sample_data.companies import BY_TICKER, COMPANIES
from sample_data.stream import DUPLICATE, MALFORMED, VALID, StreamRecord, read_records, read_stream

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
STREAM = SAMPLE / generate.STREAM_FILE
BULK = SAMPLE / generate.BULK_FILE
MANIFEST = SAMPLE / generate.MANIFEST_FILE

FIELDS = {"source", "url", "headline", "published_at", "body"}
REQUIRED_REASONS = {
    "invalid_encoding",
    "invalid_json",
    "not_an_object",
    *(f"missing_field:{name}" for name in sorted(FIELDS)),
    "invalid_url",
    "invalid_timestamp",
    "body_too_short",
    "body_too_long",
    "headline_too_long",
}
FIRST_DAY = datetime(2026, 11, 20, tzinfo=UTC)
AFTER_LAST_DAY = datetime(2026, 11, 23, tzinfo=UTC)


# The brief's rules as the generator implements them, and as Ingest does: both must agree.
CANONICALISERS: tuple[Callable[[str], str], ...] = (urls.canonical_url, validation.canonical_url)


@pytest.fixture(scope="module")
def universe() -> list[dict[str, Any]]:
    return list(PyTickerSymbols().get_all_stocks())


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sample")
    generate.generate(out)
    return out


@pytest.fixture(scope="module")
def records() -> list[StreamRecord]:
    return read_stream(STREAM)


@pytest.fixture(scope="module")
def manifest() -> dict[str, Any]:
    return dict(json.loads(MANIFEST.read_text(encoding="utf-8")))


@pytest.fixture(scope="module")
def valid(records: list[StreamRecord]) -> list[tuple[StreamRecord, dict[str, str]]]:
    return [(r, json.loads(r.data)) for r in records if r.kind == VALID]


def _words(body: str) -> int:
    return len(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def _bulk_lines() -> list[bytes]:
    return gzip.decompress(BULK.read_bytes()).split(b"\n")


# ---------------------------------------------------------------- no drift


def test_regenerating_gives_the_committed_stream_and_manifest_byte_for_byte(fresh: Path) -> None:
    for name in (generate.STREAM_FILE, generate.MANIFEST_FILE):
        assert (fresh / name).read_bytes() == (SAMPLE / name).read_bytes(), name


def test_regenerating_gives_the_committed_bulk_file_content_byte_for_byte(fresh: Path) -> None:
    # Compressed bytes depend on the zlib build; the content and the header must not.
    committed, regenerated = BULK.read_bytes(), (fresh / generate.BULK_FILE).read_bytes()
    assert gzip.decompress(committed) == gzip.decompress(regenerated)
    assert committed[4:8] == b"\x00\x00\x00\x00", "gzip mtime must be 0 for reproducible files"


# ---------------------------------------------------------------- the stream


def test_stream_meets_the_minimum_counts_and_matches_the_manifest(
    records: list[StreamRecord], manifest: dict[str, Any]
) -> None:
    kinds = Counter(r.kind for r in records)
    stream = manifest["stream"]
    assert len(records) >= 560
    assert kinds[VALID] >= 500
    assert kinds[DUPLICATE] >= 30
    assert kinds[MALFORMED] >= 25
    assert stream["records"] == len(records)
    assert stream["valid_unique"] == kinds[VALID]
    assert stream["duplicates"] == kinds[DUPLICATE]
    assert stream["malformed"] == kinds[MALFORMED]
    reasons = Counter(r.reason for r in records if r.kind == MALFORMED)
    assert stream["malformed_by_reason"] == dict(reasons)
    assert [r.seq for r in records] == list(range(1, len(records) + 1))


def test_malformed_records_cover_every_reason_code(records: list[StreamRecord]) -> None:
    reasons = {r.reason for r in records if r.kind == MALFORMED}
    assert reasons >= REQUIRED_REASONS
    assert any(str(reason).startswith("invalid_field:") for reason in reasons)


def test_only_invalid_encoding_records_are_not_utf8(records: list[StreamRecord]) -> None:
    for r in records:
        try:
            r.data.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        assert utf8 == (r.reason != "invalid_encoding"), r.seq
    assert sum(r.reason == "invalid_encoding" for r in records) >= 2


def test_read_records_gives_the_exact_bytes_in_stream_order(records: list[StreamRecord]) -> None:
    payloads = read_records(STREAM)
    assert payloads == [r.data for r in records]
    raw_lines = STREAM.read_bytes().decode("utf-8").split("\n")
    assert raw_lines[-1] == ""
    b64 = [json.loads(line) for line in raw_lines[:-1] if '"data_b64"' in line]
    assert b64, "non-UTF-8 records must travel as data_b64"
    assert all(("data" in e) != ("data_b64" in e) for e in map(json.loads, raw_lines[:-1]))


def test_every_valid_article_has_the_five_fields_and_100_to_600_words(
    valid: list[tuple[StreamRecord, dict[str, str]]],
) -> None:
    for r, article in valid:
        assert set(article) == FIELDS, r.seq
        assert all(isinstance(v, str) and v.strip() for v in article.values()), r.seq
        assert 100 <= _words(article["body"]) <= 600, r.seq
        assert len(article["headline"]) <= 300, r.seq
        assert article["url"].startswith("https://"), r.seq


def test_every_valid_article_is_published_on_20_to_22_november_2026(
    valid: list[tuple[StreamRecord, dict[str, str]]],
) -> None:
    offsets = set()
    for r, article in valid:
        stamp = article["published_at"]
        when = datetime.fromisoformat(stamp)
        assert when.tzinfo is not None, r.seq
        assert FIRST_DAY <= when < AFTER_LAST_DAY, r.seq
        assert FIRST_DAY.date() <= when.date() < AFTER_LAST_DAY.date(), r.seq
        offsets.add("Z" if stamp.endswith("Z") else stamp[-6:])
    assert {"Z", "-05:00", "+01:00"} <= offsets


def test_every_valid_article_is_about_a_real_listed_company_it_names(
    valid: list[tuple[StreamRecord, dict[str, str]]],
) -> None:
    for r, article in valid:
        assert r.companies, r.seq
        text = html.unescape(f"{article['headline']} {article['body']}")
        for ticker in r.companies:
            company = BY_TICKER[ticker]
            named = any(name in text for name in company.names)
            tagged = f"${company.cashtag}" in text or any(tag in text for tag in company.tags)
            assert named or tagged, (r.seq, ticker)


def test_at_least_fifty_distinct_companies_appear(
    valid: list[tuple[StreamRecord, dict[str, str]]], manifest: dict[str, Any]
) -> None:
    companies = {t for r, _ in valid for t in r.companies}
    assert len(companies) >= 50
    assert manifest["stream"]["companies"] == len(companies)
    assert {c["ticker"] for c in manifest["companies"]} == companies


def test_every_company_is_in_the_pytickersymbols_universe(universe: list[dict[str, Any]]) -> None:
    symbols = {s.get("symbol") for s in universe}
    assert len(COMPANIES) >= 60
    assert [c.symbol for c in COMPANIES if c.symbol not in symbols] == []
    assert len({c.ticker for c in COMPANIES}) == len(COMPANIES)


def test_valid_articles_are_unique_by_canonical_url_headline_and_body(
    valid: list[tuple[StreamRecord, dict[str, str]]],
) -> None:
    for canonical in CANONICALISERS:
        assert len({canonical(a["url"]) for _, a in valid}) == len(valid)
    assert len({a["headline"] for _, a in valid}) == len(valid)
    assert len({a["body"] for _, a in valid}) == len(valid)


def test_duplicates_resend_an_earlier_article_under_the_same_canonical_url(
    records: list[StreamRecord],
) -> None:
    by_seq = {r.seq: r for r in records}
    variants: Counter[str | None] = Counter()
    for dup in (r for r in records if r.kind == DUPLICATE):
        original = by_seq[dup.duplicate_of or 0]
        assert original.kind == VALID and original.seq < dup.seq, dup.seq
        first, again = json.loads(original.data), json.loads(dup.data)
        assert {k: v for k, v in first.items() if k != "url"} == {
            k: v for k, v in again.items() if k != "url"
        }
        for canonical in CANONICALISERS:
            assert canonical(again["url"]) == canonical(first["url"]), dup.seq
        assert (dup.data == original.data) == (dup.variant == "exact"), dup.seq
        variants[dup.variant] += 1
    assert variants["exact"] >= 5
    url_variants = {"utm_params", "fragment", "upper_host", "trailing_slash"}
    assert url_variants <= set(variants)


# ---------------------------------------------------------------- the bulk file


def test_bulk_file_counts_match_the_manifest(manifest: dict[str, Any]) -> None:
    lines = _bulk_lines()
    assert lines[-1] == b"", "the file ends with a newline"
    physical = lines[:-1]
    blank = [line for line in physical if not line.strip()]
    bulk = manifest["bulk"]
    assert 250 <= bulk["lines"] <= 350
    assert bulk["physical_lines"] == len(physical)
    assert bulk["blank_lines"] == len(blank) >= 1
    assert bulk["lines"] == len(physical) - len(blank) == bulk["valid"] + bulk["malformed"]
    assert bulk["malformed"] >= 8
    assert sum(bulk["malformed_by_reason"].values()) == bulk["malformed"]
    non_utf8 = []
    for line in physical:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            non_utf8.append(line)
    assert len(non_utf8) == bulk["malformed_by_reason"]["invalid_encoding"] >= 1


def test_bulk_articles_never_repeat_a_stream_article(records: list[StreamRecord]) -> None:
    stream_urls = {
        urls.canonical_url(json.loads(r.data)["url"]) for r in records if r.kind == VALID
    }
    bulk_urls = []
    for line in _bulk_lines():
        try:
            article = json.loads(line)
        except ValueError:
            continue
        if isinstance(article, dict) and isinstance(article.get("url"), str):
            bulk_urls.append(article["url"])
    canonical = [urls.canonical_url(u) for u in bulk_urls if u.startswith("https://")]
    assert len(set(canonical)) == len(canonical)
    assert not stream_urls & set(canonical)


# ---------------------------------------------------------------- against the validator


def test_every_stream_record_gets_the_outcome_its_envelope_promises(
    records: list[StreamRecord],
) -> None:
    ids: dict[int, str] = {}
    for r in records:
        try:
            article = validation.parse_article(r.data)
        except validation.ValidationError as exc:
            assert (r.kind, exc.reason) == (MALFORMED, r.reason), r.seq
            continue
        assert r.kind != MALFORMED, (r.seq, r.reason)
        if r.kind == VALID:
            ids[r.seq] = article.article_id
        else:
            assert article.article_id == ids[r.duplicate_of or 0], r.seq
    assert len(set(ids.values())) == len(ids)


def test_every_bulk_line_gets_the_outcome_the_manifest_counts(manifest: dict[str, Any]) -> None:
    outcomes: Counter[str] = Counter()
    for line in _bulk_lines():
        if not line.strip():
            continue
        try:
            validation.parse_article(line)
            outcomes["valid"] += 1
        except validation.ValidationError as exc:
            outcomes[exc.reason] += 1
    bulk = manifest["bulk"]
    assert outcomes.pop("valid") == bulk["valid"]
    assert dict(outcomes) == bulk["malformed_by_reason"]


# ---------------------------------------------------------------- hygiene


def test_invented_people_share_no_word_with_a_listed_company_name(
    universe: list[dict[str, Any]],
) -> None:
    words = {
        w.lower() for stock in universe for w in re.findall(r"[A-Za-z][A-Za-z'-]+", stock["name"])
    }
    names = people.FIRST_NAMES + people.LAST_NAMES
    assert [n for n in names if n.lower() in words] == []


def test_sample_files_stay_small() -> None:
    assert STREAM.stat().st_size < 3_000_000
    assert BULK.stat().st_size < 500_000
