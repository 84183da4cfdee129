"""`newsflow invoke` (the CLI, in a subprocess) exits 0 for every sample event in events/."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVENTS = sorted(
    path for path in (ROOT / "events").glob("*/*.json") if not path.parent.name.startswith("_")
)

pytestmark = pytest.mark.e2e


def test_every_function_in_the_template_has_a_sample_event() -> None:
    from samtranslator.yaml_helper import yaml_parse  # noqa: PLC0415

    template = yaml_parse((ROOT / "template.yaml").read_text())
    functions = {
        k for k, v in template["Resources"].items() if v["Type"] == "AWS::Serverless::Function"
    }
    assert functions <= {path.parent.name for path in EVENTS}


@pytest.mark.parametrize("event", EVENTS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_newsflow_invoke_exits_zero(event: Path, tmp_path: Path) -> None:
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsflow_cli.main",
            "--template",
            str(ROOT / "template.yaml"),
            "--state-dir",
            str(tmp_path),
            "invoke",
            event.parent.name,
            "--event",
            str(event),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
        cwd=ROOT,
    )
    assert completed.returncode == 0, completed.stderr[-4000:]
    json.loads(completed.stdout)  # the handler's response, and nothing else, on stdout
