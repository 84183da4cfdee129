"""Load template.yaml and run the real SAM transform on it (aws-sam-translator).

Local paths (CodeUri, ContentUri, DefinitionUri) are what ``sam build`` would upload; the
translator only accepts S3 locations, so they are swapped for ``s3://localcloud-code/<path>``
placeholders before the transform and mapped back to folders afterwards.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

CODE_BUCKET = "localcloud-code"

# AWS managed policies SAM templates may name; the translator resolves names through this map
# instead of calling IAM ListPolicies.
_MANAGED_POLICIES = (
    "AWSLambdaBasicExecutionRole",
    "AWSLambdaKinesisExecutionRole",
    "AWSLambdaSQSQueueExecutionRole",
    "AWSXrayWriteOnlyAccess",
    "AWSXRayDaemonWriteAccess",
    "CloudWatchLogsFullAccess",
    "AmazonS3ReadOnlyAccess",
)


class _PolicyLoader:
    def load(self) -> dict[str, str]:
        return {name: f"arn:aws:iam::aws:policy/{name}" for name in _MANAGED_POLICIES}


@dataclass
class Template:
    """A transformed (plain CloudFormation) template plus what the transform forgot."""

    root: Path
    resources: dict[str, dict[str, Any]]
    parameters: dict[str, dict[str, Any]]
    conditions: dict[str, Any]
    outputs: dict[str, dict[str, Any]]
    # SAM function logical id -> its HttpApi routes: (METHOD, /path)
    routes: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def code_dir(self, code: dict[str, Any]) -> Path:
        """Map a translated ``Code``/``Content`` S3 placeholder back to the local folder."""
        if code.get("S3Bucket") != CODE_BUCKET:
            raise ValueError(f"unsupported code location {code!r}: use a local CodeUri")
        return (self.root / code["S3Key"]).resolve()


def load_template(path: Path, region: str) -> Template:
    path = path.resolve()
    root = path.parent
    sam = yaml_parse(path.read_text())
    routes: dict[str, list[tuple[str, str]]] = {}
    function_globals = sam.get("Globals", {}).get("Function", {})
    if "CodeUri" in function_globals:
        function_globals["CodeUri"] = _placeholder(function_globals["CodeUri"])
    for logical_id, resource in sam.get("Resources", {}).items():
        props = resource.setdefault("Properties", {})
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function":
            if "CodeUri" in props:
                props["CodeUri"] = _placeholder(props["CodeUri"])
            elif "CodeUri" not in function_globals:
                props["CodeUri"] = _placeholder(".")
            routes[logical_id] = [
                (str(e["Properties"]["Method"]).upper(), str(e["Properties"]["Path"]))
                for e in props.get("Events", {}).values()
                if e.get("Type") == "HttpApi"
            ]
        elif kind == "AWS::Serverless::LayerVersion":
            props["ContentUri"] = _placeholder(props["ContentUri"])
        elif kind == "AWS::Serverless::StateMachine" and "DefinitionUri" in props:
            uri = props.pop("DefinitionUri")
            if not isinstance(uri, str):
                raise ValueError(f"{logical_id}: only a local DefinitionUri is supported")
            props["Definition"] = json.loads((root / uri).read_text())
    # The translator reads the region from the environment (boto session) for ARNs.
    previous = os.environ.get("AWS_DEFAULT_REGION")
    os.environ["AWS_DEFAULT_REGION"] = region
    try:
        cfn = transform(sam, {}, _PolicyLoader())
    finally:
        if previous is None:
            os.environ.pop("AWS_DEFAULT_REGION", None)
        else:
            os.environ["AWS_DEFAULT_REGION"] = previous
    return Template(
        root=root,
        resources=cfn["Resources"],
        parameters=cfn.get("Parameters", {}),
        conditions=cfn.get("Conditions", {}),
        outputs=cfn.get("Outputs", {}),
        routes={k: v for k, v in routes.items() if v},
    )


def _placeholder(uri: Any) -> str:
    if not isinstance(uri, str) or uri.startswith("s3://"):
        raise ValueError(f"the local cloud needs a local path, got {uri!r}")
    return f"s3://{CODE_BUCKET}/{uri}"
