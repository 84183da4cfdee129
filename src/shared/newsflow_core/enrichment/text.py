"""Text primitives shared by the lexicon NLP engine and the ticker tagger.

A tokenizer that keeps character offsets (evidence and entities quote the source text), a
sentence splitter that knows financial abbreviations ("Inc.", "U.S."), and a token trie for
longest-match phrase lookup. Pure Python and regex only: this runs in every cold start.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from newsflow_core.enrichment.lexicons import (
    ABBREVIATIONS_MAYBE_END,
    ABBREVIATIONS_NEVER_END,
    EN_STOPWORDS,
    MONTH_ABBREVIATIONS,
    SENTENCE_STARTERS,
)

WORD, NUMBER, PUNCT = "word", "num", "punct"
POSSESSIVE = "'s"

_TOKEN_RE = re.compile(
    r"(?P<abbr>(?:[A-Za-z]\.){2,})"  # U.S., J.P., e.g.
    r"|(?P<word>\w+(?:[&\-\u2013'\u2019.]\w+)*)"  # AT&T, Coca-Cola, McDonald's, Amazon.com, 3.2
    r"|(?P<punct>\S)"
)
# A sentence ends at . ! ? (plus closing quotes) before whitespace, or at a blank line.
_SENTENCE_END_RE = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s)|\n\s*\n")
_OPENERS = "\"'\u201c\u2018(["
_INITIAL_RE = re.compile(r"[A-Z]\.")
_DOTTED_RE = re.compile(r"(?:[a-z]\.){2,}")
_SIGNIFICANT_PUNCT = frozenset({"&"})


class Token(NamedTuple):
    """A token; a tuple because articles have thousands and both engines make them."""

    text: str  # apostrophes and dashes normalised; surface is text[start:end] of the source
    start: int
    end: int
    kind: str
    sentence: int
    lower: str
    is_capitalised: bool

    @property
    def is_word(self) -> bool:
        return self.kind == WORD


def _token(text: str, start: int, end: int, kind: str, sentence: int) -> Token:
    return Token(text, start, end, kind, sentence, text.lower(), text[:1].isupper())


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and typography-insensitive form used as a lookup key (case is kept)."""
    text = text.replace("\u2019", "'").replace("\u2013", "-")
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokenize(text: str, sentence_starts: Sequence[int] = ()) -> list[Token]:
    """Tokens with offsets; a trailing possessive "'s" becomes its own token.

    ``sentence_starts`` (from ``split_sentences``) numbers each token's sentence.
    """
    tokens: list[Token] = []
    boundaries = list(sentence_starts[1:])
    sentence = next_boundary = 0
    next_start = boundaries[0] if boundaries else len(text) + 1
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        while start >= next_start:  # tokens come in order: walk the sentence starts along
            sentence += 1
            next_boundary += 1
            next_start = (
                boundaries[next_boundary] if next_boundary < len(boundaries) else len(text) + 1
            )
        raw = match.group()
        if not raw.isascii():
            raw = fold(raw)
        if match.lastgroup == "punct":
            tokens.append(Token(raw, start, end, PUNCT, sentence, raw, False))
            continue
        kind = WORD
        if raw[0].isdigit() and raw.replace(".", "").replace(",", "").isdigit():
            kind = NUMBER
        elif len(raw) > 2 and raw.endswith(POSSESSIVE):
            tokens.append(_token(raw[:-2], start, end - 2, WORD, sentence))
            tokens.append(_token(POSSESSIVE, end - 2, end, WORD, sentence))
            continue
        tokens.append(Token(raw, start, end, kind, sentence, raw.lower(), raw[0].isupper()))
    return tokens


def significant(tokens: Sequence[Token]) -> list[Token]:
    """Words, numbers and "&": the tokens phrase matching runs over (".", "," are skipped,
    so "Apple, Inc." and "Apple Inc" match the same name)."""
    return [t for t in tokens if t.kind != PUNCT or t.text in _SIGNIFICANT_PUNCT]


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans (start, end), whitespace-trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END_RE.finditer(text):
        if not _is_boundary(text, match):
            continue
        _append_trimmed(text, start, match.end(), spans)
        start = match.end()
    _append_trimmed(text, start, len(text), spans)
    return spans


