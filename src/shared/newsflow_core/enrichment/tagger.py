"""TickerTagger: links articles to listed companies, with a confidence and the evidence.

Evidence, strongest first (the confidence a tag gets from its best evidence):

=====================================  ==========  =====================================
evidence                               confidence  example
=====================================  ==========  =====================================
exchange ticker                        0.98        "(NASDAQ: AAPL)", "NYSE:JPM"
cashtag                                0.95        "$AAPL", "$BRK.B"
legal name                             0.90        "Apple Inc.", "Goldman Sachs Group"
company name from the universe         0.85        "Goldman Sachs", "Microsoft"
press alias                            0.80        "Google", "Exxon", "Berkshire"
ambiguous name with context            0.60        "Apple said", "Target shares"
=====================================  ==========  =====================================

A second, different kind of evidence for the same company adds 0.05 (capped at 0.99).
Names match case-sensitively (press names are capitalised), accents folded; the longest
name wins ("Apple Hospitality REIT" is not Apple). See ``aliases`` for ambiguous names.

Tags say what an article is about: a company only ever quoted as a source ("an analyst at
UBS", "Goldman Sachs analysts said", "Citi upgraded Apple", "Jefferies advised Visa") is
not tagged, so a story about Apple does not reach the feeds of UBS followers. Tickers not
in the universe are not invented: an unknown "(NYSE: ZZZQ)" links nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from newsflow_core.article import Article, TickerTag
from newsflow_core.enrichment.aliases import ALIASES, AMBIGUOUS, BLOCKED
from newsflow_core.enrichment.lexicons import (
    AFFILIATION_WORDS,
    COMPANY_CONTEXT_WORDS,
    EN_STOPWORDS,
    FORMER_EMPLOYER_WORDS,
    LEGAL_SUFFIXES,
    PRICE_TARGET_VERBS,
    RATINGS,
    SENTENCE_STARTERS,
    SOURCE_ACTION_VERBS,
    SOURCE_ROLE_NOUNS,
)
from newsflow_core.enrichment.ports import Tagger, article_text
from newsflow_core.enrichment.text import (
    POSSESSIVE,
    PUNCT,
    PhraseIndex,
    Token,
    extend_with_suffixes,
    fold,
    name_end,
    phrase_key,
    significant,
    split_sentences,
    tokenize,
)
from newsflow_core.enrichment.universe import EXCHANGE_CODES, TickerUniverse


class Evidence(Enum):
    EXCHANGE = 0.98
    CASHTAG = 0.95
    LEGAL_NAME = 0.90
    NAME = 0.85
    ALIAS = 0.80
    CONTEXT = 0.60


CORROBORATION_BONUS = 0.05
MAX_CONFIDENCE = 0.99
# How many words either side of an ambiguous name may show it is the company.
CONTEXT_WINDOW = 6
# Library names this short ("LY", "NN", "Qt") are words or initials far more often.
_MIN_UNCURATED_NAME = 3

_EXCHANGE_NAMES = sorted(
    {
        *EXCHANGE_CODES,
        "Nasdaq",
        "NasdaqGS",
        "NasdaqGM",
        "NYSE American",
        "NYSE Arca",
        "Xetra",
        "Euronext Paris",
        "Euronext Amsterdam",
        "Euronext Brussels",
    },
    key=len,
    reverse=True,  # longest first, so "NYSE American" wins over "NYSE"
)
_EXCHANGE_RE = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in _EXCHANGE_NAMES) + r")\s*:\s*"
    r"([A-Z0-9]{1,6}(?:[.\-][A-Z]{1,2})?)\b"
)
_CASHTAG_RE = re.compile(r"(?<![\w$])\$([A-Z]{1,6}(?:[.\-][A-Z]{1,2})?)\b")
_PARENTHETICAL_RE = re.compile(r"\s*\([^)]*\)")
_LEADING_THE_RE = re.compile(r"^The\s+")


@dataclass(frozen=True, slots=True)
class _Name:
    symbol: str
    evidence: Evidence
    ambiguous: bool = False
    blocked: bool = False


@dataclass(slots=True)
class _Mention:
    symbol: str
    evidence: Evidence
    surface: str
    start: int
    source_only: bool = False  # quoted as a source ("an analyst at UBS"), not written about


@dataclass(slots=True)
class _Found:
    symbol: str
    best: float
    kinds: set[Evidence] = field(default_factory=set)
    evidence: list[str] = field(default_factory=list)
    first: int = 0

    def add(self, mention: _Mention) -> None:
        self.best = max(self.best, mention.evidence.value)
        self.kinds.add(mention.evidence)
        if mention.surface not in self.evidence:
            self.evidence.append(mention.surface)
        self.first = min(self.first, mention.start)


class TickerTagger(Tagger):
    """Tags with a universe's canonical symbols. Build once per container: building
    indexes ~1,800 companies and their names (tens of milliseconds)."""

    def __init__(
        self,
        universe: TickerUniverse,
        aliases: dict[str, str] | None = None,
        ambiguous: Iterable[str] = AMBIGUOUS,
        blocked: Iterable[str] = BLOCKED,
    ) -> None:
        self._universe = universe
        self._ambiguous = {phrase_key(n) for n in ambiguous}
        self._blocked = {phrase_key(n) for n in blocked}
        self._names: PhraseIndex[_Name] = PhraseIndex()
        self._surfaces: dict[tuple[str, ...], str] = {}
        self._build_names(ALIASES if aliases is None else aliases)

    @property
    def universe(self) -> TickerUniverse:
        return self._universe

    def known_company_names(self) -> list[str]:
        """Names that mean a company on capitalisation alone: a gazetteer for NLP."""
        return sorted(
            surface
            for key, surface in self._surfaces.items()
            if (name := self._names.get(key)) is not None and not (name.ambiguous or name.blocked)
        )

    def tag(self, articles: Sequence[Article]) -> list[tuple[TickerTag, ...]]:
        return [self.tag_article(a) for a in articles]

    def tag_article(self, article: Article) -> tuple[TickerTag, ...]:
        text = article_text(article)
        mentions, masked = self._ticker_mentions(text)
        strong, pending = self._name_mentions(text, masked)
        mentions.extend(strong)
        confirmed = {m.symbol for m in mentions}
        orgs, persons = _entity_texts(article)
        for mention, has_context in pending:
            # "Apple" after "Apple Inc." is the same company; "Ford said" after "Harrison
            # Ford" is the actor.
            supported = has_context or fold(mention.surface) in orgs
            a_person = any(mention.surface in p for p in persons)
            if mention.symbol in confirmed or (supported and not a_person):
                mentions.append(mention)
        # A company only ever quoted as a source is not what the article is about.
        about = {m.symbol for m in mentions if not m.source_only}
        return _aggregate((m for m in mentions if m.symbol in about), self._universe)

    # ------------------------------------------------------------------ indexing
    def _build_names(self, aliases: dict[str, str]) -> None:
        candidates: dict[tuple[str, ...], list[tuple[str, Evidence, bool]]] = {}
        surfaces: dict[tuple[str, ...], str] = {}

        def offer(surface: str, symbol: str, evidence: Evidence, curated: bool) -> None:
            key = phrase_key(surface)
            if key:
                candidates.setdefault(key, []).append((symbol, evidence, curated))
                surfaces.setdefault(key, surface)

        for company in self._universe.companies.values():
            for surface, evidence in _name_variants(company.name):
                offer(surface, company.symbol, evidence, False)
        for alias, symbol in aliases.items():
            if self._universe.company(symbol) is not None:
                offer(alias, symbol, Evidence.ALIAS, True)

        for key, offers in candidates.items():
            chosen = _resolve(offers)
            if chosen is None:
                continue  # two companies share this name and no alias settles it
            symbol, evidence, curated = chosen
            legal = evidence is Evidence.LEGAL_NAME
            blocked = not legal and (
                key in self._blocked or (not curated and len(" ".join(key)) < _MIN_UNCURATED_NAME)
            )
            ambiguous = not legal and key in self._ambiguous
            self._names.add(key, _Name(symbol, evidence, ambiguous, blocked))
            self._surfaces[key] = surfaces[key]

    # ------------------------------------------------------------------ matching
    def _ticker_mentions(self, text: str) -> tuple[list[_Mention], list[tuple[int, int]]]:
        mentions: list[_Mention] = []
        masked: list[tuple[int, int]] = []
        for match in _EXCHANGE_RE.finditer(text):
            masked.append(match.span())
            company = self._universe.resolve_listing(match.group(1), match.group(2))
            if company is not None:
                mentions.append(
                    _Mention(company.symbol, Evidence.EXCHANGE, match.group(), match.start())
                )
        for match in _CASHTAG_RE.finditer(text):
            masked.append(match.span())
            company = self._universe.resolve_cashtag(match.group(1))
            if company is not None:
                mentions.append(
                    _Mention(company.symbol, Evidence.CASHTAG, match.group(), match.start())
                )
        return mentions, masked

    def _name_mentions(
        self, text: str, masked: list[tuple[int, int]]
    ) -> tuple[list[_Mention], list[tuple[_Mention, bool]]]:
        sentences = split_sentences(text)
        tokens = tokenize(text, [start for start, _ in sentences])
        # The token right before each token (punctuation included), by start offset.
        previous = {t.start: p for p, t in zip([None, *tokens], tokens, strict=False)}
        sig = significant(tokens)
        keys = [t.text for t in sig]
        strong: list[_Mention] = []
        pending: list[tuple[_Mention, bool]] = []
        i = 0
        while i < len(sig):
            first = sig[i]
            hit = None
            if (first.is_capitalised or first.text[:1].isdigit()) and not _inside(
                first.start, masked
            ):
                hit = self._names.longest(keys, i)
            if hit is None:
                i += 1
                continue
            length, name = hit
            end = extend_with_suffixes(keys, i + length, LEGAL_SUFFIXES)
            surface = _surface(text, sig[i:end])
            legal = end > i + length or name.evidence is Evidence.LEGAL_NAME
            evidence = Evidence.LEGAL_NAME if legal else name.evidence
            mention = _Mention(
                name.symbol, evidence, surface, first.start, _quoted_as_source(sig, i, end)
            )
            if legal or not (name.ambiguous or name.blocked):
                strong.append(mention)
            elif name.ambiguous and not _part_of_longer_name(previous[first.start], first):
                mention.evidence = Evidence.CONTEXT
                pending.append((mention, _has_context(sig, i, end)))
            i = end
        return strong, pending


def _name_variants(name: str) -> list[tuple[str, Evidence]]:
    """ "The Coca-Cola Company" -> itself (legal) and "Coca-Cola" (name)."""
    full = _PARENTHETICAL_RE.sub("", name).strip()
    variants = [(full, Evidence.LEGAL_NAME if _ends_with_suffix(full) else Evidence.NAME)]
    tokens = _LEADING_THE_RE.sub("", full).split()
    while len(tokens) > 1 and _is_suffix_word(tokens[-1]):
        tokens.pop()
        while len(tokens) > 1 and tokens[-1] in {"&", "and"}:
            tokens.pop()
    stripped = " ".join(tokens).rstrip(",")
    if stripped and stripped != full:
        variants.append((stripped, Evidence.NAME))
    return variants


def _is_suffix_word(word: str) -> bool:
    return word.rstrip(".,") in LEGAL_SUFFIXES or word.rstrip(",") in LEGAL_SUFFIXES


def _ends_with_suffix(name: str) -> bool:
    words = name.split()
    return len(words) > 1 and _is_suffix_word(words[-1])


def _resolve(offers: list[tuple[str, Evidence, bool]]) -> tuple[str, Evidence, bool] | None:
    curated = [o for o in offers if o[2]]
    if curated:
        symbol = curated[0][0]
    elif len({o[0] for o in offers}) == 1:
        symbol = offers[0][0]
    else:
        return None
    mine = [o for o in offers if o[0] == symbol]
    best = max(mine, key=lambda o: o[1].value)
    return symbol, best[1], any(o[2] for o in mine)


def _surface(text: str, tokens: Sequence[Token]) -> str:
    return text[tokens[0].start : name_end(text, tokens[-1])]


def _inside(position: int, spans: Iterable[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _part_of_longer_name(previous: Token | None, first: Token) -> bool:
    """ "Harrison Ford", "Big Apple", "Times Square": a capitalised word right before."""
    if previous is None or previous.kind == PUNCT or previous.sentence != first.sentence:
        return False
    lower = previous.lower
    return (
        previous.is_capitalised
        and not previous.text.isupper()
        and lower not in EN_STOPWORDS
        and lower not in SENTENCE_STARTERS
    )


def _has_context(sig: Sequence[Token], start: int, end: int) -> bool:
    if end < len(sig) and sig[end].text == POSSESSIVE:
        return True
    sentence = sig[start].sentence
    window = [
        *sig[max(0, start - CONTEXT_WINDOW) : start],
        *sig[end : end + CONTEXT_WINDOW],
    ]
    return any(t.sentence == sentence and t.lower in COMPANY_CONTEXT_WORDS for t in window)


def _quoted_as_source(sig: Sequence[Token], start: int, end: int) -> bool:
    """ "Goldman Sachs analysts", "an analyst at UBS", "said Paul Galvez of UBS", "Citi
    upgraded Apple", "Citi advised Broadcom", "cut to neutral at Barclays", "a veteran of
    Morgan Stanley"."""
    sentence = sig[start].sentence
    after = [t.lower for t in sig[end : end + 8] if t.sentence == sentence]
    before = [t for t in sig[max(0, start - 3) : start] if t.sentence == sentence]
    if after and after[0] in SOURCE_ROLE_NOUNS:
        return True
    if any(word in SOURCE_ACTION_VERBS for word in after[:2]):
        return True
    if any(word in PRICE_TARGET_VERBS for word in after[:2]) and "target" in after:
        return True
    if len(before) < 2 or before[-1].lower not in AFFILIATION_WORDS:
        return False
    role = before[-2].lower
    if role in SOURCE_ROLE_NOUNS or role in RATINGS or role in FORMER_EMPLOYER_WORDS:
        return True
    # "Paul Galvez of UBS": a person's name right before the affiliation.
    return len(before) == 3 and all(_person_name_like(t) for t in before[:2])


