"""Tokens, sentences and the phrase trie the lexicon engine and the tagger share."""

from __future__ import annotations

import pytest

from newsflow_core.enrichment.text import (
    POSSESSIVE,
    PhraseIndex,
    phrase_key,
    significant,
    split_sentences,
    tokenize,
    words,
)


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Apple Inc. reported results. Shares rose 3.5% in New York.",
            ["Apple Inc. reported results.", "Shares rose 3.5% in New York."],
        ),
        (
            "The deal was signed by Apple Inc. The shares rose.",
            ["The deal was signed by Apple Inc.", "The shares rose."],
        ),
        (
            "Sales in the U.S. rose sharply. Europe lagged.",
            ["Sales in the U.S. rose sharply.", "Europe lagged."],
        ),
        (
            "Growth in the U.S. The rest of the world slowed.",
            ["Growth in the U.S.", "The rest of the world slowed."],
        ),
        (
            "J.P. Morgan analyst Samik Chatterjee met Mr. Cook on Jan. 5 at Apple Corp. "
            "Headquarters. Nothing changed.",
            [
                "J.P. Morgan analyst Samik Chatterjee met Mr. Cook on Jan. 5 at Apple Corp. "
                "Headquarters.",
                "Nothing changed.",
            ],
        ),
        ('"We are pleased," he said. "Demand is strong!" Shares rose.', None),
        ("Did it work? Yes. It did.", ["Did it work?", "Yes.", "It did."]),
        ("Headline without a period\n\nBody starts here. It ends here.", None),
    ],
)
def test_sentences_split_at_ends_but_not_at_abbreviations(
    text: str, expected: list[str] | None
) -> None:
    got = sentences(text)
    if expected is not None:
        assert got == expected
    else:
        assert len(got) == 3


def test_headline_is_always_its_own_sentence() -> None:
    assert sentences("Apple beats estimates\n\nApple Inc. said on Thursday.") == [
        "Apple beats estimates",
        "Apple Inc. said on Thursday.",
    ]


def test_tokens_keep_offsets_and_split_possessives() -> None:
    text = "Apple's AT&T-backed Coca-Cola deal, worth $3.2 billion, in the U.S."
    tokens = tokenize(text)
    assert [t.text for t in tokens][:4] == ["Apple", POSSESSIVE, "AT&T-backed", "Coca-Cola"]
    for token in tokens:
        assert text[token.start : token.end].replace("\u2019", "'") == token.text
    assert "U.S." in [t.text for t in tokens]
    assert "3.2" in [t.text for t in tokens if t.kind == "num"]


def test_words_count_neither_punctuation_nor_possessives() -> None:
    assert len(words(tokenize("Apple's shares rose 3.5%, analysts said."))) == 6


def test_phrase_keys_ignore_commas_periods_and_accents() -> None:
    assert phrase_key("Apple, Inc.") == phrase_key("Apple Inc") == ("Apple", "Inc")
    assert phrase_key("Nestlé S.A.") == ("Nestle", "S.A.")
    assert phrase_key("Procter & Gamble") == ("Procter", "&", "Gamble")


def test_phrase_index_finds_the_longest_match() -> None:
    index: PhraseIndex[str] = PhraseIndex()
    index.add(phrase_key("Apple"), "AAPL")
    index.add(phrase_key("Apple Hospitality REIT"), "APLE")
    keys = [t.text for t in significant(tokenize("Apple Hospitality REIT and Apple Music"))]
    assert index.longest(keys, 0) == (3, "APLE")
    assert index.longest(keys, 4) == (1, "AAPL")
    assert index.longest(keys, 3) is None
    assert index.get(("Apple", "Hospitality")) is None
    assert len(index) == 2
