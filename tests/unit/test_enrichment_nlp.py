"""LexiconNlpEngine: language, counts, entities, key phrases and finance sentiment."""

from __future__ import annotations

import pytest

from newsflow_core.article import Article, Entity
from newsflow_core.enrichment import LexiconNlpEngine
from tests.unit.test_enrichment_fakes import make_article

ENGINE = LexiconNlpEngine(org_names=["Microsoft", "Goldman Sachs", "JPMorgan Chase", "Siemens"])

APPLE_BODY = (
    "Apple Inc. (NASDAQ: AAPL) reported fourth-quarter revenue of $94.9 billion on Thursday, "
    "up 6% from a year earlier and ahead of estimates, as iPhone demand surged in the U.S. "
    "and China. Chief Executive Tim Cook said services revenue reached a record. "
    "Kevan Parekh, Apple's chief financial officer, said growth would continue. "
    "Goldman Sachs Group Inc. analysts raised their price target. Tim Cook declined to comment "
    "on Acme Widgets Corp. Meanwhile CEO Satya Nadella of Microsoft spoke."
)


def entities(article: Article) -> set[tuple[str, str]]:
    (result,) = ENGINE.analyze([article])
    return {(e.text, e.label) for e in result.entities}


def test_counts_sentences_words_and_language() -> None:
    article = make_article(headline="Apple beats estimates", body=APPLE_BODY)
    (result,) = ENGINE.analyze([article])
    assert result.language == "en"
    assert result.sentence_count == 7  # the headline plus six body sentences
    assert result.word_count == 3 + 76  # "(NASDAQ: AAPL)" is two words, "$94.9" one


def test_finds_money_percent_people_places_and_organisations() -> None:
    found = entities(make_article(headline="Apple beats estimates", body=APPLE_BODY))
    assert {
        ("$94.9 billion", "MONEY"),
        ("6%", "PERCENT"),
        ("Tim Cook", "PERSON"),
        ("Kevan Parekh", "PERSON"),
        ("Satya Nadella", "PERSON"),
        ("U.S.", "GPE"),
        ("China", "GPE"),
        ("Apple Inc.", "ORG"),
        ("Goldman Sachs Group Inc.", "ORG"),
        ("Acme Widgets Corp.", "ORG"),
        ("Microsoft", "ORG"),
    } <= found
    labels = {label for _, label in found}
    assert labels <= {"MONEY", "PERCENT", "PERSON", "GPE", "ORG"}
    assert not any(text.startswith(("Chief", "CEO")) for text, _ in found)


def test_repeated_mentions_are_counted_once_with_a_count() -> None:
    (result,) = ENGINE.analyze([make_article(headline="Apple beats estimates", body=APPLE_BODY)])
    assert Entity("Tim Cook", "PERSON", 2) in result.entities


@pytest.mark.parametrize(
    ("text", "money"),
    [
        ("It paid $3.2 billion in cash.", "$3.2 billion"),
        ("Revenue was €21.5bn in the year.", "€21.5bn"),
        ("The fine was 500 million euros last year.", "500 million euros"),
        ("It raised USD 750 million in bonds.", "USD 750 million"),
    ],
)
def test_money_amounts(text: str, money: str) -> None:
    body = f"{text} Investors welcomed the news, analysts said on Tuesday in a note."
    assert (money, "MONEY") in entities(make_article(body=body))


def test_person_after_appositive_title_but_not_companies() -> None:
    body = (
        "Jane Fraser, Citigroup's chief executive, said costs fell. "
        "Goldman Sachs, the bank's biggest rival, declined to comment."
    )
    found = entities(make_article(body=body))
    assert ("Jane Fraser", "PERSON") in found
    assert ("Goldman Sachs", "PERSON") not in found
    assert ("Goldman Sachs", "ORG") in found


@pytest.mark.parametrize(
    ("headline", "body", "language"),
    [
        (
            "Die Aktie steigt",
            "Die Deutsche Bank hat am Dienstag mitgeteilt, dass der Gewinn im dritten Quartal "
            "gestiegen ist und die Aktie sich erholt hat.",
            "de",
        ),
        (
            "Les marchés montent",
            "Les actions de la banque sont en hausse pour la troisième séance et les "
            "investisseurs restent prudents dans un marché volatil.",
            "fr",
        ),
        ("1234", "5678 91011 1213 1415", "und"),
    ],
)
def test_guesses_non_english_languages(headline: str, body: str, language: str) -> None:
    (result,) = ENGINE.analyze([make_article(headline=headline, body=body)])
    assert result.language == language


@pytest.mark.parametrize(
    ("headline", "body", "sign"),
    [
        (
            "Nvidia shares surge after record results",
            "Nvidia beat estimates and raised its outlook as growth accelerated.",
            1,
        ),
        (
            "Boeing shares plunge after downgrade",
            "Boeing missed estimates, announced layoffs and faces a lawsuit over delays.",
            -1,
        ),
        (
            "Retailer reports results",
            "The company reported results on Tuesday and will hold a call on Wednesday.",
            0,
        ),
        ("Stock hits record low", "Shares hit a record low on Tuesday afternoon trading.", -1),
        (
            "Bank did not miss estimates",
            "The bank did not miss estimates, and it did not cut its dividend.",
            1,
        ),
    ],
)
def test_finance_sentiment_has_the_right_sign(headline: str, body: str, sign: int) -> None:
    (result,) = ENGINE.analyze([make_article(headline=headline, body=body)])
    assert -1.0 <= result.sentiment <= 1.0
    if sign == 0:
        assert result.sentiment == 0.0
    else:
        assert result.sentiment * sign > 0.2


def test_key_phrases_prefer_repeated_specific_phrases() -> None:
    article = make_article(
        headline="Cloud revenue lifts SAP outlook",
        body=(
            "SAP raised its cloud revenue forecast. Cloud revenue grew 25% in the quarter, "
            "and the cloud backlog rose. Executives said cloud revenue would keep growing."
        ),
    )
    (result,) = ENGINE.analyze([article])
    assert result.key_phrases[0] == "cloud revenue"
    assert len(result.key_phrases) <= 5
    assert "cloud" not in result.key_phrases  # inside a better phrase
    assert all(p == p.lower() for p in result.key_phrases)


def test_analyze_is_a_batch_call_that_keeps_order() -> None:
    batch = [make_article(n, headline=f"Headline number {n}") for n in range(5)]
    results = ENGINE.analyze(batch)
    assert [r.word_count for r in results] == [ENGINE.analyze([a])[0].word_count for a in batch]
    assert len(results) == 5
    assert ENGINE.analyze([]) == []
