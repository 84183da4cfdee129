"""News sources: who publishes an article, how its URL looks and how it stamps time.

URL shapes imitate each outlet's real permalink scheme (slug, date path, numeric or hex id),
so canonicalisation and dedup see the variety they meet in production.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

# All timestamps fall within these days, in UTC and in the local offset they are written in.
FIRST_DAY = datetime(2026, 11, 20, tzinfo=UTC)
LAST_DAY_END = datetime(2026, 11, 23, tzinfo=UTC)

UrlBuilder = Callable[[random.Random, str, datetime], str]


def slugify(text: str, limit: int = 80) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-")


def _hex(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("0123456789abcdef") for _ in range(n))


def _digits(rng: random.Random, n: int) -> str:
    return str(rng.randrange(10 ** (n - 1), 10**n))


def _reuters(rng: random.Random, slug: str, when: datetime) -> str:
    section = rng.choice(("business", "markets/us", "technology", "markets/europe", "business"))
    return f"https://www.reuters.com/{section}/{slug}-{when:%Y-%m-%d}/"


def _bloomberg(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.bloomberg.com/news/articles/{when:%Y-%m-%d}/{slug}"


def _wsj(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.wsj.com/business/{slug}-{_hex(rng, 8)}"


def _ft(rng: random.Random, slug: str, when: datetime) -> str:
    u = _hex(rng, 32)
    return f"https://www.ft.com/content/{u[:8]}-{u[8:12]}-{u[12:16]}-{u[16:20]}-{u[20:]}"


def _cnbc(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.cnbc.com/{when:%Y/%m/%d}/{slug}.html"


def _marketwatch(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.marketwatch.com/story/{slug}-{_hex(rng, 8)}?mod=mw_latestnews"


def _barrons(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.barrons.com/articles/{slug}-{_hex(rng, 8)}"


def _ap(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://apnews.com/article/{slug[:60].rstrip('-')}-{_hex(rng, 32)}"


def _businesswire(rng: random.Random, slug: str, when: datetime) -> str:
    title = "-".join(w.capitalize() for w in slug.split("-"))
    return f"https://www.businesswire.com/news/home/{when:%Y%m%d}{_digits(rng, 6)}/en/{title}"


def _prnewswire(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.prnewswire.com/news-releases/{slug}-30{_digits(rng, 7)}.html"


def _globenewswire(rng: random.Random, slug: str, when: datetime) -> str:
    title = "-".join(w.capitalize() for w in slug.split("-"))
    return (
        f"https://www.globenewswire.com/news-release/{when:%Y/%m/%d}/{_digits(rng, 7)}/0/en/"
        f"{title}.html"
    )


def _benzinga(rng: random.Random, slug: str, when: datetime) -> str:
    section = rng.choice(("news/earnings", "analyst-ratings", "markets", "news"))
    return f"https://www.benzinga.com/{section}/{when:%y/%m}/{_digits(rng, 8)}/{slug}"


def _seekingalpha(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://seekingalpha.com/news/{_digits(rng, 7)}-{slug}"


def _yahoo(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://finance.yahoo.com/news/{slug[:60].rstrip('-')}-{_digits(rng, 9)}.html"


def _investing(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.investing.com/news/stock-market-news/{slug}-{_digits(rng, 7)}"


def _thestreet(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.thestreet.com/investing/stocks/{slug}"


def _zacks(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.zacks.com/stock/news/{_digits(rng, 7)}/{slug}"


def _fool(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.fool.com/investing/{when:%Y/%m/%d}/{slug}/"


def _nikkei(rng: random.Random, slug: str, when: datetime) -> str:
    title = "-".join(w.capitalize() for w in slug.split("-"))
    section = rng.choice(("Business/Companies", "Business/Tech", "Business/Markets"))
    return f"https://asia.nikkei.com/{section}/{title}"


def _morningstar(rng: random.Random, slug: str, when: datetime) -> str:
    return f"https://www.morningstar.com/stocks/{slug}"


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    kind: str  # "wire", "newsroom", "pr" (company press release), "blog"
    url: UrlBuilder
    offsets: tuple[str, ...]  # how it writes the UTC offset: "Z" or "+HH:MM"
    title_case: bool = False
    credit: bool = False  # appends a "(Reporting by ...)" line, wire style
    millis: bool = False  # writes fractional seconds


_US = ("-05:00",)
SOURCES: tuple[Source, ...] = (
    Source("Reuters", "wire", _reuters, ("Z",), credit=True),
    Source("Bloomberg", "wire", _bloomberg, ("Z",)),
    Source("The Wall Street Journal", "newsroom", _wsj, _US),
    Source("Financial Times", "newsroom", _ft, ("Z", "+00:00")),
    Source("CNBC", "newsroom", _cnbc, _US),
    Source("MarketWatch", "newsroom", _marketwatch, _US, title_case=True),
    Source("Barron's", "newsroom", _barrons, _US, title_case=True),
    Source("Associated Press", "wire", _ap, ("Z", "-05:00")),
    Source("Business Wire", "pr", _businesswire, ("-05:00", "-08:00")),
    Source("PR Newswire", "pr", _prnewswire, ("-05:00", "-06:00")),
    Source("GlobeNewswire", "pr", _globenewswire, ("-05:00", "+01:00")),
    Source("Benzinga", "blog", _benzinga, ("Z",), title_case=True, millis=True),
    Source("Seeking Alpha", "blog", _seekingalpha, ("-05:00",)),
    Source("Yahoo Finance", "newsroom", _yahoo, ("Z",), title_case=True),
    Source("Investing.com", "blog", _investing, ("Z", "+00:00")),
    Source("TheStreet", "blog", _thestreet, _US, title_case=True),
    Source("Zacks Equity Research", "blog", _zacks, ("-06:00",), title_case=True),
    Source("The Motley Fool", "blog", _fool, _US, title_case=True),
    Source("Nikkei Asia", "newsroom", _nikkei, ("+09:00",)),
    Source("Morningstar", "blog", _morningstar, ("-06:00",), title_case=True),
)
NEWS_SOURCES = tuple(s for s in SOURCES if s.kind != "pr")
PR_SOURCES = tuple(s for s in SOURCES if s.kind == "pr")
# Reuters and Bloomberg dominate real financial wires; weight them so.
NEWS_WEIGHTS = tuple(
    4 if s.kind == "wire" else 2 if s.kind == "newsroom" else 1 for s in NEWS_SOURCES
)


def pick_news_source(rng: random.Random) -> Source:
    return rng.choices(NEWS_SOURCES, weights=NEWS_WEIGHTS)[0]


def _parse_offset(text: str) -> timezone:
    if text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    hours, minutes = int(text[1:3]), int(text[4:6])
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def pick_time(
    rng: random.Random, source: Source, day_weights: tuple[int, int, int] = (55, 25, 20)
) -> tuple[datetime, str]:
    """A local publication time and the offset text to write it with.

    Friday carries most of the news. Both the local and the UTC date stay within the three
    sample days, so no reading of "published on 20-22 November" can fail.
    """
    first_hour, last_hour = (0, 23) if source.kind == "wire" else (6, 21)
    while True:
        offset = rng.choice(source.offsets)
        day = rng.choices((0, 1, 2), weights=day_weights)[0]
        seconds = rng.randrange(first_hour * 3600, (last_hour + 1) * 3600)
        naive = FIRST_DAY.replace(tzinfo=None) + timedelta(days=day, seconds=seconds)
        local = naive.replace(tzinfo=_parse_offset(offset))
        if FIRST_DAY <= local < LAST_DAY_END:
            return local, offset


def format_timestamp(local: datetime, offset: str, *, millis: bool = False) -> str:
    text = local.isoformat(timespec="milliseconds" if millis else "seconds")
    return text.removesuffix("+00:00") + "Z" if offset == "Z" else text
