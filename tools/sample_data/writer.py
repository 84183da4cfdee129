"""The newsroom's shared toolkit: mentions, numbers, datelines and the pieces every story uses.

A ``Desk`` is one article being written: the random stream, the source, the publication time
and how this outlet names companies. Templates in ``articles`` ask it for phrases.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sample_data import banks, people
from sample_data.companies import Company
from sample_data.sources import Source

EXCHANGE_CITY: dict[str, str] = {
    "NASDAQ": "New York",
    "NYSE": "New York",
    "XETRA": "Frankfurt",
    "Euronext Amsterdam": "Amsterdam",
    "Euronext Paris": "Paris",
    "SIX Swiss Exchange": "Zurich",
    "London Stock Exchange": "London",
    "Tokyo Stock Exchange": "Tokyo",
}

FISCAL_QUARTER: dict[str, str] = {
    "NVDA": "fiscal third-quarter",
    "WMT": "fiscal third-quarter",
    "HD": "fiscal third-quarter",
    "CRM": "fiscal third-quarter",
    "CSCO": "fiscal first-quarter",
    "COST": "fiscal first-quarter",
    "MU": "fiscal first-quarter",
    "MSFT": "fiscal first-quarter",
    "ORCL": "fiscal second-quarter",
    "NKE": "fiscal second-quarter",
    "7203": "fiscal second-quarter",
    "ADBE": "fiscal fourth-quarter",
    "AAPL": "fiscal fourth-quarter",
    "SBUX": "fiscal fourth-quarter",
    "DIS": "fiscal fourth-quarter",
    "QCOM": "fiscal fourth-quarter",
    "AVGO": "fiscal fourth-quarter",
}

_SMALL_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "as",
        "at",
        "but",
        "by",
        "for",
        "from",
        "in",
        "into",
        "of",
        "on",
        "or",
        "over",
        "the",
        "to",
        "up",
        "via",
        "vs",
        "with",
    ]
)


def title_case(text: str) -> str:
    """Headline case that leaves tickers, brands and numbers alone."""
    words = text.split(" ")
    out = []
    for i, word in enumerate(words):
        keep = not word[:1].isalpha() or any(ch.isupper() for ch in word)
        if keep or (i > 0 and word in _SMALL_WORDS):
            out.append(word)
        else:
            out.append(word[0].upper() + word[1:])
    return " ".join(out)


def word_count(text: str) -> int:
    return len(re.sub(r"<[^>]+>", " ", text).split())


def money(ccy: str, billions: float) -> str:
    if abs(billions) >= 1000:
        return f"{ccy}{billions / 1000:.2f} trillion"
    if abs(billions) >= 1:
        return f"{ccy}{billions:.1f} billion" if billions < 100 else f"{ccy}{billions:.0f} billion"
    return f"{ccy}{billions * 1000:.0f} million"


def price(c: Company, value: float) -> str:
    if c.px_ccy == "p":
        return f"{value:,.0f} pence"
    if c.px_ccy == "¥":
        return f"¥{value:,.0f}"
    return f"{c.px_ccy}{value:,.2f}"


def per_share(c: Company, value: float) -> str:
    ccy = "$" if c.ccy == "¥" else c.ccy
    if ccy == "$" and abs(value) < 1:
        return f"{abs(value) * 100:.0f} cents"
    return f"{ccy}{abs(value):.2f}"


def pct(value: float) -> str:
    return f"{abs(value):.1f}"


def an(text: str) -> str:
    """The article English reads before ``text`` ("an 8.4% rise", "a $1.2 billion deal")."""
    bare = text.lstrip("$€£¥")
    if bare[:1].upper() in "AEIOU" and bare[:1]:
        return "an"
    digits = bare.split(".")[0].replace(",", "")
    if digits.startswith("8") or (len(digits) in (2, 5) and digits[:2] in ("11", "18")):
        return "an"
    return "a"


def possessive(name: str) -> str:
    """ "General Motors'" but "Apple's"; a trailing "(NYSE: GM)" tag stays after it."""
    base, sep, tag = name.partition(" (")
    owned = f"{base}'" if base.endswith("s") else f"{base}'s"
    return f"{owned}{sep}{tag}"


def sentence(text: str) -> str:
    return text[0].upper() + text[1:] if text else text


@dataclass
class Desk:
    rng: random.Random
    seed: int
    source: Source
    when: datetime  # local publication time
    style: str  # "plain", "formal", "tag" or "cashtag": how the first mention reads
    _mentioned: set[str] = field(default_factory=set)
    _firms: set[str] = field(default_factory=set)
    _quotes: set[str] = field(default_factory=set)

    # ---------------------------------------------------------------- time words
    @property
    def weekend(self) -> bool:
        return self.when.weekday() >= 5

    @property
    def day(self) -> str:
        return self.when.strftime("%A")

    @property
    def last_session(self) -> str:
        return "Friday" if self.weekend else self.day

    @property
    def prior_day(self) -> str:
        return "Thursday"

    def report_day(self) -> str:
        if self.source.kind == "pr":
            return "today"
        if self.weekend:
            return self.rng.choice(("on Thursday", "this week", "late on Thursday"))
        return self.rng.choice(("on Friday", "late on Thursday", "on Thursday after the bell"))

    # ---------------------------------------------------------------- names
    def descriptor(self, c: Company) -> str:
        nickname = banks.NICKNAMES.get(c.ticker)
        if nickname and self.rng.random() < 0.6:
            return nickname
        return self.rng.choice(banks.DESCRIPTORS[c.sector])

    def formal(self, c: Company) -> str:
        return c.name.removeprefix("The ")

    def name(self, c: Company) -> str:
        """A later mention: the press name, now and then an alias."""
        if c.aliases and self.rng.random() < 0.3:
            return self.rng.choice(c.aliases)
        return c.press

    def first(self, c: Company) -> str:
        """The first mention of a company, in this outlet's style; later calls use ``name``."""
        if c.ticker in self._mentioned:
            return self.name(c)
        self._mentioned.add(c.ticker)
        if self.style == "formal":
            return self.formal(c)
        if self.style == "tag":
            return f"{self.formal(c)} ({self.rng.choice(c.tags)})"
        if self.style == "cashtag":
            return f"{c.press} (${c.cashtag})"
        return c.press

    def headline_name(self, c: Company) -> str:
        if self.style == "cashtag" and self.rng.random() < 0.5:
            return f"${c.cashtag}"
        return self.name(c)

    def headline(self, text: str) -> str:
        text = sentence(text)
        return title_case(text) if self.source.title_case else text

    def executive(self, c: Company, title: str | None = None) -> tuple[str, str]:
        """(title, name) of an invented executive; one person per company and title."""
        title = title or self.rng.choice(people.EXEC_TITLES)
        return title, people.person(random.Random(f"{self.seed}:{c.ticker}:{title}"))

    def analyst(self, about: Company | None = None) -> tuple[str, str]:
        """(firm, analyst): a brokerage not yet quoted in this story, never the subject."""
        taken = self._firms | set(about.names if about else ())
        firm = self.rng.choice([b for b in people.BROKERS if b not in taken])
        self._firms.add(firm)
        return firm, people.person(self.rng)

    # ---------------------------------------------------------------- numbers
    def fill(self, c: Company, **extra: Any) -> dict[str, Any]:
        """Every placeholder the sentence banks use, drawn fresh for this company."""
        rng = self.rng
        seg, seg2 = rng.sample(c.segments, 2) if len(c.segments) > 1 else (c.segments[0],) * 2
        values: dict[str, Any] = {
            "co": self.name(c),
            "desc": self.descriptor(c),
            "seg": seg,
            "seg2": seg2,
            "prod": rng.choice(c.products),
            "pct": pct(rng.uniform(6, 38)),
            "pct2": pct(rng.uniform(4, 30)),
            "npct": pct(rng.uniform(3, 19)),
            "npct2": pct(rng.uniform(2, 25)),
            "small_pct": pct(rng.uniform(0.8, 6.5)),
            "small_pct2": pct(rng.uniform(0.5, 4.0)),
            "bps": rng.choice((30, 40, 60, 80, 90, 120, 150, 210)),
            "margin": pct(rng.uniform(18, 75)),
            "roe": pct(rng.uniform(12, 22)),
            "mcr": pct(rng.uniform(83, 90)),
            "mcr2": pct(rng.uniform(83, 90)),
            "users": f"{rng.uniform(2.9, 3.6):.2f}",
            "subs": f"{rng.uniform(1.1, 9.8):.1f}",
            "subs_k": f"{rng.randrange(120, 640):,}",
            "churn": f"{rng.uniform(0.78, 1.05):.2f}",
            "boe": f"{rng.uniform(2.9, 4.9):.2f}",
            "units": f"{rng.randrange(180, 2400) * 1000:,}",
            "amt": money(c.ccy, c.revenue * rng.uniform(0.08, 0.45)),
            "amt2": money(c.ccy, c.revenue * rng.uniform(0.05, 0.2)),
            "amt_big": money(c.ccy, c.revenue * rng.uniform(2.5, 6.0)),
            "charge": money(c.ccy, c.revenue * rng.uniform(0.01, 0.07)),
        }
        values.update(extra)
        return values

    def move(self, positive: bool, lo: float = 0.6, hi: float = 9.5) -> float:
        size = self.rng.uniform(lo, hi)
        return size if positive else -size

    def reaction(self, c: Company, change: float) -> str:
        """How the stock traded, worded for when the story runs; press releases never say."""
        if self.source.kind == "pr":
            return ""
        rng = self.rng
        up = change > 0
        level = price(c, c.price * (1 + change / 100))
        city = EXCHANGE_CITY[c.exchange]
        big = abs(change) >= 5
        verb = ("jumped" if big else "rose") if up else ("tumbled" if big else "fell")
        if self.weekend:
            return (
                f"Shares of {self.name(c)} closed {'up' if up else 'down'} {pct(change)}% at "
                f"{level} in {city} on Friday."
            )
        return rng.choice(
            (
                f"Shares {verb} {pct(change)}% to {level} in {city} trading.",
                f"The stock {verb} {pct(change)}% to {level} in morning trading.",
                f"Shares of {self.name(c)} were {'up' if up else 'down'} {pct(change)}% at "
                f"{level} by midday.",
                f"{self.name(c)} shares {verb} {pct(change)}% in premarket trading, "
                f"indicating an open near {level}.",
            )
        )

    # ---------------------------------------------------------------- shared paragraphs
    def _fresh(self, bank: tuple[str, ...]) -> str:
        """A quote nobody has said yet in this story."""
        unused = [q for q in bank if q not in self._quotes] or list(bank)
        quote = self.rng.choice(unused)
        self._quotes.add(quote)
        return quote

    def exec_quote(self, c: Company, topic: str, positive: bool = True) -> str:
        title, who = self.executive(c)
        results = topic in ("results", "guidance")
        key = ("results+" if positive else "results-") if results else topic
        quote = self._fresh(banks.EXEC_QUOTES[key]).format(**self.fill(c))
        where = self.rng.choice(("in a statement", "on a call with analysts", "in an interview"))
        if self.source.kind == "pr":
            where = "in the announcement"
        return f'"{quote}," {title} {who} said {where}.'

    def analyst_quote(self, c: Company, topic: str, positive: bool) -> str:
        firm, who = self.analyst(c)
        kind = "results" if topic == "results" else "general"
        quote = self._fresh(banks.ANALYST_QUOTES[f"{kind}{'+' if positive else '-'}"])
        return f'"{quote.format(**self.fill(c))}," said {who}, an analyst at {firm}.'

    def context(self, c: Company) -> str:
        return self.rng.choice(banks.CONTEXT[c.sector])

    def background(self, c: Company) -> str:
        city, _, region = c.dateline.partition(", ")
        where = city.title() + (f", {region}" if region else "")
        segs = ", ".join(c.segments[:-1]) + f" and {c.segments[-1]}"
        return (
            f"Based in {where}, {self.name(c)} is {banks.SECTOR_ABOUT[c.sector]}; its main "
            f"businesses are {segs}. Its shares trade on the {c.exchange} under the symbol "
            f"{c.ticker}."
        )

    def calendar(self, c: Company) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return (
                f"{self.name(c)} is due to hold an investor day on Dec. {rng.randrange(1, 12)}, "
                f"when executives are expected to update medium-term targets for "
                f"{rng.choice(c.segments)}."
            )
        month = rng.choice(("late January", "early February", "mid-February"))
        return f"The company is next scheduled to report quarterly results in {month}."

    def volume(self) -> str:
        rng = self.rng
        times = f"{rng.uniform(1.3, 4.5):.1f}"
        when = "on Friday" if self.weekend else "by late morning"
        return f"Trading volume {when} was about {times} times the 30-day average."

    def risks(self, c: Company) -> str:
        first, second = self.rng.sample(banks.NEG_DRIVERS[c.sector], 2)
        return f"Analysts flag {first} and {second} as the main risks to the outlook."

    def history(self, c: Company) -> str:
        rng = self.rng
        then = rng.uniform(8, 30)
        now = then * rng.uniform(0.8, 1.3)
        return (
            f"Over the past five years, {self.name(c)} has grown revenue at an average annual "
            f"rate of about {pct(rng.uniform(1, 24))}%, while its operating margin has "
            f"{'widened' if now > then else 'narrowed'} from {pct(then)}% to {pct(now)}%."
        )

    def strategy(self, c: Company) -> str:
        rng = self.rng
        first, second = rng.sample(c.segments, 2) if len(c.segments) > 1 else (c.segments * 2)
        return (
            f"Management has been steering investment toward {first} and {second}, which "
            f"together account for roughly {rng.randrange(35, 80)}% of sales, while trimming "
            "spending on slower-growing lines."
        )

    def plans(self, c: Company) -> str:
        title, who = self.executive(c, "Chief Financial Officer")
        plan = self.rng.choice(
            (
                "keep investing through the cycle",
                "hold capital spending roughly flat next year",
                "give more detail on its targets early next year",
                "prioritize debt reduction before larger acquisitions",
                "keep returning most of its free cash flow to shareholders",
            )
        )
        return f"{title} {who} added that the company plans to {plan}."

    def dissent(self, c: Company, positive: bool) -> str:
        """The other side, which balanced coverage quotes."""
        firm, who = self.analyst(c)
        bank = banks.ANALYST_QUOTES["general-" if positive else "general+"]
        quote = self._fresh(bank).format(**self.fill(c))
        lead = "Not everyone is convinced." if positive else "Some see an opportunity."
        return f'{lead} "{quote}," said {who} of {firm}.'

    def ratings(self, c: Company) -> str:
        rng = self.rng
        n = rng.randrange(18, 62)
        buy = rng.randrange(n // 3, n - 2)
        sell = rng.randrange(0, max(1, (n - buy) // 3))
        hold = n - buy - sell
        target = price(c, c.price * rng.uniform(1.02, 1.3))
        return (
            f"Of the {n} analysts who cover {self.name(c)}, {buy} rate the stock buy or higher, "
            f"{hold} hold and {sell} sell, and their median price target is {target}."
        )

    def ytd(self, c: Company) -> str:
        rng = self.rng
        change = rng.uniform(-28, 55)
        index = rng.choice(("S&P 500", "Nasdaq Composite", "Stoxx 600 index", "Dow"))
        index_change = pct(rng.uniform(4, 19))
        return (
            f"The stock had {'gained' if change > 0 else 'lost'} {pct(change)}% this year "
            f"through {self.prior_day if not self.weekend else 'Friday'}, compared with "
            f"{an(index_change)} {index_change}% rise in the {index}."
        )

    def valuation(self, c: Company) -> str:
        rng = self.rng
        pe = rng.uniform(9, 45)
        peer = pe * rng.choice((rng.uniform(0.7, 0.92), rng.uniform(1.08, 1.3)))
        return (
            f"{self.name(c)} trades at about {pe:.1f} times expected earnings for the next 12 "
            f"months, {'above' if pe > peer else 'below'} a peer average of {peer:.1f}, "
            f"according to consensus estimates."
        )

    def market(self) -> str:
        rng = self.rng
        spx = rng.uniform(0.1, 1.4) * rng.choice((1, -1))
        ndx = spx * rng.uniform(0.6, 1.8)
        theme = rng.choice(banks.MACRO_THEMES)
        when = "On Friday" if self.weekend else "Elsewhere"
        return (
            f"{when}, the S&P 500 {'rose' if spx > 0 else 'fell'} {pct(spx)}% and the Nasdaq "
            f"Composite {'added' if ndx > 0 else 'lost'} {pct(ndx)}% as investors weighed "
            f"{theme}."
        )

    def dateline(self, c: Company | None) -> str:
        """The prefix a wire or a press release puts before the first paragraph."""
        src = self.source
        month_day = f"{self.when:%b}. {self.when.day}"
        if src.name == "Reuters":
            return f"{self.when:%b} {self.when.day} (Reuters) - "
        if src.name == "Associated Press":
            city = (c.dateline.split(",")[0] if c else "NEW YORK").upper()
            return f"{city} (AP) — "
        if src.kind == "pr" and c is not None:
            tag = {"Business Wire": "BUSINESS WIRE", "PR Newswire": "PRNewswire"}.get(
                src.name, "GLOBE NEWSWIRE"
            )
            return f"{c.dateline}, {month_day}, {self.when.year} /{tag}/ -- "
        return ""

    def outlet(self) -> str:
        """The source as a sentence names it: "the Financial Times", "Bloomberg News"."""
        name = self.source.name
        if name in ("Financial Times", "Associated Press"):
            return f"the {name}"
        return "Bloomberg News" if name == "Bloomberg" else name

    def credit(self) -> str:
        return f"(Reporting by {people.person(self.rng)}; Editing by {people.person(self.rng)})"
