"""TickerTagger on realistic news sentences: every expected symbol found, nothing else."""

from __future__ import annotations

from dataclasses import replace
from functools import cache

import pytest

from newsflow_core.article import Article, Entity, NlpResult, TickerTag
from newsflow_core.enrichment import Evidence, TickerTagger, load_universe
from newsflow_core.enrichment.aliases import ALIASES
from tests.unit.test_enrichment_fakes import make_article


@cache
def tagger() -> TickerTagger:
    return TickerTagger(load_universe())


def tags(body: str, headline: str = "Markets update") -> tuple[TickerTag, ...]:
    return tagger().tag_article(make_article(headline=headline, body=body))


def symbols(body: str) -> set[str]:
    return {t.symbol for t in tags(body)}


QUALITY_SET: list[tuple[str, set[str]]] = [
    (
        "Apple Inc. (NASDAQ: AAPL) reported record iPhone sales, Chief Executive Tim Cook said.",
        {"AAPL"},
    ),
    (
        "Alphabet's Google and Meta Platforms, the owner of Facebook, both beat estimates.",
        {"GOOGL", "META"},
    ),
    (
        "JPMorgan Chase & Co. (NYSE:JPM) rose while Goldman Sachs and Morgan Stanley slipped.",
        {"JPM", "GS", "MS"},
    ),
    (
        "Warren Buffett's Berkshire Hathaway trimmed its stake in Bank of America; $BRK.B "
        "edged higher.",
        {"BRK-B", "BAC"},
    ),
    (
        "Exxon and Chevron fell as crude slid, while Coca-Cola and PepsiCo were flat.",
        {"XOM", "CVX", "KO", "PEP"},
    ),
    ("Target raised its annual forecast as holiday sales jumped.", {"TGT"}),
    (
        "Visa and Mastercard said payment volumes grew; Block shares fell 4%.",
        {"V", "MA", "XYZ"},
    ),
    (
        "SAP SE (ETR: SAP) and Siemens gained in Frankfurt, while Nestlé and Shell plc slipped.",
        {"SAP.DE", "SIE.DE", "NESN.SW", "SHELL.AS"},
    ),
    (
        "BP and HSBC fell in London; LVMH (EPA: MC) and Unilever rose. ASML Holding N.V. was flat.",
        {"BP.L", "HSBA.L", "MC.PA", "UNA.AS", "ASML.AS"},
    ),
    (
        "Nvidia, AMD and Intel led chip stocks higher; Broadcom and Qualcomm followed.",
        {"NVDA", "AMD", "INTC", "AVGO", "QCOM"},
    ),
    ("Ford recalled 100,000 vehicles and General Motors cut its outlook.", {"F", "GM"}),
    ("McDonald's, Starbucks and Nike reported weaker sales in China.", {"MCD", "SBUX", "NKE"}),
    (
        "Pfizer, Merck, Eli Lilly and AbbVie rallied after UnitedHealth raised guidance.",
        {"PFE", "MRK", "LLY", "ABBV", "UNH"},
    ),
    ("Retail traders piled into $TSLA and $AMZN on Friday.", {"TSLA", "AMZN"}),
    ("Wells Fargo & Company and Citigroup Inc. settled with regulators.", {"WFC", "C"}),
    (
        "The Walt Disney Company and Netflix, Inc. raised prices; Comcast and AT&T did not.",
        {"DIS", "NFLX", "CMCSA", "T"},
    ),
    ("Apple Hospitality REIT said occupancy rose.", {"APLE"}),
    # companies quoted as sources are mentioned, not written about
    (
        '"Demand is strong," said Karen Larsen, an analyst at Barclays, of Microsoft results.',
        {"MSFT"},
    ),
    ("Goldman Sachs analysts raised their forecast for Boeing deliveries.", {"BA"}),
    ("UBS upgraded Nvidia to buy from neutral on Tuesday.", {"NVDA"}),
    ("Citi raised its price target on Costco to $1,100.", {"COST"}),
    (
        'Tesla cut to neutral at Morgan Stanley. "Margins suffer," said Paul Galvez of UBS.',
        {"TSLA"},
    ),
    ("Jefferies advised Visa, and Barclays advised the other side of the deal.", {"V"}),
    ("Pfizer named a veteran of JPMorgan as its chief financial officer.", {"PFE"}),
    # no company at all
    ("An apple pie recipe for the holidays.", set()),
    ("Apple pie is a classic American dessert.", set()),
    ("Harrison Ford starred in the film, which opened in Times Square.", set()),
    ("The Amazon rainforest lost more trees this year.", set()),
    ("Target practice starts at noon at the range.", set()),
    ("The Nasdaq Composite rose 1% and the Dow gained 0.5%.", set()),
    ("Bill Gates said the next decade would bring cheap energy.", set()),
    ("Next week the Progressive Party meets in Phoenix.", set()),
]


