"""LexiconNlpEngine: rules and word lists, pure Python, no model to load.

What it does per article (headline + body, see ``ports.article_text``):

- language: "en" when English stopwords make up a fair share of the words and outnumber
  those of German, French, Spanish, Italian, Dutch and Portuguese; else the best of those,
  else "und" (undetermined).
- sentences (abbreviation-aware, see ``text.split_sentences``) and words.
- entities: MONEY ("$3.2 billion"), PERCENT ("4.5%"), PERSON after a title ("Chief
  Executive Tim Cook") or before one ("Tim Cook, Apple's chief executive"), ORG and GPE
  from gazetteers (the tagger's company names, institutions, places) and ORG by a
  corporate suffix ("Acme Widgets Corp."). Overlaps go to the higher-priority rule.
- key phrases: frequent runs of content words (1-3 words), headline words counting double.
- sentiment in [-1, 1] from a finance lexicon, negation-aware, headline weighted double.

A spaCy engine replaces this behind ``NlpEngine`` without touching callers.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newsflow_core.article import Article, Entity, NlpResult
from newsflow_core.enrichment.lexicons import (
    APPOSITIVE_TITLE_WORDS,
    EN_STOPWORDS,
    GPES,
    INSTITUTIONS,
    KEY_PHRASE_NOISE,
    NEGATIVE,
    NEGATORS,
    NOT_NAME_WORDS,
    ORG_SUFFIXES,
    OTHER_STOPWORDS,
    PERSON_TITLES,
    PHRASE_POLARITY,
    POSITIVE,
    SENTENCE_STARTERS,
)
from newsflow_core.enrichment.ports import NlpEngine, article_text
from newsflow_core.enrichment.text import (
    NUMBER,
    PhraseIndex,
    Token,
    extend_with_suffixes,
    name_end,
    phrase_key,
    significant,
    split_sentences,
    tokenize,
    words,
)

MONEY, PERCENT, PERSON, ORG, GPE = "MONEY", "PERCENT", "PERSON", "ORG", "GPE"
UNDETERMINED = "und"

_SCALE = r"(?:trillion|billion|million|thousand|bn|mln|tn|[mbkMBK])\b"
_AMOUNT = r"\d[\d,]*(?:\.\d+)?"
_MONEY_RE = re.compile(
    rf"(?:(?<!\w)(?:US|A|C|HK|NZ|S)?[$€£¥]\s?{_AMOUNT}(?:\s?{_SCALE})?)"
    rf"|(?:\b(?:USD|EUR|GBP|JPY|CHF|CNY)\s?{_AMOUNT}(?:\s?{_SCALE})?)"
    rf"|(?:\b{_AMOUNT}\s(?:(?:trillion|billion|million)\s)?(?:dollars|euros|pounds|yen)\b)"
)
_PERCENT_RE = re.compile(rf"\b{_AMOUNT}\s?(?:%|percent\b|per cent\b)")
_SENTIMENT_SMOOTHING = 2.0
_HEADLINE_WEIGHT = 2.0
_NEGATION_WINDOW = 3
_LANGUAGE_MIN_SHARE = 0.08
_MAX_NAME_TOKENS = 3
_MAX_ORG_TOKENS = 6
_APPOSITIVE_LOOKAHEAD = 5
_MAX_PHRASE_WORDS = 3


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int
    label: str


class LexiconNlpEngine(NlpEngine):
    """``org_names``: company names to recognise as ORG (pass the tagger's
    ``known_company_names()`` so NER and ticker linking agree on what a company is)."""

    def __init__(self, org_names: Iterable[str] = (), max_key_phrases: int = 5) -> None:
        self._gazetteer: PhraseIndex[str] = PhraseIndex()
        for name in GPES:
            self._gazetteer.add(phrase_key(name), GPE)
        for name in (*INSTITUTIONS, *org_names):
            key = phrase_key(name)
            if key:
                self._gazetteer.add(key, ORG)
        self._titles: PhraseIndex[bool] = PhraseIndex()
        for title in PERSON_TITLES:
            self._titles.add(phrase_key(title), True)
        self._title_starts = frozenset(phrase_key(t)[0] for t in PERSON_TITLES)
        self._max_key_phrases = max_key_phrases

    def analyze(self, articles: Sequence[Article]) -> list[NlpResult]:
        return [self.analyze_one(a) for a in articles]

    def analyze_one(self, article: Article) -> NlpResult:
        text = article_text(article)
        sentences = split_sentences(text)
        tokens = tokenize(text, [start for start, _ in sentences])
        word_tokens = words(tokens)
        headline_end = len(article.headline)
        return NlpResult(
            language=detect_language(word_tokens),
            sentence_count=len(sentences),
            word_count=len(word_tokens),
            sentiment=finance_sentiment(word_tokens, headline_end),
            entities=self._entities(text, tokens),
            key_phrases=key_phrases(word_tokens, headline_end, self._max_key_phrases),
        )

    # ------------------------------------------------------------------ entities
    def _entities(self, text: str, tokens: Sequence[Token]) -> tuple[Entity, ...]:
        sig = significant(tokens)
        keys = [t.text for t in sig]
        accepted: list[_Span] = []
        for rule in (
            _regex_spans(text, _MONEY_RE, MONEY),
            _regex_spans(text, _PERCENT_RE, PERCENT),
            self._titled_persons(sig, keys),
            self._gazetteer_spans(text, sig, keys),
            _suffix_orgs(text, sig),
            self._appositive_persons(text, sig, keys),
        ):
            for span in rule:
                if not any(span.start < a.end and a.start < span.end for a in accepted):
                    accepted.append(span)
        accepted.extend(_repeated_persons(text, accepted))
        counts: Counter[tuple[str, str]] = Counter()
        for span in sorted(accepted, key=lambda s: s.start):
            counts[(text[span.start : span.end], span.label)] += 1
        return tuple(Entity(text=t, label=label, count=n) for (t, label), n in counts.items())

    def _gazetteer_spans(self, text: str, sig: Sequence[Token], keys: Sequence[str]) -> list[_Span]:
        spans = []
        i = 0
        while i < len(sig):
            hit = self._gazetteer.longest(keys, i) if sig[i].is_capitalised else None
            if hit is None:
                i += 1
                continue
            length, label = hit
            end = i + length
            if label == ORG:  # "Goldman Sachs" + "Group Inc." is one organisation
                end = extend_with_suffixes(keys, end, ORG_SUFFIXES)
            spans.append(_Span(sig[i].start, name_end(text, sig[end - 1]), label))
            i = end
        return spans

    def _titled_persons(self, sig: Sequence[Token], keys: Sequence[str]) -> list[_Span]:
        lowered = [t.lower for t in sig]
        spans = []
        for i, lower in enumerate(lowered):
            hit = self._titles.longest(lowered, i) if lower in self._title_starts else None
            if hit is None:
                continue
            name = self._name_after(sig, keys, i + hit[0])
            if name is not None:
                spans.append(name)
        return spans

    def _name_after(self, sig: Sequence[Token], keys: Sequence[str], start: int) -> _Span | None:
        end = start
        while (
            end < len(sig)
            and end - start < _MAX_NAME_TOKENS
            and sig[end].sentence == sig[start].sentence
            and _name_like(sig[end])
            and self._gazetteer.longest(keys, end) is None
        ):
            end += 1
        if end - start < 2 or len(sig[end - 1].text) == 1:
            return None
        return _Span(sig[start].start, sig[end - 1].end, PERSON)

    def _appositive_persons(
        self, text: str, sig: Sequence[Token], keys: Sequence[str]
    ) -> list[_Span]:
        """ "Tim Cook, Apple's chief executive": a name, a comma, then a title word."""
        spans = []
        for end, last in enumerate(sig, start=1):
            if text[last.end : last.end + 1] != "," or not _name_like(last):
                continue
            start = end - 1
            while (
                start > 0
                and end - start < _MAX_NAME_TOKENS
                and sig[start - 1].sentence == last.sentence
                and _name_like(sig[start - 1])
                and text[sig[start - 1].end : sig[start - 1].end + 1] != ","
            ):
                start -= 1
            if end - start < 2 or (
                start > 0
                and sig[start - 1].sentence == last.sentence
                and _name_like(sig[start - 1])
            ):
                continue  # one word, or the tail of a longer capitalised run
            if self._gazetteer.longest(keys, start) is not None:
                continue  # "Goldman Sachs, the bank's chief economist" is no person
            tail = sig[end : end + _APPOSITIVE_LOOKAHEAD]
            if any(t.lower in APPOSITIVE_TITLE_WORDS for t in tail):
                spans.append(_Span(sig[start].start, last.end, PERSON))
        return spans


def _name_like(token: Token) -> bool:
    if not token.is_capitalised:
        return False
    text, lower = token.text, token.lower
    if text in NOT_NAME_WORDS or lower in EN_STOPWORDS or lower in SENTENCE_STARTERS:
        return False
    # "Tim", "O'Brien", "J" (an initial); not "CEO" or "NASA".
    return len(text) == 1 or any(c.islower() for c in text)


def _regex_spans(text: str, pattern: re.Pattern[str], label: str) -> list[_Span]:
    return [_Span(m.start(), m.end(), label) for m in pattern.finditer(text)]


def _suffix_orgs(text: str, sig: Sequence[Token]) -> list[_Span]:
    """A run of capitalised words ending in a corporate suffix: "Acme Widgets Corp"."""
    spans = []
    for end, token in enumerate(sig):
        if token.text not in ORG_SUFFIXES or end == 0:
            continue
        start = end
        while start > 0 and end - start < _MAX_ORG_TOKENS:
            before = sig[start - 1]
            if before.sentence != token.sentence:
                break
            if before.text in {"&", "of", "and"} and start > 1 and _org_word(sig[start - 2]):
                start -= 2
            elif _org_word(before):
                start -= 1
            else:
                break
        while start < end and (sig[start].lower in SENTENCE_STARTERS or sig[start].text == "&"):
            start += 1
        if start < end:
            spans.append(_Span(sig[start].start, name_end(text, token), ORG))
    return spans


def _org_word(token: Token) -> bool:
    return token.is_capitalised and token.lower not in SENTENCE_STARTERS


def _repeated_persons(text: str, accepted: Sequence[_Span]) -> list[_Span]:
    """Later mentions of a person found by a rule, without the title, count too."""
    names = {text[s.start : s.end] for s in accepted if s.label == PERSON}
    extra = []
    for name in names:
        for match in re.finditer(rf"\b{re.escape(name)}\b", text):
            span = _Span(match.start(), match.end(), PERSON)
            if not any(span.start < a.end and a.start < span.end for a in accepted):
                extra.append(span)
    return extra


# ---------------------------------------------------------------------- language
def detect_language(word_tokens: Sequence[Token]) -> str:
    lowered = [t.lower for t in word_tokens if t.kind != NUMBER]
    if not lowered:
        return UNDETERMINED
    english = sum(1 for w in lowered if w in EN_STOPWORDS)
    others = {
        code: sum(1 for w in lowered if w in stopwords)
        for code, stopwords in OTHER_STOPWORDS.items()
    }
    best_other, other_hits = max(others.items(), key=lambda kv: kv[1])
    if english >= other_hits and english / len(lowered) >= _LANGUAGE_MIN_SHARE:
        return "en"
    if other_hits / len(lowered) >= _LANGUAGE_MIN_SHARE:
        return best_other
    return UNDETERMINED


# ---------------------------------------------------------------------- sentiment
def finance_sentiment(word_tokens: Sequence[Token], headline_end: int) -> float:
    lowered = [t.lower for t in word_tokens]
    positive = negative = 0.0
    skip_next = False
    for i, word in enumerate(lowered):
        if skip_next:
            skip_next = False
            continue
        weight = _HEADLINE_WEIGHT if word_tokens[i].start < headline_end else 1.0
        polarity = PHRASE_POLARITY.get((word, lowered[i + 1])) if i + 1 < len(lowered) else None
        if polarity is not None:
            skip_next = True
        elif word in POSITIVE:
            polarity = 1.0
        elif word in NEGATIVE:
            polarity = -1.0
        else:
            continue
        if _negated(lowered, i):
            polarity = -polarity
        if polarity > 0:
            positive += polarity * weight
        else:
            negative -= polarity * weight
    score = (positive - negative) / (positive + negative + _SENTIMENT_SMOOTHING)
    return round(max(-1.0, min(1.0, score)), 4)


def _negated(lowered: Sequence[str], i: int) -> bool:
    window = lowered[max(0, i - _NEGATION_WINDOW) : i]
    return any(w in NEGATORS or w.endswith("n't") for w in window)


# ---------------------------------------------------------------------- key phrases
def key_phrases(word_tokens: Sequence[Token], headline_end: int, limit: int) -> tuple[str, ...]:
    """Frequent content-word n-grams; a phrase inside a better one is dropped."""
    scores: defaultdict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    for run in _content_runs(word_tokens):
        for size in range(1, min(_MAX_PHRASE_WORDS, len(run)) + 1):
            for start in range(len(run) - size + 1):
                gram = run[start : start + size]
                phrase = " ".join(t.lower for t in gram)
                weight = _HEADLINE_WEIGHT if gram[0].start < headline_end else 1.0
                # Longer phrases are more specific; a repeated one outranks its words.
                scores[phrase] += weight * (1.0 + 0.5 * (size - 1))
                first_seen.setdefault(phrase, gram[0].start)
    ranked = sorted(scores, key=lambda p: (-scores[p], first_seen[p]))
    chosen: list[str] = []
    for phrase in ranked:
        if len(chosen) == limit:
            break
        if scores[phrase] < 2.0:
            break  # a single body mention of one word is not a key phrase
        if any(phrase in c or c in phrase for c in chosen):
            continue
        chosen.append(phrase)
    return tuple(chosen)


def _content_runs(word_tokens: Sequence[Token]) -> list[list[Token]]:
    """Runs of adjacent content words in one sentence. A run also breaks where proper
    nouns meet common words ("Goldman Sachs | lead bank stocks"); a sentence's first word
    is capitalised anyway, so it joins either."""
    runs: list[list[Token]] = []
    current: list[Token] = []
    run_at_sentence_start = False
    previous: Token | None = None
    for token in word_tokens:
        sentence_start = previous is None or previous.sentence != token.sentence
        if current and previous is not None:
            case_known = len(current) > 1 or not run_at_sentence_start
            joins = (
                not sentence_start
                and token.start - previous.end <= 1
                and (not case_known or current[-1].is_capitalised == token.is_capitalised)
            )
            if not joins:
                runs.append(current)
                current = []
        if _content_word(token):
            if not current:
                run_at_sentence_start = sentence_start
            current.append(token)
        elif current:
            runs.append(current)
            current = []
        previous = token
    if current:
        runs.append(current)
    return runs


def _content_word(token: Token) -> bool:
    lower = token.lower
    return (
        token.kind != NUMBER
        and len(lower) > 2
        and lower not in EN_STOPWORDS
        and lower not in KEY_PHRASE_NOISE
        and any(c.isalpha() for c in lower)
    )
