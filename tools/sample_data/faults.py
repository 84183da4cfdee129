"""Bad input, made on purpose: malformed records for every rejection reason, and re-sends.

Each malformed record has exactly one defect, so the reason validation must give is not a
matter of which check runs first. Builders start from a spare, otherwise valid article (its
URL is used nowhere else) and break one thing the way real vendors break it.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sample_data.companies import BY_TICKER
from sample_data.corpus import Article
from sample_data.people import BROKERS, person
from sample_data.urls import URL_VARIANTS, canonical_url

BODY_LIMIT_CHARS = 100_000
HEADLINE_LIMIT_CHARS = 300


@dataclass(frozen=True, slots=True)
class Fault:
    reason: str  # the stable code validation must report
    data: bytes


Builder = Callable[[Article, random.Random], bytes]


def _dumps(record: object) -> str:
    return json.dumps(record, ensure_ascii=False)


def _without(field: str) -> Builder:
    def build(a: Article, rng: random.Random) -> bytes:
        return _dumps({k: v for k, v in a.record.items() if k != field}).encode()

    return build


def _with(field: str, value: object) -> Builder:
    def build(a: Article, rng: random.Random) -> bytes:
        return _dumps({**a.record, field: value}).encode()

    return build


# ---------------------------------------------------------------- encoding


def _cp1252(a: Article, rng: random.Random) -> bytes:
    """Word-processor quotes and dashes, sent in Windows-1252 instead of UTF-8."""
    body = a.record["body"].replace('\n"', "\n\u201c").replace(' "', " \u201c")
    body = body.replace('" ', "\u201d ")
    body = body.replace('."', ".\u201d").replace(',"', ",\u201d").replace(" - ", " \u2014 ")
    return _dumps({**a.record, "body": body}).encode("cp1252", errors="replace")


def _latin1(a: Article, rng: random.Random) -> bytes:
    """A French desk's feed in ISO-8859-1."""
    record = {**a.record, "source": "Les \u00c9chos"}
    return _dumps(record).encode("latin-1", errors="replace")


def _cut_multibyte(a: Article, rng: random.Random) -> bytes:
    """A vendor that truncates fields by bytes: a three-byte character loses its last byte."""
    record = {**a.record, "headline": a.record["headline"] + " \u2014 update"}
    data = _dumps(record).encode()
    dash = "\u2014".encode()
    at = data.index(dash)
    return data[: at + 2] + data[at + 3 :]


# ---------------------------------------------------------------- JSON


def _truncated(fraction: float) -> Builder:
    def build(a: Article, rng: random.Random) -> bytes:
        text = _dumps(a.record)
        return text[: int(len(text) * fraction)].encode()

    return build


def _cut_in_timestamp(a: Article, rng: random.Random) -> bytes:
    text = _dumps(a.record)
    at = text.index('"published_at": "') + len('"published_at": "') + 9
    return text[:at].encode()


def _python_repr(a: Article, rng: random.Random) -> bytes:
    """A producer that wrote ``str(dict)`` instead of ``json.dumps``."""
    return repr(dict(a.record)).encode()


def _trailing_comma(a: Article, rng: random.Random) -> bytes:
    return (_dumps(a.record)[:-1] + ", }").encode()


# ---------------------------------------------------------------- shape and fields


def _as_array(a: Article, rng: random.Random) -> bytes:
    """A whole page of results sent as one record."""
    return _dumps([a.record]).encode()


def _as_string(a: Article, rng: random.Random) -> bytes:
    return _dumps(a.record["headline"]).encode()


def _as_number(a: Article, rng: random.Random) -> bytes:
    return b"404"


def _short_body(text: str) -> Builder:
    def build(a: Article, rng: random.Random) -> bytes:
        company = BY_TICKER[a.companies[0]].press
        return _dumps({**a.record, "body": text.format(co=company)}).encode()

    return build


def _long_headline(a: Article, rng: random.Random) -> bytes:
    """The lead paragraph pasted into the headline field."""
    headline = a.record["headline"]
    for paragraph in a.record["body"].split("\n"):
        if len(headline) > HEADLINE_LIMIT_CHARS + 20:
            break
        if paragraph.strip():
            headline = f"{headline} - {paragraph.strip()}"
    assert len(headline) > HEADLINE_LIMIT_CHARS, "spare article too short for the headline"
    return _dumps({**a.record, "headline": headline}).encode()


def _transcript(a: Article, rng: random.Random) -> bytes:
    """A full earnings-call transcript sent as one article: over the body limit."""
    executive, operator = person(rng), person(rng)
    lines = [f"Operator: Good afternoon, and welcome to the conference call. I am {operator}."]
    while sum(len(line) + 1 for line in lines) < BODY_LIMIT_CHARS + 1500:
        analyst, firm = person(rng), rng.choice(BROKERS)
        lines.append(f"Operator: Our next question comes from {analyst} with {firm}.")
        lines.append(
            f"{analyst}: Thanks for taking my question. Could you talk about demand trends "
            f"into the {rng.choice(('first', 'second'))} quarter, and how you are thinking "
            f"about margins given the {rng.randrange(2, 9)}% price increase you mentioned?"
        )
        lines.append(
            f"{executive}: Sure. We saw healthy demand across our largest regions, and order "
            f"rates improved through the quarter. On margins, we expect about "
            f"{rng.randrange(20, 160)} basis points of expansion as pricing flows through, "
            "partly offset by investment in capacity and in our sales force."
        )
    body = " ".join(lines)
    assert len(body) > BODY_LIMIT_CHARS
    return _dumps({**a.record, "body": body}).encode()


