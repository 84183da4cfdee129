"""Entry point of the ``newsflow`` console script."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from rich.console import Console

DEFAULT_TEMPLATE = Path("template.yaml")
DEFAULT_STATE = Path(".newsflow")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsflow", description="Run Newsflow's template.yaml on a Docker-free local cloud."
    )
    parser.add_argument("--template", type=Path, default=DEFAULT_TEMPLATE)
    parser.add_argument("--state-dir", type=Path, default=DEFAULT_STATE, help="logs and scratch")
    parser.add_argument("-v", "--verbose", action="store_true", help="local cloud debug logs")
    commands = parser.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="deploy locally, stream the sample news, report")
    run.add_argument("--data", type=Path, default=Path("data/sample/news.jsonl"))
    run.add_argument("--bulk", type=Path, default=Path("data/sample/bulk/news-2026-11-22.jsonl.gz"))
    run.add_argument("--report", type=Path, help="also write the report as JSON to this file")
    run.add_argument("--timeout", type=float, default=900.0, help="seconds to wait for quiet")
    run.add_argument("--no-progress", action="store_true", help="no progress bar")

    invoke = commands.add_parser("invoke", help="invoke one function once (like sam local invoke)")
    invoke.add_argument("logical_id", help="the function's logical id in template.yaml")
    invoke.add_argument("--event", "-e", type=Path, required=True, help="event JSON file")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if args.command == "invoke":
        from newsflow_cli.invoke import invoke  # noqa: PLC0415 - keep `--help` fast

        return invoke(args.template, args.logical_id, args.event, args.state_dir / "invoke")

    from newsflow_cli.run import RunError, RunOptions, run  # noqa: PLC0415

    console = Console(stderr=True)
    options = RunOptions(
        template=args.template,
        data=args.data,
        bulk=args.bulk,
        report=args.report,
        state_dir=args.state_dir / "run",
        timeout=args.timeout,
        progress=not args.no_progress,
    )
    try:
        return run(options, console, Console())
    except RunError as exc:
        console.print(f"[red]newsflow run failed: {exc}[/]")
        return 1


if __name__ == "__main__":
    sys.exit(main())
