"""``newsflow run``: the whole pipeline on the local cloud, from sample news to the report."""

from __future__ import annotations

import hashlib
import json
import random
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from localcloud.cloud import LocalCloud
from newsflow_cli.apigw import http_api_event
from newsflow_cli.report import build_report, bulk_status, queue_depth, stream_counts
from newsflow_cli.webhook_receiver import WebhookReceiver
from sample_data.stream import read_records

# Sample users and the tickers they follow, so feeds have followers to fan out to.
FOLLOWS: dict[str, list[str]] = {
    "ava": ["AAPL", "MSFT", "NVDA", "GOOGL"],
    "ben": ["JPM", "GS", "BAC", "MS"],
    "chen": ["XOM", "CVX", "TSLA", "AMZN", "META"],
}
# PutRecords takes at most 500 records or 5 MB per call.
_PUT_RECORDS_MAX = 500
_PUT_RECORDS_BYTES = 5 * 1024 * 1024
_PUT_ATTEMPTS = 8


@dataclass(frozen=True)
class RunOptions:
    template: Path
    data: Path
    bulk: Path
    report: Path | None
    state_dir: Path
    timeout: float
    progress: bool


class RunError(RuntimeError):
    pass


def run(options: RunOptions, console: Console, out: Console) -> int:
    started = time.monotonic()
    records = read_records(options.data)
    with (
        WebhookReceiver() as receiver,
        LocalCloud(options.template, state_dir=options.state_dir) as cloud,
    ):
        stack = cloud.stack
        console.log(
            f"deployed stack [bold]{stack.name}[/] locally: {len(stack.types)} resources, "
            f"{len(stack.functions)} functions, {len(cloud.pollers)} event source mappings"
        )
        _seed_follows(cloud)
        receiver.secret = _subscribe_webhook(cloud, receiver.url)
        console.log(f"{len(FOLLOWS)} users follow tickers; webhook subscriber at {receiver.url}")
        _put_records(cloud, records)
        console.log(f"streamed {len(records)} records into Kinesis")
        bulk_key = f"bulk/{options.bulk.name}"
        cloud.client("s3").put_object(
            Bucket=stack.physical_id("DataBucket"), Key=bulk_key, Body=options.bulk.read_bytes()
        )
        console.log(f"dropped bulk file s3://{stack.physical_id('DataBucket')}/{bulk_key}")
        quiet = _wait(cloud, len(records), options, console)
        report = build_report(
            cloud,
            articles_in=len(records),
            receiver={
                "deliveries": receiver.deliveries,
                "unique_webhook_ids": len(receiver.received_ids),
                "bad_signatures": receiver.bad_signatures,
            },
            quiet=quiet,
            elapsed_seconds=time.monotonic() - started,
        )
    render(report, out)
    if options.report is not None:
        options.report.parent.mkdir(parents=True, exist_ok=True)
        options.report.write_text(json.dumps(report, indent=2) + "\n")
        console.log(f"report written to {options.report}")
    problems = problems_in(report)
    for problem in problems:
        console.print(f"[red]✗ {problem}[/]")
    return 1 if problems else 0


def problems_in(report: dict[str, Any]) -> list[str]:
    problems = []
    if not report["quiet"]:
        problems.append("the pipeline did not go quiet before the timeout")
    if not report["conservation"]["holds"]:
        c = report["conservation"]
        problems.append(
            f"conservation broken: {c['articles_in']} in, "
            f"{c['published_plus_duplicates_plus_rejected']} accounted for"
        )
    if report["bulk"]["status"] != "AGGREGATED":
        problems.append(f"bulk job is {report['bulk']['status']}, not AGGREGATED")
    if not report["bulk_balanced"]:
        problems.append("bulk lines != enriched + rejected")
    return problems


def _invoke_api(cloud: LocalCloud, logical_id: str, event: dict[str, Any]) -> dict[str, Any]:
    result = cloud.invoke(logical_id, event)
    if result.error is not None:
        raise RunError(f"{logical_id} failed: {result.error}")
    status = int(result.payload.get("statusCode", 500))
    body = json.loads(result.payload.get("body") or "{}")
    if status >= 300:
        raise RunError(f"{logical_id} answered {status}: {body}")
    return dict(body)


def _route(cloud: LocalCloud, logical_id: str) -> tuple[str, str]:
    return cloud.stack.template.routes[logical_id][0]


def _seed_follows(cloud: LocalCloud) -> None:
    method, route = _route(cloud, "PutFollowsFunction")
    for user, tickers in FOLLOWS.items():
        event = http_api_event(
            method, route, path_parameters={"user_id": user}, body={"tickers": tickers}
        )
        _invoke_api(cloud, "PutFollowsFunction", event)


def _subscribe_webhook(cloud: LocalCloud, url: str) -> str:
    method, route = _route(cloud, "CreateWebhookSubscriptionFunction")
    body = _invoke_api(
        cloud, "CreateWebhookSubscriptionFunction", http_api_event(method, route, body={"url": url})
    )
    return str(body["secret"])


