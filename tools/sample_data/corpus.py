"""Writes the valid articles: picks a story kind, an outlet, a time, and composes the body."""

from __future__ import annotations

import html
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field

from sample_data import sources
from sample_data.articles import (
    COMPANY_TEMPLATES,
    MAX_WORDS,
    MIN_WORDS,
    PR_KINDS,
    Draft,
    Template,
)
from sample_data.companies import COMPANIES, Company
from sample_data.roundups import ROUNDUP_TEMPLATES
from sample_data.sources import Source, format_timestamp, pick_time, slugify
from sample_data.urls import canonical_url
from sample_data.writer import Desk, word_count

FIELDS = ("source", "url", "headline", "published_at", "body")

_STYLES: dict[str, tuple[tuple[str, ...], tuple[int, ...]]] = {
    "wire": (("plain", "formal", "tag"), (70, 25, 5)),
    "newsroom": (("plain", "formal", "tag"), (60, 25, 15)),
    "blog": (("tag", "cashtag", "plain"), (40, 35, 25)),
    "pr": (("tag",), (1,)),
}


@dataclass(frozen=True, slots=True)
class Article:
    record: dict[str, str]  # the five input fields, in FIELDS order
    companies: tuple[str, ...]  # tickers the story is about
    kind: str

    def to_json(self, *, sort_keys: bool = False, compact: bool = False) -> str:
        separators = (",", ":") if compact else (", ", ": ")
        return json.dumps(
            self.record, ensure_ascii=False, sort_keys=sort_keys, separators=separators
        )


@dataclass
class Registry:
    """What has been written so far, so no two articles share a canonical URL or a headline."""

    urls: set[str] = field(default_factory=set)
    headlines: set[str] = field(default_factory=set)
    bodies: set[str] = field(default_factory=set)

    def claim(self, article: Article) -> bool:
        url = canonical_url(article.record["url"])
        head, body = article.record["headline"], article.record["body"]
        if url in self.urls or head in self.headlines or body in self.bodies:
            return False
        self.urls.add(url)
        self.headlines.add(head)
        self.bodies.add(body)
        return True


def _target_words(rng: random.Random) -> int:
    band = rng.choices(((110, 170), (170, 380), (380, 580)), weights=(20, 55, 25))[0]
    return rng.randrange(*band)


def compose(desk: Desk, draft: Draft, target: int) -> str:
    """Core, then extras until the body reaches ``target`` words, then the closing."""
    paragraphs = [p for p in draft.core if p]
    closing = [p for p in draft.closing if p]
    if desk.source.credit:
        closing.append(desk.credit())
    for extra in draft.extra:
        if word_count(" ".join(paragraphs + closing)) >= target:
            break
        paragraphs.append(extra)
    while word_count(" ".join(paragraphs + closing)) > MAX_WORDS and len(paragraphs) > 1:
        paragraphs.pop()
    paragraphs += closing
    if desk.source.name == "Business Wire":
        # Business Wire feeds ship HTML; validation strips it.
        return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
    return "\n\n".join(paragraphs)


def _company_cycle(rng: random.Random) -> Iterator[Company]:
    """Every company in turn, reshuffled each round, so coverage is even."""
    while True:
        order = list(COMPANIES)
        rng.shuffle(order)
        yield from order


def _pick_kind(rng: random.Random) -> tuple[str, Template]:
    table = COMPANY_TEMPLATES + ROUNDUP_TEMPLATES
    kinds = [(k, t) for k, t, _ in table]
    return rng.choices(kinds, weights=[w for _, _, w in table])[0]


def _pick_source(rng: random.Random, kind: str) -> Source:
    if kind in PR_KINDS and rng.random() < 0.3:
        return rng.choice(sources.PR_SOURCES)
    return sources.pick_news_source(rng)


def write_article(
    rng: random.Random, seed: int, company: Company, day_weights: tuple[int, int, int]
) -> Article:
    kind, template = _pick_kind(rng)
    source = _pick_source(rng, kind)
    if kind == "week_ahead":
        day_weights = (0, 1, 1)  # a weekend piece
    when, offset = pick_time(rng, source, day_weights)
    styles, weights = _STYLES[source.kind]
    desk = Desk(rng, seed, source, when, rng.choices(styles, weights=weights)[0])
    draft: Draft = template(desk, company)
    body = compose(desk, draft, _target_words(rng))
    headline = desk.headline(draft.headline)
    record = {
        "source": source.name,
        "url": source.url(rng, slugify(headline), when),
        "headline": headline,
        "published_at": format_timestamp(when, offset, millis=source.millis),
        "body": body,
    }
    companies = tuple(dict.fromkeys(c.ticker for c in draft.companies))
    return Article(record, companies, draft.kind)


def write_articles(
    rng: random.Random,
    seed: int,
    count: int,
    registry: Registry,
    day_weights: tuple[int, int, int] = (55, 25, 20),
) -> list[Article]:
    companies = _company_cycle(rng)
    out: list[Article] = []
    company = next(companies)
    while len(out) < count:
        article = write_article(rng, seed, company, day_weights)
        words = word_count(article.record["body"])
        if MIN_WORDS <= words <= MAX_WORDS and registry.claim(article):
            out.append(article)
            company = next(companies)
    return out