# Reason -> builders; the stream uses all of them, the bulk file one line per entry of
# BULK_FAULTS.
STREAM_FAULTS: tuple[tuple[str, Builder], ...] = (
    ("invalid_encoding", _cp1252),
    ("invalid_encoding", _latin1),
    ("invalid_encoding", _cut_multibyte),
    ("invalid_json", _truncated(0.6)),
    ("invalid_json", _cut_in_timestamp),
    ("invalid_json", _python_repr),
    ("invalid_json", _trailing_comma),
    ("not_an_object", _as_array),
    ("not_an_object", _as_string),
    ("not_an_object", _as_number),
    ("missing_field:source", _without("source")),
    ("missing_field:url", _without("url")),
    ("missing_field:headline", _without("headline")),
    ("missing_field:body", _without("body")),
    ("missing_field:published_at", _without("published_at")),
    ("missing_field:body", _without("body")),
    ("missing_field:url", _without("url")),
    ("invalid_field:source", _with("source", {"name": "Reuters", "id": "reuters"})),
    ("invalid_field:headline", _with("headline", {"en": "Markets wrap: stocks edge higher"})),
    (
        "invalid_field:body",
        _with(
            "body",
            [
                "Stocks edged higher on Friday as investors weighed fresh data on inflation.",
                "The S&P 500 rose 0.4% and the Nasdaq Composite added 0.6% by midday.",
            ],
        ),
    ),
    ("invalid_url", _with("url", "not a url")),
    ("invalid_url", _with("url", "ftp://ftp.newswire-archive.com/2026/11/20/story-4471.txt")),
    ("invalid_url", _with("url", "www.reuters.com/markets/us/stocks-edge-higher-2026-11-20/")),
    ("invalid_timestamp", _with("published_at", "yesterday")),
    ("invalid_timestamp", _with("published_at", "2026-11-31T25:61:00Z")),
    ("invalid_timestamp", _with("published_at", "20/11/2026 14:30")),
    ("body_too_short", _short_body("Developing story. More to follow.")),
    ("body_too_short", _short_body("<p>BREAKING: {co} shares halted pending news.</p>")),
    ("body_too_short", _short_body("{co} will report results on Tuesday. Details to come.")),
    ("body_too_long", _transcript),
    ("headline_too_long", _long_headline),
    ("headline_too_long", _long_headline),
)

BULK_FAULTS: tuple[tuple[str, Builder], ...] = (
    ("invalid_encoding", _latin1),
    ("invalid_json", _truncated(0.45)),
    ("invalid_json", _python_repr),
    ("not_an_object", _as_array),
    ("missing_field:url", _without("url")),
    ("missing_field:published_at", _without("published_at")),
    ("invalid_url", _with("url", "not a url")),
    ("invalid_timestamp", _with("published_at", "2026-11-22 25:00")),
    ("body_too_short", _short_body("Story to follow.")),
    ("headline_too_long", _long_headline),
)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _latin1_safe(a: Article) -> bool:
    try:
        _dumps(a.record).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _fits(reason: str, builder: Builder, a: Article) -> bool:
    """Whether a spare article can carry this defect and nothing else."""
    if builder is _latin1:
        return _latin1_safe(a)
    if builder is _cp1252:
        return '"' in a.record["body"] and _latin1_safe(a)
    if builder is _long_headline:
        body = a.record["body"]
        return not body.startswith("<p>") and len(a.record["headline"]) + len(body) > 600
    return True


def build_faults(
    plan: Sequence[tuple[str, Builder]], spares: list[Article], rng: random.Random
) -> list[Fault]:
    """One malformed record per plan entry, each from its own spare article."""
    faults = []
    pool = list(spares)
    for reason, builder in plan:
        spare = next(a for a in pool if _fits(reason, builder, a))
        pool.remove(spare)
        data = builder(spare, rng)
        assert (reason == "invalid_encoding") != _is_utf8(data), reason
        faults.append(Fault(reason, data))
    return faults


# ---------------------------------------------------------------- duplicates

DUPLICATE_PLAN: tuple[tuple[str, int], ...] = (
    ("exact", 12),
    ("reserialized", 3),
    ("utm_params", 4),
    ("utm_newsletter", 2),
    ("gclid", 1),
    ("fbclid", 1),
    ("mailchimp", 1),
    ("fragment", 3),
    ("upper_host", 3),
    ("trailing_slash", 3),
    ("default_port", 2),
    ("combined", 2),
)


def resend(article: Article, variant: str) -> bytes:
    """The same article sent again: same canonical URL, so the same ``article_id``."""
    if variant == "exact":
        return article.to_json().encode()
    if variant == "reserialized":
        return article.to_json(sort_keys=True, compact=True).encode()
    url = URL_VARIANTS[variant](article.record["url"])
    assert url != article.record["url"]
    assert canonical_url(url) == canonical_url(article.record["url"]), variant
    return _dumps({**article.record, "url": url}).encode()
