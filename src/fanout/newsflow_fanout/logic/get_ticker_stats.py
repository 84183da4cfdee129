"""GET /v1/tickers/{symbol}/stats?hours=N: hourly mentions and sentiment of one ticker.

The window ends with the current hour and holds exactly ``hours`` rows, oldest first;
hours without mentions are filled with zeros so clients can chart the rows as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from newsflow_fanout.logic import requests
from newsflow_fanout.logic.analytics import HOUR_FORMAT
from newsflow_fanout.ports import AnalyticsReader, Clock, HourlyStat

DEFAULT_HOURS = 24
MAX_HOURS = 24 * 30


def row_view(stat: HourlyStat) -> dict[str, Any]:
    average = stat.sentiment_sum / stat.sentiment_count if stat.sentiment_count else None
    return {
        "hour": stat.hour,
        "mentions": stat.mentions,
        "sentiment_sum": round(stat.sentiment_sum, 6),
        "sentiment_count": stat.sentiment_count,
        "avg_sentiment": round(average, 6) if average is not None else None,
    }


@dataclass(frozen=True, slots=True)
class TickerStatsView:
    symbol: str
    hours: int
    rows: list[HourlyStat]

    def to_dict(self) -> dict[str, Any]:
        return {
            "symbol": self.symbol,
            "hours": self.hours,
            "from": self.rows[0].hour,
            "to": self.rows[-1].hour,
            "total_mentions": sum(r.mentions for r in self.rows),
            "rows": [row_view(r) for r in self.rows],
        }


class TickerStats:
    def __init__(self, reader: AnalyticsReader, clock: Clock) -> None:
        self._reader = reader
        self._clock = clock

    def hourly(self, symbol: str, hours: str | None) -> TickerStatsView:
        ticker = requests.ticker(symbol)
        count = requests.bounded_int(
            hours, name="hours", default=DEFAULT_HOURS, minimum=1, maximum=MAX_HOURS
        )
        last = self._clock.now().replace(minute=0, second=0, microsecond=0)
        window = [(last - timedelta(hours=n)).strftime(HOUR_FORMAT) for n in range(count)][::-1]
        stored = {s.hour: s for s in self._reader.hourly(ticker, window[0], window[-1])}
        rows = [stored.get(hour, HourlyStat(ticker=ticker, hour=hour)) for hour in window]
        return TickerStatsView(symbol=ticker, hours=count, rows=rows)
