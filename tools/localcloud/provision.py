"""Create every resource of a transformed template in moto, in dependency order.

Each supported resource type maps to the API calls CloudFormation would make. Event source
mappings, async invoke configs and function code are not handed to moto (it would run them
its own way); they are recorded on the ``Stack`` for the local cloud's runtime and pollers.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
import secrets
import string
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from localcloud.intrinsics import Resolver
from localcloud.template import Template

log = logging.getLogger("localcloud")

ClientFactory = Callable[[str], Any]


@dataclass(frozen=True)
class FunctionSpec:
    """Everything the runtime needs to run one function exactly as the template says."""

    logical_id: str
    name: str
    arn: str
    role: str
    handler: str
    runtime: str
    code_dir: Path
    layer_dirs: tuple[Path, ...]
    environment: dict[str, str]
    timeout: int
    memory_size: int
    architectures: tuple[str, ...]


@dataclass(frozen=True)
class AsyncConfig:
    """Lambda's asynchronous invocation settings (EventInvokeConfig); AWS defaults."""

    maximum_retry_attempts: int = 2
    maximum_event_age_seconds: int = 21600
    on_failure: str | None = None


@dataclass
class Stack:
    name: str
    region: str
    account: str
    template: Template
    types: dict[str, str] = field(default_factory=dict)
    physical: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, dict[str, Any]] = field(default_factory=dict)
    functions: dict[str, FunctionSpec] = field(default_factory=dict)
    event_source_mappings: list[dict[str, Any]] = field(default_factory=list)
    async_configs: dict[str, AsyncConfig] = field(default_factory=dict)
    outputs: dict[str, Any] = field(default_factory=dict)
    skipped: dict[str, str] = field(default_factory=dict)

    def physical_id(self, logical_id: str) -> Any:
        return self.physical[logical_id]

    def attr(self, logical_id: str, name: str) -> Any:
        return self.attributes[logical_id][name]

    def function(self, name_or_arn: str) -> FunctionSpec:
        """Find a function by logical id, physical name, ARN or qualified ARN."""
        if name_or_arn in self.functions:
            return self.functions[name_or_arn]
        name = name_or_arn
        if name.startswith("arn:"):
            name = name.split(":")[6]
        for spec in self.functions.values():
            if spec.name == name:
                return spec
        raise KeyError(f"no function {name_or_arn!r} in stack {self.name}")

    def logical_ids(self, resource_type: str) -> list[str]:
        return [k for k, v in self.types.items() if v == resource_type]


def provision(
    template: Template,
    client: ClientFactory,
    *,
    stack_name: str,
    region: str,
    account: str,
    parameters: dict[str, str] | None = None,
) -> Stack:
    return _Provisioner(
        template,
        client,
        stack_name=stack_name,
        region=region,
        account=account,
        overrides=parameters or {},
    ).run()