def _append_trimmed(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    chunk = text[start:end]
    stripped = chunk.strip()
    if stripped:
        offset = start + (len(chunk) - len(chunk.lstrip()))
        spans.append((offset, offset + len(stripped)))


def _is_boundary(text: str, match: re.Match[str]) -> bool:
    mark = match.group()
    rest = text[match.end() :].lstrip()
    if mark.startswith("\n") or not rest:
        return True
    following = rest[0]
    if not (following.isupper() or following.isdigit() or following in _OPENERS):
        return False  # "4.5 p.c. and" / "e.g. the": the sentence goes on
    if "!" in mark or "?" in mark or mark.count(".") > 1:
        return True
    return _period_ends_sentence(text, match.start(), following, rest)


def _period_ends_sentence(text: str, period: int, following: str, rest: str) -> bool:
    word_start = max(text.rfind(" ", 0, period), text.rfind("\n", 0, period)) + 1
    word = text[word_start : period + 1].lstrip(_OPENERS)
    lower = word.lower()
    if lower in ABBREVIATIONS_NEVER_END or _INITIAL_RE.fullmatch(word):
        return False
    if lower in MONTH_ABBREVIATIONS:
        return not following.isdigit()
    if lower in ABBREVIATIONS_MAYBE_END or _DOTTED_RE.fullmatch(lower):
        # "sold by Apple Inc. The deal" ends; "Apple Inc. Chief Executive" does not.
        next_word = re.split(r"[\s,;:]", rest.lstrip(_OPENERS), maxsplit=1)[0].lower()
        return next_word in SENTENCE_STARTERS or next_word in EN_STOPWORDS
    return True


class PhraseIndex[T]:
    """A token trie: longest match of a phrase (a tuple of folded tokens) at a position."""

    _END = ""  # tokens are never empty, so "" marks a phrase ending at a node

    def __init__(self) -> None:
        self._root: dict[str, object] = {}
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, phrase: Sequence[str], value: T) -> None:
        if not phrase:
            raise ValueError("empty phrase")
        node = self._root
        for token in phrase:
            child = node.get(token)
            if child is None:
                child = {}
                node[token] = child
            node = child  # type: ignore[assignment]
        if self._END not in node:
            self._size += 1
        node[self._END] = value

    def get(self, phrase: Sequence[str]) -> T | None:
        node: dict[str, object] | None = self._root
        for token in phrase:
            node = node.get(token) if node is not None else None  # type: ignore[assignment]
            if node is None:
                return None
        return node.get(self._END) if node is not None else None  # type: ignore[return-value]

    def longest(self, keys: Sequence[str], start: int) -> tuple[int, T] | None:
        """(length, value) of the longest phrase starting at ``keys[start]``, if any."""
        node = self._root
        best: tuple[int, T] | None = None
        for position in range(start, len(keys)):
            child = node.get(keys[position])
            if child is None:
                break
            node = child  # type: ignore[assignment]
            if self._END in node:
                best = (position - start + 1, node[self._END])  # type: ignore[assignment]
        return best


@lru_cache(maxsize=16384)  # the tagger and the NLP gazetteer key the same ~2,300 names
def phrase_key(text: str) -> tuple[str, ...]:
    """The key a phrase is indexed and looked up under: its significant folded tokens."""
    return tuple(t.text for t in significant(tokenize(text)))


_CO = frozenset({"Co", "Company"})


def extend_with_suffixes(keys: Sequence[str], end: int, suffixes: frozenset[str]) -> int:
    """Consume legal-form tokens after a name: "Goldman Sachs Group Inc", "Merck & Co",
    "Wells Fargo & Company". Returns the new end."""
    while end < len(keys):
        if keys[end] in suffixes:
            end += 1
        elif keys[end] in {"&", "and"} and end + 1 < len(keys) and keys[end + 1] in _CO:
            end += 2
        else:
            break
    return end


_ABBREVIATED_SUFFIXES = frozenset({"Inc", "Corp", "Co", "Ltd", "Bros"})


def name_end(text: str, token: Token) -> int:
    """Where a name ending at ``token`` ends: "Apple Inc." keeps the abbreviation's period."""
    if token.text in _ABBREVIATED_SUFFIXES and text[token.end : token.end + 1] == ".":
        return token.end + 1
    return token.end


def words(tokens: Iterable[Token]) -> list[Token]:
    """Words and numbers, as a word count sees them (a possessive "'s" is not a word)."""
    return [t for t in tokens if t.kind in (WORD, NUMBER) and t.text != POSSESSIVE]
