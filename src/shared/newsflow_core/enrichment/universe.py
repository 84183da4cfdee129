"""The ticker universe: listed companies from pytickersymbols, indexed for the tagger.

pytickersymbols ships ~1,800 companies of 20 indices offline. For each we choose ONE
canonical symbol to tag with (so feeds and analytics key on one id per company):

- US companies: the US listing's Yahoo symbol ("AAPL", "BRK-B"; the library's own
  ``symbol`` field says "BRK.B").
- Others: the library's ``symbol``, the home listing ("SAP.DE", "NESN.SW", "MC.PA").

and index every way news names a listing: bare tickers for cashtags ($AAPL, $BRK.B) and
exchange-qualified tickers ("NASDAQ:AAPL", "LON:BP", or a Yahoo suffix like "MC.PA").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

# Exchange names as press releases write them -> the code pytickersymbols' Google symbols
# use, and the Yahoo suffix of that market (a fallback when the Google list lacks it).
EXCHANGE_CODES: dict[str, tuple[str, str]] = {
    "NASDAQ": ("NASDAQ", ""),
    "NASDAQGS": ("NASDAQ", ""),
    "NASDAQGM": ("NASDAQ", ""),
    "NYSE": ("NYSE", ""),
    "NYSE AMERICAN": ("NYSEAMERICAN", ""),
    "NYSEAMERICAN": ("NYSEAMERICAN", ""),
    "NYSE ARCA": ("NYSEARCA", ""),
    "NYSEARCA": ("NYSEARCA", ""),
    "AMEX": ("NYSEAMERICAN", ""),
    "OTC": ("OTCMKTS", ""),
    "OTCMKTS": ("OTCMKTS", ""),
    "OTCQX": ("OTCMKTS", ""),
    "LSE": ("LON", ".L"),
    "LON": ("LON", ".L"),
    "FRA": ("FRA", ".F"),
    "FWB": ("FRA", ".F"),
    "ETR": ("ETR", ".DE"),
    "XETRA": ("ETR", ".DE"),
    "EPA": ("EPA", ".PA"),
    "EURONEXT PARIS": ("EPA", ".PA"),
    "AMS": ("AMS", ".AS"),
    "EURONEXT AMSTERDAM": ("AMS", ".AS"),
    "EBR": ("EBR", ".BR"),
    "EURONEXT BRUSSELS": ("EBR", ".BR"),
    "SIX": ("SWX", ".SW"),
    "SWX": ("SWX", ".SW"),
    "TYO": ("TYO", ".T"),
    "TSE": ("TYO", ".T"),
    "BME": ("BME", ".MC"),
    "STO": ("STO", ".ST"),
    "HEL": ("HEL", ".HE"),
    "BIT": ("BIT", ".MI"),
}
US_EXCHANGES = frozenset({"NASDAQ", "NYSE", "NYSEAMERICAN", "NYSEARCA", "OTCMKTS"})

# A Yahoo symbol with a market suffix ("SAP.F", "BP.L", "7203.T") is not a bare ticker.
_MARKET_SUFFIX_RE = re.compile(r"\.[A-Z]{1,2}$")


@dataclass(frozen=True, slots=True)
class Company:
    symbol: str  # canonical, what TickerTag.symbol carries
    name: str  # as pytickersymbols spells it ("Apple Inc.", "The Coca-Cola Company")
    country: str
    tickers: frozenset[str]  # bare tickers a cashtag may use ("AAPL", "BRK-B", "BRK.B")
    listings: frozenset[str]  # exchange-qualified ("NASDAQ:AAPL") and Yahoo ("MC.PA")


@dataclass(frozen=True, slots=True)
class TickerUniverse:
    companies: Mapping[str, Company]  # by canonical symbol
    by_ticker: Mapping[str, Company]
    by_listing: Mapping[str, Company]

    def __len__(self) -> int:
        return len(self.companies)

    def company(self, symbol: str) -> Company | None:
        return self.companies.get(symbol)

    def resolve_cashtag(self, ticker: str) -> Company | None:
        return self.by_ticker.get(ticker.upper())

    def resolve_listing(self, exchange: str, ticker: str) -> Company | None:
        """A ticker qualified by an exchange name as the press writes it ("NYSE", "LSE")."""
        code, yahoo_suffix = EXCHANGE_CODES.get(" ".join(exchange.upper().split()), ("", ""))
        ticker = ticker.upper()
        if not code:
            return None
        found = self.by_listing.get(f"{code}:{ticker}")
        if found is None and yahoo_suffix:
            found = self.by_listing.get(f"{ticker}{yahoo_suffix}")
        if found is None and code in US_EXCHANGES:
            found = self.by_ticker.get(ticker)
        return found

    @classmethod
    def from_records(cls, records: Iterable[Mapping[str, Any]]) -> TickerUniverse:
        """Build from pytickersymbols-shaped records (``get_all_stocks()``)."""
        companies: dict[str, Company] = {}
        for record in records:
            company = _company(record)
            if company is not None and company.symbol not in companies:
                companies[company.symbol] = company
        by_ticker: dict[str, Company] = {}
        by_listing: dict[str, Company] = {}
        # Canonical symbols claim their ticker first, so "SAP" (an ADR line of SAP SE)
        # never shadows a company whose own symbol is "SAP"; then first come, first served.
        for company in companies.values():
            by_ticker.setdefault(company.symbol, company)
        for company in companies.values():
            for ticker in company.tickers:
                by_ticker.setdefault(ticker, company)
            for listing in company.listings:
                by_listing.setdefault(listing, company)
        return cls(companies=companies, by_ticker=by_ticker, by_listing=by_listing)


def _company(record: Mapping[str, Any]) -> Company | None:
    name = str(record.get("name") or "").strip()
    listings = [s for s in record.get("symbols") or () if isinstance(s, Mapping)]
    yahoo = [str(s["yahoo"]).upper() for s in listings if s.get("yahoo")]
    google = [str(s["google"]).upper() for s in listings if s.get("google")]
    symbol = _canonical_symbol(str(record.get("symbol") or "").upper(), yahoo)
    if not name or not symbol:
        return None
    tickers: set[str] = set()
    us_listed = [g.partition(":")[2] for g in google if g.partition(":")[0] in US_EXCHANGES]
    for candidate in [*yahoo, *us_listed]:
        if candidate and not _MARKET_SUFFIX_RE.search(candidate):
            tickers.update(_class_variants(candidate))
    if not _MARKET_SUFFIX_RE.search(symbol):
        tickers.update(_class_variants(symbol))
    return Company(
        symbol=symbol,
        name=name,
        country=str(record.get("country") or ""),
        tickers=frozenset(tickers),
        listings=frozenset({*google, *yahoo, symbol}),
    )


def _canonical_symbol(symbol: str, yahoo: list[str]) -> str:
    if symbol in yahoo or not symbol:
        return symbol or (yahoo[0] if yahoo else "")
    dashed = symbol.replace(".", "-")  # share classes: Yahoo writes BRK-B for BRK.B
    return dashed if dashed in yahoo else symbol


def _class_variants(ticker: str) -> set[str]:
    """Share-class tickers are written both ways in news: BRK.B and BRK-B."""
    return {ticker, ticker.replace("-", "."), ticker.replace(".", "-")}


@cache
def load_universe() -> TickerUniverse:
    """The bundled pytickersymbols universe, loaded once per container."""
    from pytickersymbols import PyTickerSymbols  # noqa: PLC0415 - only the tagger needs it

    return TickerUniverse.from_records(PyTickerSymbols().get_all_stocks())