def _person_name_like(token: Token) -> bool:
    return (
        token.is_capitalised
        and any(c.islower() for c in token.text)
        and token.lower not in EN_STOPWORDS
        and token.lower not in SENTENCE_STARTERS
    )


def _entity_texts(article: Article) -> tuple[set[str], list[str]]:
    if article.nlp is None:
        return set(), []
    orgs = {fold(e.text) for e in article.nlp.entities if e.label == "ORG"}
    persons = [e.text for e in article.nlp.entities if e.label == "PERSON"]
    return orgs, persons


def _aggregate(mentions: Iterable[_Mention], universe: TickerUniverse) -> tuple[TickerTag, ...]:
    found: dict[str, _Found] = {}
    for mention in mentions:
        entry = found.get(mention.symbol)
        if entry is None:
            entry = found[mention.symbol] = _Found(mention.symbol, 0.0, first=mention.start)
        entry.add(mention)
    tags = []
    for entry in found.values():
        company = universe.company(entry.symbol)
        bonus = CORROBORATION_BONUS if len(entry.kinds) > 1 else 0.0
        confidence = round(min(MAX_CONFIDENCE, entry.best + bonus), 2)
        tags.append(
            (
                -confidence,
                entry.first,
                TickerTag(
                    symbol=entry.symbol,
                    company=company.name if company else entry.symbol,
                    confidence=confidence,
                    evidence=tuple(entry.evidence),
                ),
            )
        )
    return tuple(tag for _, _, tag in sorted(tags, key=lambda t: (t[0], t[1])))
