"""The ticker universe: one canonical symbol per company, and every way news names it."""

from __future__ import annotations

import pytest

from newsflow_core.enrichment import TickerUniverse, load_universe


def test_universe_loads_once_per_container() -> None:
    assert load_universe() is load_universe()
    assert len(load_universe()) > 1500


@pytest.mark.parametrize(
    ("name", "symbol"),
    [
        ("Apple Inc.", "AAPL"),
        ("Alphabet Inc.", "GOOGL"),
        ("Berkshire Hathaway", "BRK-B"),  # the US listing's Yahoo symbol, not "BRK.B"
        ("SAP", "SAP.DE"),  # home listing for non-US companies
        ("Nestlé SA", "NESN.SW"),
        ("LVMH", "MC.PA"),
    ],
)
def test_canonical_symbol_per_company(name: str, symbol: str) -> None:
    company = load_universe().company(symbol)
    assert company is not None
    assert company.name == name


@pytest.mark.parametrize(
    ("cashtag", "symbol"),
    [("AAPL", "AAPL"), ("BRK.B", "BRK-B"), ("BRK-B", "BRK-B"), ("GOOG", "GOOGL"),
     ("SAP", "SAP.DE"), ("HSBC", "HSBA.L"), ("NSRGY", "NESN.SW"), ("aapl", "AAPL")],
)  # fmt: skip
def test_cashtags_resolve_bare_tickers_and_share_classes(cashtag: str, symbol: str) -> None:
    company = load_universe().resolve_cashtag(cashtag)
    assert company is not None
    assert company.symbol == symbol


@pytest.mark.parametrize(
    ("exchange", "ticker", "symbol"),
    [
        ("NASDAQ", "AAPL", "AAPL"),
        ("Nasdaq", "AAPL", "AAPL"),
        ("NYSE", "BRK.B", "BRK-B"),
        ("LON", "BP", "BP.L"),
        ("LSE", "HSBA", "HSBA.L"),
        ("EPA", "MC", "MC.PA"),
        ("ETR", "SAP", "SAP.DE"),
        ("Xetra", "SIE", "SIE.DE"),
        ("SWX", "NESN", "NESN.SW"),
        ("AMS", "ASML", "ASML.AS"),
        ("NASDAQ", "ASML", "ASML.AS"),
        ("TYO", "7203", "7203.T"),
    ],
)
def test_exchange_tickers_resolve_through_google_or_yahoo_symbols(
    exchange: str, ticker: str, symbol: str
) -> None:
    company = load_universe().resolve_listing(exchange, ticker)
    assert company is not None
    assert company.symbol == symbol


def test_unknown_exchanges_and_tickers_resolve_to_nothing() -> None:
    universe = load_universe()
    assert universe.resolve_listing("MOON", "AAPL") is None
    assert universe.resolve_listing("NYSE", "ZZZQ") is None
    assert universe.resolve_cashtag("ZZZQ") is None


def test_built_from_library_shaped_records_skipping_unusable_ones() -> None:
    universe = TickerUniverse.from_records(
        [
            {
                "name": "Acme Corp.",
                "symbol": "ACME.B",
                "country": "United States",
                "symbols": [
                    {"yahoo": "ACME-B", "google": "NYSE:ACME.B"},
                    {"yahoo": "AC1.F", "google": "FRA:AC1"},
                ],
            },
            {"name": "Nameless", "country": "Germany"},  # no symbol anywhere
            {"name": "", "symbol": "X"},
        ]
    )
    assert list(universe.companies) == ["ACME-B"]
    company = universe.companies["ACME-B"]
    assert company.tickers == {"ACME-B", "ACME.B"}  # not the Frankfurt line
    assert universe.resolve_listing("FRA", "AC1") is company
