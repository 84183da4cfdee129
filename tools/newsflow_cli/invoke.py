"""``newsflow invoke``: the Docker-free twin of ``sam local invoke``.

Deploys the template on a fresh local stack with nothing downstream running (no event
source pollers, state machine executions or S3 notifications), so only the named function
runs, seeds the state sample events refer to, invokes the function once
with the event, prints its logs on stderr and its JSON response on stdout.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from localcloud.cloud import LocalCloud
from newsflow_cli.fixtures import seed_fixtures


def invoke(template: Path, logical_id: str, event_path: Path, state_dir: Path) -> int:
    event = json.loads(event_path.read_text())
    with LocalCloud(template, state_dir=state_dir, downstream=False) as cloud:
        if logical_id not in cloud.stack.functions:
            known = ", ".join(sorted(cloud.stack.functions))
            print(
                f"newsflow invoke: no function {logical_id!r}; functions: {known}", file=sys.stderr
            )
            return 2
        seed_fixtures(cloud, template.resolve().parent)
        log_path = cloud.runtime.log_path(logical_id)
        offset = log_path.stat().st_size if log_path.exists() else 0
        result = cloud.invoke(logical_id, event)
        if log_path.exists():
            with log_path.open("rb") as logs:
                logs.seek(offset)
                sys.stderr.write(logs.read().decode(errors="replace"))
    if result.error is not None:
        print(json.dumps(result.error, indent=2), file=sys.stderr)
        return 1
    print(json.dumps(result.payload))
    return 0