def _case_id(value: object) -> str:
    # Sets print in hash order, which differs between xdist workers: sort them.
    text = ",".join(sorted(value)) if isinstance(value, set) else str(value)
    return text[:40]


@pytest.mark.parametrize(("sentence", "expected"), QUALITY_SET, ids=_case_id)
def test_tags_exactly_the_companies_a_sentence_names(sentence: str, expected: set[str]) -> None:
    assert symbols(sentence) == expected


def test_quality_set_has_perfect_precision_and_recall() -> None:
    true_positives = false_positives = false_negatives = 0
    for sentence, expected in QUALITY_SET:
        found = symbols(sentence)
        true_positives += len(found & expected)
        false_positives += len(found - expected)
        false_negatives += len(expected - found)
    assert true_positives == sum(len(e) for _, e in QUALITY_SET)
    assert (false_positives, false_negatives) == (0, 0)


# The companies the sample data writes about, by the name a newsroom uses.
PRESS_NAMES = {
    "Apple": "AAPL", "Microsoft": "MSFT", "Amazon": "AMZN", "Alphabet": "GOOGL",
    "Google": "GOOGL", "Meta": "META", "Nvidia": "NVDA", "Tesla": "TSLA", "JPMorgan": "JPM",
    "Goldman Sachs": "GS", "Exxon Mobil": "XOM", "Chevron": "CVX", "Pfizer": "PFE",
    "Johnson & Johnson": "JNJ", "Walmart": "WMT", "Coca-Cola": "KO", "PepsiCo": "PEP",
    "Intel": "INTC", "AMD": "AMD", "Netflix": "NFLX", "Boeing": "BA", "Disney": "DIS",
    "Visa": "V", "Mastercard": "MA", "Berkshire Hathaway": "BRK-B", "UnitedHealth": "UNH",
    "Procter & Gamble": "PG", "Home Depot": "HD", "Oracle": "ORCL", "Salesforce": "CRM",
    "Adobe": "ADBE", "Cisco": "CSCO", "IBM": "IBM", "Qualcomm": "QCOM", "Broadcom": "AVGO",
    "Costco": "COST", "McDonald's": "MCD", "Nike": "NKE", "Starbucks": "SBUX",
    "Caterpillar": "CAT", "3M": "MMM", "General Electric": "GE", "Ford": "F",
    "General Motors": "GM", "Bank of America": "BAC", "Citigroup": "C", "Wells Fargo": "WFC",
    "Morgan Stanley": "MS", "AbbVie": "ABBV", "Merck": "MRK", "Eli Lilly": "LLY",
    "Verizon": "VZ", "AT&T": "T", "Comcast": "CMCSA", "PayPal": "PYPL", "Uber": "UBER",
    "Airbnb": "ABNB", "SAP": "SAP.DE", "Siemens": "SIE.DE", "ASML": "ASML.AS",
    "Nestle": "NESN.SW", "Shell": "SHELL.AS", "BP": "BP.L", "HSBC": "HSBA.L",
    "Unilever": "UNA.AS", "LVMH": "MC.PA", "Micron": "MU", "American Express": "AXP",
    "Lockheed Martin": "LMT", "TotalEnergies": "TTE.PA", "Toyota": "7203.T",
    "AstraZeneca": "AZN.L",
}  # fmt: skip


