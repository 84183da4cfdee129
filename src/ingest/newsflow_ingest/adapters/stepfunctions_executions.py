"""Step Functions implementation of the ExecutionStarter."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from botocore.exceptions import ClientError

from newsflow_core.observability import logger
from newsflow_ingest.adapters.aws_errors import NETWORK_ERRORS, error_code, is_transient, transient
from newsflow_ingest.ports import ExecutionStarter


class StepFunctionsExecutionStarter(ExecutionStarter):
    def __init__(self, stepfunctions: Any, state_machine_arn: str) -> None:
        self._sfn = stepfunctions
        self._arn = state_machine_arn

    def start(self, name: str, payload: Mapping[str, Any]) -> None:
        try:
            self._sfn.start_execution(
                stateMachineArn=self._arn, name=name, input=orjson.dumps(payload).decode()
            )
        except ClientError as exc:
            # Standard workflows (and moto) refuse a reused name; Express ones start a second
            # run. Either way an earlier attempt of this very batch already started it.
            if error_code(exc) == "ExecutionAlreadyExists":
                logger.info("execution already started", extra={"execution_name": name})
                return
            if is_transient(exc):
                raise transient(f"StartExecution {name}", exc) from exc
            raise
        except NETWORK_ERRORS as exc:
            raise transient(f"StartExecution {name}", exc) from exc
