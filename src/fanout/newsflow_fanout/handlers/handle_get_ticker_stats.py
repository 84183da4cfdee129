"""GetTickerStatsFunction - GET /v1/tickers/{symbol}/stats?hours=24, hourly rows."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.logging import correlation_paths
from aws_lambda_powertools.utilities.typing import LambdaContext

from newsflow_core.observability import logger, metrics, tracer
from newsflow_fanout.bootstrap import build_ticker_stats
from newsflow_fanout.http_api import build_resolver

app = build_resolver()
stats = build_ticker_stats()


@app.get("/v1/tickers/<symbol>/stats")
@tracer.capture_method
def get_ticker_stats(symbol: str) -> dict[str, Any]:
    return stats.hourly(symbol, app.current_event.get_query_string_value("hours")).to_dict()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_HTTP)
@tracer.capture_lambda_handler
@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict[str, Any], context: LambdaContext) -> dict[str, Any]:
    return app.resolve(event, context)
