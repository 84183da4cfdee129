"""The whole template on the local cloud: `newsflow run` over the bundled sample data.

One run for the module (it takes a minute or two); each test reads one property of its
report, checked against the sample data's manifest rather than against the code's output.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newsflow_cli.main import main

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = json.loads((ROOT / "data" / "sample" / "manifest.json").read_text())

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e-run")]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("run")
    path = out / "report.json"
    code = main(
        [
            "--template",
            str(ROOT / "template.yaml"),
            "--state-dir",
            str(out / "state"),
            "run",
            "--data",
            str(ROOT / "data" / "sample" / "news.jsonl"),
            "--bulk",
            str(ROOT / "data" / "sample" / "bulk" / "news-2026-11-22.jsonl.gz"),
            "--report",
            str(path),
            "--no-progress",
            "--timeout",
            "600",
        ]
    )
    data: dict[str, Any] = json.loads(path.read_text())
    data["exit_code"] = code
    return data


def test_run_exits_zero_and_goes_quiet(report: dict[str, Any]) -> None:
    assert report["exit_code"] == 0
    assert report["quiet"] is True


def test_every_record_streamed_is_accounted_for(report: dict[str, Any]) -> None:
    assert report["articles_in"] == MANIFEST["stream"]["records"]
    assert report["articles_in"] == (
        report["published"] + report["duplicates"] + report["rejected"]["count"]
    )
    assert report["conservation"]["holds"] is True


def test_duplicates_are_detected_and_malformed_records_rejected_with_reasons(
    report: dict[str, Any],
) -> None:
    assert report["duplicates"] == MANIFEST["stream"]["duplicates"]
    assert report["rejected"]["count"] == MANIFEST["stream"]["malformed"]
    expected = MANIFEST["stream"]["malformed_by_reason"]
    assert report["rejected"]["reasons"] == expected
    assert report["dlq"]["IngestDLQ"] >= report["rejected"]["count"]


def test_articles_flow_through_every_hop(report: dict[str, Any]) -> None:
    unique = MANIFEST["stream"]["valid_unique"]
    assert report["ingested"] == unique
    assert report["enriched"] == unique
    assert report["published"] == unique
    tagged = report["published"] - report["published_without_tickers"]
    assert tagged > 0.9 * unique
    # Feeds and analytics subscribe to articles with tickers; webhooks to every article.
    assert report["delivered"]["feed"] == tagged
    assert report["delivered"]["analytics"] == tagged
    assert report["delivered"]["webhook"] == unique
    # One signed webhook per article reached the loopback subscriber, none forged.
    assert report["webhook_receiver"]["unique_webhook_ids"] == unique
    assert report["webhook_receiver"]["bad_signatures"] == 0


def test_no_message_is_left_in_a_fanout_dlq(report: dict[str, Any]) -> None:
    for queue in ("FeedDLQ", "AnalyticsDLQ", "WebhookDLQ", "EnrichmentDLQ", "StreamFailureDLQ"):
        assert report["dlq"][queue] == 0, queue


def test_bulk_job_is_aggregated_once_and_balances(report: dict[str, Any]) -> None:
    bulk = report["bulk"]
    assert bulk["status"] == "AGGREGATED"
    assert bulk["jobs"] == 1
    assert bulk["lines"] == MANIFEST["bulk"]["lines"]
    assert bulk["lines"] == bulk["enriched"] + bulk["rejected"]
    assert bulk["rejected"] == MANIFEST["bulk"]["malformed"]
    assert bulk["digest_key"]


def test_function_stats_cover_every_hop(report: dict[str, Any]) -> None:
    functions = report["functions"]
    for name in (
        "IngestFunction",
        "NlpFunction",
        "TagEntitiesFunction",
        "PublishFunction",
        "FeedFunction",
        "AnalyticsFunction",
        "WebhookFunction",
        "SplitterFunction",
        "ChunkWorkerFunction",
        "AggregatorFunction",
    ):
        stats = functions[name]
        assert stats["invocations"] >= 1, name
        assert stats["cold_starts"] >= 1, name
        assert stats["median_duration_ms"] is not None, name