class _Provisioner:
    def __init__(
        self,
        template: Template,
        client: ClientFactory,
        *,
        stack_name: str,
        region: str,
        account: str,
        overrides: dict[str, str],
    ) -> None:
        self.t = template
        self.client = client
        self.stack = Stack(stack_name, region, account, template)
        self.layers: dict[str, Path] = {}
        params: dict[str, Any] = {
            "AWS::StackName": stack_name,
            "AWS::Region": region,
            "AWS::AccountId": account,
            "AWS::Partition": "aws",
            "AWS::URLSuffix": "amazonaws.com",
            "AWS::StackId": f"arn:aws:cloudformation:{region}:{account}:stack/{stack_name}/local",
            "AWS::NotificationARNs": [],
        }
        for name, spec in template.parameters.items():
            value = overrides.get(name, spec.get("Default"))
            if value is None:
                raise ValueError(f"parameter {name} has no default and no value was given")
            allowed = spec.get("AllowedValues")
            if allowed and value not in allowed:
                raise ValueError(f"parameter {name}={value!r} is not one of {allowed}")
            params[name] = value
        self.resolver = Resolver(
            parameters=params,
            conditions=template.conditions,
            ref=self._ref,
            get_att=self._get_att,
        )

    # ------------------------------------------------------------------ orchestration
    def run(self) -> Stack:
        for logical_id in _dependency_order(self.t.resources):
            resource = self.t.resources[logical_id]
            condition = resource.get("Condition")
            if condition and not self.resolver.condition(condition):
                continue
            kind = resource["Type"]
            self.stack.types[logical_id] = kind
            props = self.resolver.resolve(resource.get("Properties", {}))
            create = _CREATORS.get(kind)
            if create is None:
                log.warning("%s (%s) is not emulated by the local cloud", logical_id, kind)
                self.stack.skipped[logical_id] = kind
                ref, attrs = logical_id, dict[str, Any]()
            else:
                ref, attrs = create(self, logical_id, props)
            self.stack.physical[logical_id] = ref
            self.stack.attributes[logical_id] = attrs
        for name, output in self.t.outputs.items():
            condition = output.get("Condition")
            if condition and not self.resolver.condition(condition):
                continue
            self.stack.outputs[name] = self.resolver.resolve(output["Value"])
        return self.stack

    def _ref(self, logical_id: str) -> Any:
        if logical_id not in self.stack.physical:
            raise KeyError(f"Ref to {logical_id}, which does not exist (yet)")
        return self.stack.physical[logical_id]

    def _get_att(self, logical_id: str, attribute: str) -> Any:
        try:
            return self.stack.attributes[logical_id][attribute]
        except KeyError:
            raise KeyError(f"Fn::GetAtt {logical_id}.{attribute} is not available") from None

    def name(self, logical_id: str, max_length: int = 64) -> str:
        """CloudFormation-style generated name: stack-LogicalId-SUFFIX, deterministic."""
        suffix = self.digest(logical_id)[:12].upper()
        prefix = f"{self.stack.name}-{logical_id}"[: max_length - len(suffix) - 1]
        return f"{prefix}-{suffix}"

    def digest(self, logical_id: str) -> str:
        """A stable stand-in for CloudFormation's random suffixes and ids."""
        return hashlib.sha1(f"{self.stack.name}/{logical_id}".encode()).hexdigest()  # noqa: S324

    def arn(self, service: str, resource: str) -> str:
        return f"arn:aws:{service}:{self.stack.region}:{self.stack.account}:{resource}"

    # ------------------------------------------------------------------ resource types
    def iam_role(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("RoleName") or self.name(logical_id)
        role = self.client("iam").create_role(
            RoleName=name,
            Path=p.get("Path", "/"),
            AssumeRolePolicyDocument=json.dumps(p.get("AssumeRolePolicyDocument", {})),
        )["Role"]
        # Inline policies are not attached: the local cloud does not evaluate IAM, and
        # `make test` checks the real ones with `sam validate --lint`.
        return name, {"Arn": role["Arn"], "RoleId": role["RoleId"]}

    def s3_bucket(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("BucketName") or self.name(logical_id, 63).lower()
        s3 = self.client("s3")
        if self.stack.region == "us-east-1":
            s3.create_bucket(Bucket=name)
        else:
            s3.create_bucket(
                Bucket=name, CreateBucketConfiguration={"LocationConstraint": self.stack.region}
            )
        if p.get("VersioningConfiguration"):
            s3.put_bucket_versioning(
                Bucket=name,
                VersioningConfiguration={"Status": p["VersioningConfiguration"]["Status"]},
            )
        notifications = p.get("NotificationConfiguration")
        if notifications:
            s3.put_bucket_notification_configuration(
                Bucket=name, NotificationConfiguration=_s3_notifications(notifications)
            )
        return name, {
            "Arn": f"arn:aws:s3:::{name}",
            "DomainName": f"{name}.s3.amazonaws.com",
            "RegionalDomainName": f"{name}.s3.{self.stack.region}.amazonaws.com",
        }

    def dynamodb_table(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("TableName") or self.name(logical_id, 255)
        args: dict[str, Any] = {
            "TableName": name,
            "KeySchema": p["KeySchema"],
            "AttributeDefinitions": p["AttributeDefinitions"],
            "BillingMode": p.get("BillingMode", "PROVISIONED"),
        }
        for key in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes", "StreamSpecification"):
            if key in p:
                args[key] = p[key]
        if args["BillingMode"] == "PROVISIONED":
            args["ProvisionedThroughput"] = p["ProvisionedThroughput"]
        ddb = self.client("dynamodb")
        table = ddb.create_table(**args)["TableDescription"]
        ttl = p.get("TimeToLiveSpecification")
        if ttl and ttl.get("Enabled"):
            ddb.update_time_to_live(
                TableName=name,
                TimeToLiveSpecification={"AttributeName": ttl["AttributeName"], "Enabled": True},
            )
        return name, {"Arn": table["TableArn"], "StreamArn": table.get("LatestStreamArn", "")}

    def kinesis_stream(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("Name") or self.name(logical_id, 128)
        kinesis = self.client("kinesis")
        kinesis.create_stream(StreamName=name, ShardCount=int(p.get("ShardCount", 1)))
        arn = kinesis.describe_stream_summary(StreamName=name)["StreamDescriptionSummary"][
            "StreamARN"
        ]
        return name, {"Arn": arn}

    def sqs_queue(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        fifo = str(p.get("FifoQueue", "false")).lower() == "true"
        name = p.get("QueueName") or self.name(logical_id, 75) + (".fifo" if fifo else "")
        attributes = {
            key: json.dumps(value)
            if isinstance(value, dict)
            else str(value).lower()
            if isinstance(value, bool)
            else str(value)
            for key, value in p.items()
            if key not in {"QueueName", "Tags"}
        }
        sqs = self.client("sqs")
        url = sqs.create_queue(QueueName=name, Attributes=attributes)["QueueUrl"]
        arn = self.arn("sqs", name)
        return url, {"Arn": arn, "QueueName": name, "QueueUrl": url}

    def sqs_queue_policy(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        for url in p["Queues"]:
            self.client("sqs").set_queue_attributes(
                QueueUrl=url, Attributes={"Policy": json.dumps(p["PolicyDocument"])}
            )
        return logical_id, {}

    def sns_topic(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("TopicName") or self.name(logical_id, 256)
        attributes = {k: str(p[k]) for k in ("KmsMasterKeyId", "DisplayName") if k in p}
        arn = self.client("sns").create_topic(Name=name, Attributes=attributes)["TopicArn"]
        return arn, {"TopicArn": arn, "TopicName": name}

    def sns_subscription(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        attributes: dict[str, str] = {}
        for key in ("FilterPolicy", "RedrivePolicy", "DeliveryPolicy"):
            if key in p:
                attributes[key] = json.dumps(p[key])
        for key in ("FilterPolicyScope",):
            if key in p:
                attributes[key] = str(p[key])
        if "RawMessageDelivery" in p:
            attributes["RawMessageDelivery"] = str(p["RawMessageDelivery"]).lower()
        arn = self.client("sns").subscribe(
            TopicArn=p["TopicArn"],
            Protocol=p["Protocol"],
            Endpoint=p["Endpoint"],
            Attributes=attributes,
            ReturnSubscriptionArn=True,
        )["SubscriptionArn"]
        return arn, {"Arn": arn}

    def lambda_layer(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("LayerName") or self.name(logical_id, 64)
        arn = self.arn("lambda", f"layer:{name}:1")
        self.layers[arn] = self.t.code_dir(p["Content"])
        return arn, {"LayerVersionArn": arn}

    def lambda_function(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("FunctionName") or self.name(logical_id, 64)
        environment = {k: str(v) for k, v in p.get("Environment", {}).get("Variables", {}).items()}
        spec = FunctionSpec(
            logical_id=logical_id,
            name=name,
            arn=self.arn("lambda", f"function:{name}"),
            role=p["Role"],
            handler=p["Handler"],
            runtime=p["Runtime"],
            code_dir=self.t.code_dir(p["Code"]),
            layer_dirs=tuple(self.layers[arn] for arn in p.get("Layers", [])),
            environment=environment,
            timeout=int(p.get("Timeout", 3)),
            memory_size=int(p.get("MemorySize", 128)),
            architectures=tuple(p.get("Architectures", ["x86_64"])),
        )
        # moto holds the function's identity (ARN, config); the code runs in the local runtime.
        self.client("lambda").create_function(
            FunctionName=name,
            Runtime=spec.runtime,
            Role=p["Role"],
            Handler=spec.handler,
            Code={"ZipFile": _placeholder_zip()},
            Timeout=spec.timeout,
            MemorySize=spec.memory_size,
            Environment={"Variables": environment},
            Architectures=list(spec.architectures),
        )
        self.stack.functions[logical_id] = spec
        return name, {"Arn": spec.arn}

    def lambda_event_source_mapping(
        self, logical_id: str, p: dict[str, Any]
    ) -> tuple[Any, dict[str, Any]]:
        self.stack.event_source_mappings.append({"LogicalId": logical_id, **p})
        return logical_id, {}

    def lambda_event_invoke_config(
        self, logical_id: str, p: dict[str, Any]
    ) -> tuple[Any, dict[str, Any]]:
        on_failure = p.get("DestinationConfig", {}).get("OnFailure", {}).get("Destination")
        self.stack.async_configs[p["FunctionName"]] = AsyncConfig(
            maximum_retry_attempts=int(p.get("MaximumRetryAttempts", 2)),
            maximum_event_age_seconds=int(p.get("MaximumEventAgeInSeconds", 21600)),
            on_failure=on_failure,
        )
        return logical_id, {}

    def state_machine(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("StateMachineName") or self.name(logical_id, 80)
        definition = p.get("DefinitionString") or json.dumps(p["Definition"])
        definition = apply_definition_substitutions(definition, p.get("DefinitionSubstitutions"))
        arn = self.client("stepfunctions").create_state_machine(
            name=name,
            definition=definition,
            roleArn=p["RoleArn"],
            type=p.get("StateMachineType", "STANDARD"),
        )["stateMachineArn"]
        return arn, {"Arn": arn, "Name": name}

    def log_group(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("LogGroupName") or self.name(logical_id, 512)
        logs = self.client("logs")
        logs.create_log_group(logGroupName=name)
        if "RetentionInDays" in p:
            logs.put_retention_policy(logGroupName=name, retentionInDays=int(p["RetentionInDays"]))
        return name, {"Arn": self.arn("logs", f"log-group:{name}:*")}

    def event_bus(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        arn = self.client("events").create_event_bus(Name=p["Name"])["EventBusArn"]
        return p["Name"], {"Arn": arn, "Name": p["Name"]}

    def secret(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        name = p.get("Name") or self.name(logical_id, 512)
        value = p.get("SecretString") or _generate_secret(p.get("GenerateSecretString", {}))
        arn = self.client("secretsmanager").create_secret(Name=name, SecretString=value)["ARN"]
        return arn, {"Id": arn}

    def http_api(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        # Routing lives in the SAM events (Template.routes); the id only has to be stable.
        api_id = self.digest(logical_id)[:10]
        return api_id, {
            "ApiEndpoint": f"https://{api_id}.execute-api.{self.stack.region}.amazonaws.com"
        }

    def no_op(self, logical_id: str, p: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
        return logical_id, {}


_CREATORS: dict[str, Callable[[_Provisioner, str, dict[str, Any]], tuple[Any, dict[str, Any]]]] = {
    "AWS::IAM::Role": _Provisioner.iam_role,
    "AWS::S3::Bucket": _Provisioner.s3_bucket,
    "AWS::DynamoDB::Table": _Provisioner.dynamodb_table,
    "AWS::Kinesis::Stream": _Provisioner.kinesis_stream,
    "AWS::SQS::Queue": _Provisioner.sqs_queue,
    "AWS::SQS::QueuePolicy": _Provisioner.sqs_queue_policy,
    "AWS::SNS::Topic": _Provisioner.sns_topic,
    "AWS::SNS::Subscription": _Provisioner.sns_subscription,
    "AWS::Lambda::LayerVersion": _Provisioner.lambda_layer,
    "AWS::Lambda::Function": _Provisioner.lambda_function,
    "AWS::Lambda::EventSourceMapping": _Provisioner.lambda_event_source_mapping,
    "AWS::Lambda::EventInvokeConfig": _Provisioner.lambda_event_invoke_config,
    # Resource policies: the local cloud does not evaluate IAM.
    "AWS::Lambda::Permission": _Provisioner.no_op,
    "AWS::StepFunctions::StateMachine": _Provisioner.state_machine,
    "AWS::Logs::LogGroup": _Provisioner.log_group,
    "AWS::Events::EventBus": _Provisioner.event_bus,
    "AWS::SecretsManager::Secret": _Provisioner.secret,
    "AWS::ApiGatewayV2::Api": _Provisioner.http_api,
    "AWS::ApiGatewayV2::Stage": _Provisioner.no_op,
}


def apply_definition_substitutions(definition: str, substitutions: dict[str, Any] | None) -> str:
    """Replace ``${Name}`` placeholders, as CloudFormation does for DefinitionSubstitutions."""
    if not substitutions:
        return definition

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        return str(substitutions[name]) if name in substitutions else match.group(0)

    result = re.sub(r"\$\{([A-Za-z0-9_.:]+)\}", replace, definition)
    missing = re.findall(r"\$\{([A-Za-z0-9_]+)\}", result)
    if missing:
        raise ValueError(
            f"state machine placeholders without a substitution: {sorted(set(missing))}"
        )
    return result


def _s3_notifications(cfn: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation's NotificationConfiguration spelling -> the S3 API's."""

    def filt(entry: dict[str, Any]) -> dict[str, Any]:
        rules = entry.get("Filter", {}).get("S3Key", {}).get("Rules", [])
        return {"Filter": {"Key": {"FilterRules": rules}}} if rules else {}

    out: dict[str, Any] = {}
    for cfn_key, api_key, target_key, api_target in (
        ("LambdaConfigurations", "LambdaFunctionConfigurations", "Function", "LambdaFunctionArn"),
        ("QueueConfigurations", "QueueConfigurations", "Queue", "QueueArn"),
        ("TopicConfigurations", "TopicConfigurations", "Topic", "TopicArn"),
    ):
        entries = cfn.get(cfn_key, [])
        if entries:
            out[api_key] = [
                {api_target: e[target_key], "Events": [e["Event"]], **filt(e)} for e in entries
            ]
    return out


def _generate_secret(spec: dict[str, Any]) -> str:
    alphabet = string.ascii_letters + string.digits
    if not spec.get("ExcludePunctuation"):
        alphabet += "!#$%&()*+,-.:;<=>?@[]^_{|}~"
    excluded = set(spec.get("ExcludeCharacters", ""))
    alphabet = "".join(c for c in alphabet if c not in excluded)
    length = int(spec.get("PasswordLength", 32))
    value = "".join(secrets.choice(alphabet) for _ in range(length))
    template, key = spec.get("SecretStringTemplate"), spec.get("GenerateStringKey")
    if template and key:
        return json.dumps({**json.loads(template), key: value})
    return value


def _placeholder_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.txt", "Code runs in the Newsflow local cloud runtime.\n")
    return buffer.getvalue()


def _references(value: Any) -> Iterator[str]:
    if isinstance(value, list):
        for item in value:
            yield from _references(item)
    elif isinstance(value, dict):
        if len(value) == 1:
            ((key, arg),) = value.items()
            if key == "Ref" and isinstance(arg, str):
                yield arg
                return
            if key == "Fn::GetAtt":
                yield (arg.split(".", 1)[0] if isinstance(arg, str) else str(arg[0]))
                return
            if key == "Fn::Sub":
                text = arg[0] if isinstance(arg, list) else arg
                for name in re.findall(r"\$\{([^}!][^}]*)\}", str(text)):
                    yield name.split(".", 1)[0]
                if isinstance(arg, list):
                    yield from _references(arg[1])
                return
        for item in value.values():
            yield from _references(item)


def _dependency_order(resources: dict[str, dict[str, Any]]) -> list[str]:
    order: list[str] = []
    state: dict[str, int] = {}  # 1 = visiting, 2 = done

    def visit(logical_id: str, path: tuple[str, ...]) -> None:
        if state.get(logical_id) == 2:
            return
        if state.get(logical_id) == 1:
            raise ValueError(f"circular dependency: {' -> '.join((*path, logical_id))}")
        state[logical_id] = 1
        resource = resources[logical_id]
        depends = resource.get("DependsOn", [])
        deps = [depends] if isinstance(depends, str) else list(depends)
        deps += [r for r in _references(resource.get("Properties", {})) if r in resources]
        for dep in deps:
            visit(dep, (*path, logical_id))
        state[logical_id] = 2
        order.append(logical_id)

    for logical_id in resources:
        visit(logical_id, ())
    return order
