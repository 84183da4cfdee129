"""Shared fixtures: AWS isolation, the template provisioned into moto, handlers and events.

Handler tests run the real handler with exactly its template environment against moto;
``stack`` provisions template.yaml with the same code the local cloud uses.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws

from localcloud.provision import Stack, provision
from localcloud.template import Template, load_template
from localcloud.worker import LambdaContext

ROOT = Path(__file__).resolve().parent.parent
EVENTS = ROOT / "events"
REGION = "us-east-1"
ACCOUNT = "123456789012"
STACK_NAME = "newsflow"


@pytest.fixture(autouse=True)
def _aws_isolation(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test may reach a real AWS account or pick up the developer's profile."""
    for name in ("AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_REGION", REGION)
    # What `sam local` sets; keeps Powertools Tracer from looking for an X-Ray daemon.
    monkeypatch.setenv("AWS_SAM_LOCAL", "true")


@cache
def _template() -> Template:
    return load_template(ROOT / "template.yaml", REGION)


class DeployedStack:
    """template.yaml provisioned into in-process moto."""

    def __init__(self, stack: Stack) -> None:
        self.stack = stack

    def physical_id(self, logical_id: str) -> Any:
        return self.stack.physical_id(logical_id)

    def attr(self, logical_id: str, name: str) -> Any:
        return self.stack.attr(logical_id, name)

    def function_env(self, logical_id: str) -> dict[str, str]:
        return dict(self.stack.functions[logical_id].environment)

    def client(self, service: str) -> Any:
        return boto3.client(service, region_name=REGION)


@pytest.fixture
def stack() -> Iterator[DeployedStack]:
    with mock_aws():
        deployed = provision(
            _template(),
            lambda service: boto3.client(service, region_name=REGION),
            stack_name=STACK_NAME,
            region=REGION,
            account=ACCOUNT,
        )
        yield DeployedStack(deployed)


@pytest.fixture
def load_handler(monkeypatch: pytest.MonkeyPatch) -> Callable[[DeployedStack, str], Any]:
    """Cold-start a function: set its template environment, import its handler fresh."""

    def load(deployed: DeployedStack, logical_id: str) -> Any:
        spec = deployed.stack.functions[logical_id]
        for name, value in spec.environment.items():
            monkeypatch.setenv(name, value)
        monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", spec.name)
        monkeypatch.setenv("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", str(spec.memory_size))
        module_name, _, attribute = spec.handler.rpartition(".")
        package = module_name.split(".", 1)[0]
        # A cold start: the stage package and the per-container singletons are re-imported.
        for name in list(sys.modules):
            if (
                name == package
                or name.startswith(f"{package}.")
                or name == "newsflow_core.observability"
            ):
                monkeypatch.delitem(sys.modules, name)
        return getattr(importlib.import_module(module_name), attribute)

    return load


@pytest.fixture
def load_event() -> Callable[[str, str], Any]:
    def load(logical_id: str, name: str) -> Any:
        return json.loads((EVENTS / logical_id / name).read_text())

    return load


@pytest.fixture
def lambda_context() -> LambdaContext:
    return LambdaContext(str(uuid.uuid4()), (time.time() + 60) * 1000)