def _put_records(cloud: LocalCloud, records: list[bytes]) -> None:
    kinesis = cloud.client("kinesis")
    stream = cloud.stack.physical_id("NewsStream")
    batch: list[dict[str, Any]] = []
    size = 0
    for data in records:
        entry = {"Data": data, "PartitionKey": hashlib.sha256(data).hexdigest()[:32]}
        if len(batch) == _PUT_RECORDS_MAX or size + len(data) > _PUT_RECORDS_BYTES:
            _put_batch(kinesis, stream, batch)
            batch, size = [], 0
        batch.append(entry)
        size += len(data)
    if batch:
        _put_batch(kinesis, stream, batch)


def _put_batch(kinesis: Any, stream: str, entries: list[dict[str, Any]]) -> None:
    """PutRecords can partly fail (FailedRecordCount): retry only the failed entries."""
    pending = entries
    for attempt in range(_PUT_ATTEMPTS):
        response = kinesis.put_records(StreamName=stream, Records=pending)
        if not response.get("FailedRecordCount"):
            return
        pending = [
            entry
            for entry, result in zip(pending, response["Records"], strict=True)
            if "ErrorCode" in result
        ]
        time.sleep(random.uniform(0, min(2.0, 0.05 * 2**attempt)))  # full jitter
    raise RunError(
        f"{len(pending)} records still failing after {_PUT_ATTEMPTS} PutRecords attempts"
    )


def _wait(cloud: LocalCloud, articles_in: int, options: RunOptions, console: Console) -> bool:
    progress = Progress(
        TextColumn("{task.description:<28}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        disable=not options.progress,
        transient=False,
    )
    stream_task = progress.add_task("stream articles accounted", total=articles_in)
    bulk_task = progress.add_task("bulk chunks done", total=None)
    last = 0.0

    def tick() -> None:
        nonlocal last
        # Each tick scans tables through moto: only pay for it when a bar is shown.
        if not options.progress or time.monotonic() - last < 2.0:
            return
        last = time.monotonic()
        counts = stream_counts(cloud)
        # IngestDLQ depth approximates rejects while running; the report counts them exactly.
        rejected = queue_depth(cloud, "IngestDLQ")
        done = counts["published"] + counts["duplicates"] + rejected
        progress.update(stream_task, completed=min(done, articles_in))
        bulk = bulk_status(cloud)
        progress.update(
            bulk_task, total=bulk.get("chunks") or None, completed=bulk.get("completed_chunks", 0)
        )

    with progress:
        quiet = cloud.wait_until_quiet(timeout=options.timeout, on_tick=tick)
        last = 0.0
        tick()
    return quiet


def render(report: dict[str, Any], out: Console) -> None:
    hops = Table(title="Articles per hop", show_header=True)
    hops.add_column("hop")
    hops.add_column("count", justify="right")
    rows = [
        ("in (records streamed)", report["articles_in"]),
        ("ingested (unique, valid)", report["ingested"]),
        ("duplicates dropped", report["duplicates"]),
        ("rejected", report["rejected"]["count"]),
        ("enriched", report["enriched"]),
        ("published", report["published"]),
        ("  without tickers", report["published_without_tickers"]),
        ("delivered to feed", report["delivered"]["feed"]),
        ("delivered to analytics", report["delivered"]["analytics"]),
        ("delivered to webhook", report["delivered"]["webhook"]),
        ("webhooks received (unique ids)", report["webhook_receiver"]["unique_webhook_ids"]),
    ]
    for name, value in rows:
        hops.add_row(name, str(value))
    out.print(hops)

    reasons = Table(title="Rejected, by reason")
    reasons.add_column("reason")
    reasons.add_column("count", justify="right")
    for reason, count in report["rejected"]["reasons"].items():
        reasons.add_row(reason, str(count))
    out.print(reasons)

    dlqs = Table(title="Dead-letter queues")
    dlqs.add_column("queue")
    dlqs.add_column("messages", justify="right")
    for name, count in report["dlq"].items():
        dlqs.add_row(name, str(count))
    out.print(dlqs)

    bulk = report["bulk"]
    out.print(
        f"[bold]Bulk[/] job {bulk.get('job_id', '-')}: {bulk['status']}, lines {bulk['lines']} = "
        f"enriched {bulk['enriched']} + rejected {bulk['rejected']} "
        f"({bulk.get('chunks', 0)} chunks), digest {bulk.get('digest_key')}"
    )

    functions = Table(title="Functions")
    for column in (
        "function",
        "invocations",
        "cold starts",
        "errors",
        "median ms",
        "init ms",
        "max MB",
    ):
        functions.add_column(column, justify="left" if column == "function" else "right")
    for name, stats in report["functions"].items():
        functions.add_row(
            name,
            str(stats["invocations"]),
            str(stats["cold_starts"]),
            str(stats["errors"]),
            str(stats["median_duration_ms"] if stats["median_duration_ms"] is not None else "-"),
            str(stats["median_init_ms"] if stats["median_init_ms"] is not None else "-"),
            str(stats["max_memory_mb"]),
        )
    out.print(functions)
    c = report["conservation"]
    mark = "[green]✓[/]" if c["holds"] else "[red]✗[/]"
    out.print(
        f"{mark} conservation: articles_in {c['articles_in']} == published {report['published']} "
        f"+ duplicates {report['duplicates']} + rejected {report['rejected']['count']}"
        f" = {c['published_plus_duplicates_plus_rejected']}"
    )
