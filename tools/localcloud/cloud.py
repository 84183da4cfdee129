"""``LocalCloud``: template.yaml running end to end on an embedded moto server.

moto runs in server mode on loopback, in this process, so the seams that hand Lambda
invokes to the local runtime apply to every caller: functions (separate processes, finding
moto through AWS_ENDPOINT_URL), the Step Functions engine, S3 notifications and the
event source mapping pollers.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, Self

import boto3
from botocore.config import Config
from moto.server import ThreadedMotoServer

from localcloud import seams
from localcloud.esm import Poller, create_poller
from localcloud.esm.base import InvokeResult
from localcloud.provision import Stack, provision
from localcloud.runtime import FunctionRuntime
from localcloud.template import load_template

log = logging.getLogger("localcloud")

ACCOUNT_ID = "123456789012"  # moto's default account
_CLIENT_CONFIG = Config(retries={"max_attempts": 3, "mode": "standard"})


class LocalCloud:
    def __init__(
        self,
        template: Path,
        *,
        stack_name: str = "newsflow",
        region: str = "us-east-1",
        state_dir: Path = Path(".newsflow"),
        parameters: dict[str, str] | None = None,
        concurrency: int = 1,
        downstream: bool = True,
    ) -> None:
        """``downstream=False`` runs only what is invoked directly, like ``sam local
        invoke``: no event source pollers, no state machine executions, and S3
        notifications are not delivered."""
        self.template_path = template
        self.downstream = downstream
        self.stack_name = stack_name
        self.region = region
        self.state_dir = state_dir
        self.parameters = parameters or {}
        self.concurrency = concurrency
        self.endpoint_url = ""
        self._server: ThreadedMotoServer | None = None
        self._clients: dict[str, Any] = {}
        self._clients_lock = threading.Lock()
        self._stack: Stack | None = None
        self._runtime: FunctionRuntime | None = None
        self.pollers: list[Poller] = []

    # ---------------------------------------------------------------- lifecycle
    def start(self) -> Self:
        # moto's werkzeug server logs every request at INFO.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self._server.start()
        host, port = self._server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        # moto's Step Functions engine calls Lambda and SQS through this port.
        os.environ["MOTO_PORT"] = str(port)
        self._configure_moto({"stepfunctions": {"execute_state_machine": self.downstream}})
        template = load_template(self.template_path, self.region)
        self._stack = provision(
            template,
            self.client,
            stack_name=self.stack_name,
            region=self.region,
            account=ACCOUNT_ID,
            parameters=self.parameters,
        )
        self._runtime = FunctionRuntime(
            self._stack,
            endpoint_url=self.endpoint_url,
            log_dir=self.state_dir / "logs",
            concurrency=self.concurrency,
            send_to_destination=self.send_to_destination,
            deliver_async=self.downstream,
        )
        seams.install(self._runtime)
        self.pollers = [
            create_poller(
                mapping,
                self._runtime,
                kinesis=self.client("kinesis"),
                sqs=self.client("sqs"),
                invoke_identity_arn=self._stack.function(mapping["FunctionName"]).role,
                # Lambda does not retry a failing batch in a tight loop.
                retry_delay_s=0.5,
            )
            for mapping in self._stack.event_source_mappings
            if self.downstream and mapping.get("Enabled", True)
        ]
        for poller in self.pollers:
            poller.start()
        return self

    def stop(self) -> None:
        for poller in self.pollers:
            poller.stop()
        seams.uninstall()
        if self._runtime is not None:
            self._runtime.shutdown()
        if self._server is not None:
            # moto's config is process-wide: leave plain moto behind for in-process users.
            self._configure_moto({"stepfunctions": {"execute_state_machine": False}})
            self._server.stop()
            self._server = None

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # ---------------------------------------------------------------- access
    @property
    def stack(self) -> Stack:
        if self._stack is None:
            raise RuntimeError("the local cloud is not started")
        return self._stack

    @property
    def runtime(self) -> FunctionRuntime:
        if self._runtime is None:
            raise RuntimeError("the local cloud is not started")
        return self._runtime

    def client(self, service: str) -> Any:
        with self._clients_lock:
            if service not in self._clients:
                self._clients[service] = boto3.client(
                    service,
                    endpoint_url=self.endpoint_url,
                    region_name=self.region,
                    aws_access_key_id="testing",
                    aws_secret_access_key="testing",  # noqa: S106 - moto's dummy credentials
                    config=_CLIENT_CONFIG,
                )
            return self._clients[service]

    def invoke(self, function: str, event: dict[str, Any]) -> InvokeResult:
        """Synchronously invoke a function by logical id, name or ARN."""
        return self.runtime.invoke(function, event)

    def send_to_destination(self, arn: str, record: dict[str, Any]) -> None:
        """Deliver an OnFailure record to an SQS queue or SNS topic destination."""
        body = json.dumps(record)
        service = arn.split(":")[2]
        if service == "sqs":
            url = self.client("sqs").get_queue_url(QueueName=arn.split(":")[5])["QueueUrl"]
            self.client("sqs").send_message(QueueUrl=url, MessageBody=body)
        elif service == "sns":
            self.client("sns").publish(TopicArn=arn, Message=body)
        else:
            raise ValueError(f"unsupported destination {arn}")

    # ---------------------------------------------------------------- quiescence
    def running_executions(self) -> int:
        sfn = self.client("stepfunctions")
        running = 0
        for logical_id in self.stack.logical_ids("AWS::StepFunctions::StateMachine"):
            arn = self.stack.physical_id(logical_id)
            pages = sfn.get_paginator("list_executions").paginate(
                stateMachineArn=arn, statusFilter="RUNNING"
            )
            running += sum(len(page["executions"]) for page in pages)
        return running

    def is_quiet(self) -> bool:
        if self.runtime.busy():
            return False
        if not all(poller.is_idle() for poller in self.pollers):
            return False
        return self.running_executions() == 0

    def wait_until_quiet(
        self,
        *,
        timeout: float = 900.0,
        settle: float = 2.0,
        interval: float = 0.5,
        on_tick: Callable[[], None] | None = None,
    ) -> bool:
        """Wait until nothing has moved for ``settle`` seconds; False on timeout."""
        deadline = time.monotonic() + timeout
        quiet_since: float | None = None
        while time.monotonic() < deadline:
            if on_tick is not None:
                on_tick()
            if self.is_quiet():
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since >= settle:
                    return True
            else:
                quiet_since = None
            time.sleep(interval)
        return False

    def _configure_moto(self, config: dict[str, Any]) -> None:
        request = urllib.request.Request(  # noqa: S310 - loopback endpoint we just started
            f"{self.endpoint_url}/moto-api/config",
            data=json.dumps(config).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            response.read()