@pytest.mark.parametrize(("name", "symbol"), PRESS_NAMES.items())
def test_every_sample_company_is_linked_by_its_press_name(name: str, symbol: str) -> None:
    assert symbols(f"Shares of {name} rose 2% on Tuesday after the company reported.") == {symbol}


def test_a_source_that_is_also_a_subject_is_tagged() -> None:
    body = (
        "Goldman Sachs reported record trading revenue on Tuesday. Goldman Sachs analysts "
        "also raised their forecast for Apple Inc."
    )
    assert symbols(body) == {"GS", "AAPL"}


def test_every_alias_points_at_a_company_in_the_universe() -> None:
    universe = load_universe()
    missing = {alias: s for alias, s in ALIASES.items() if universe.company(s) is None}
    assert missing == {}


def test_confidence_follows_the_strength_of_the_evidence() -> None:
    def confidence(body: str) -> float:
        (tag,) = tags(body, headline="Update")
        return tag.confidence

    exchange = confidence("The maker (NASDAQ: AAPL) said demand held up.")
    cashtag = confidence("Traders bought $AAPL on Tuesday.")
    legal = confidence("Apple Inc. said demand held up.")
    name = confidence("Goldman Sachs said demand held up.")
    alias = confidence("Google said demand held up.")
    ambiguous = confidence("Apple said demand held up.")
    assert exchange > cashtag > legal > name > alias > ambiguous
    assert (exchange, ambiguous) == (Evidence.EXCHANGE.value, Evidence.CONTEXT.value)


def test_evidence_is_the_matched_text_and_corroboration_raises_confidence() -> None:
    (tag,) = tags("Apple Inc. (NASDAQ: AAPL) said Apple would buy back $90 billion of stock.")
    assert tag == TickerTag(
        symbol="AAPL",
        company="Apple Inc.",
        confidence=0.99,
        evidence=("NASDAQ: AAPL", "Apple Inc.", "Apple"),
    )


def test_strongest_tag_comes_first() -> None:
    found = tags("Google and Microsoft gained while $NVDA slipped.")
    assert [t.symbol for t in found] == ["NVDA", "MSFT", "GOOGL"]


def test_unknown_tickers_are_not_invented() -> None:
    assert symbols("Shares of Acme (NYSE: ZZZQ) and $QQQQX rose.") == set()


def test_lowercase_words_never_match() -> None:
    assert (
        symbols("we ate an apple, checked the target and paid by visa at the shell station.")
        == set()
    )


def test_ambiguous_name_uses_the_nlp_org_entity_as_context() -> None:
    article = make_article(headline="Update", body="Oracle unveiled new database tools.")
    assert tagger().tag([article]) == [()]
    nlp = NlpResult("en", 2, 6, 0.0, entities=(Entity("Oracle", "ORG"),))
    (tagged,) = tagger().tag([replace(article, nlp=nlp)])
    assert [t.symbol for t in tagged] == ["ORCL"]


def test_a_person_named_like_a_company_is_not_the_company() -> None:
    body = "Ford said on Tuesday he would retire from acting, his agent told reporters."
    article = make_article(headline="Actor news", body=body)
    nlp = NlpResult("en", 2, 12, 0.0, entities=(Entity("Harrison Ford", "PERSON"),))
    assert tagger().tag([replace(article, nlp=nlp)]) == [()]
    # ...unless the article names the company plainly too.
    company = replace(article, body=f"Ford Motor Co. rose. {body}", nlp=nlp)
    assert [t.symbol for t in tagger().tag([company])[0]] == ["F"]


def test_tag_is_a_batch_call_that_keeps_order() -> None:
    batch: list[Article] = [
        make_article(1, body="Microsoft rose after results beat estimates on Tuesday."),
        make_article(2, body="An apple pie recipe that everyone in the family will enjoy."),
        make_article(3, body="Boeing fell after the planemaker delayed deliveries again."),
    ]
    assert [[t.symbol for t in ts] for ts in tagger().tag(batch)] == [["MSFT"], [], ["BA"]]
