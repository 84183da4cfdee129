"""The real IntakeApiFunction handler on events/IntakeApiFunction/post-articles.json, against
template.yaml provisioned in moto (its IntakeSigningSecret is generated at random, as in a
fresh deploy, so the sample event's signature cannot verify)."""

from __future__ import annotations

import copy
import json
from typing import Any

import boto3
import pytest

from newsflow_core.validation import article_id_for
from newsflow_ingest.logic.signing import signed_headers

REGION = "us-east-1"
EVENT = "post-articles.json"


@pytest.fixture
def request_event(load_event: Any) -> dict[str, Any]:
    event: dict[str, Any] = load_event("IntakeApiFunction", EVENT)
    return event


@pytest.fixture
def handler(stack: Any, load_handler: Any, lambda_context: Any) -> Any:
    lambda_handler = load_handler(stack, "IntakeApiFunction")

    def invoke(event: dict[str, Any]) -> Any:
        return lambda_handler(copy.deepcopy(event), lambda_context)

    return invoke


def signed(stack: Any, event: dict[str, Any], body: str | None = None) -> dict[str, Any]:
    """The event re-signed now with the stack's secret, as a vendor holding it would."""
    secret = boto3.client("secretsmanager", region_name=REGION).get_secret_value(
        SecretId=stack.physical_id("IntakeSigningSecret")
    )["SecretString"]
    changed = copy.deepcopy(event)
    if body is not None:
        changed["body"] = body
    changed["headers"].update(signed_headers(secret, changed["body"]))
    return changed


def stream_records(stack: Any) -> list[dict[str, Any]]:
    kinesis = boto3.client("kinesis", region_name=REGION)
    name = stack.physical_id("NewsStream")
    records = []
    for shard in kinesis.list_shards(StreamName=name)["Shards"]:
        iterator = kinesis.get_shard_iterator(
            StreamName=name, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        records.extend(kinesis.get_records(ShardIterator=iterator)["Records"])
    return records


def test_sample_event_is_refused_401_because_its_signature_is_not_the_stacks(
    stack: Any, handler: Any, request_event: dict[str, Any]
) -> None:
    response = handler(request_event)

    assert response["statusCode"] == 401
    assert json.loads(response["body"])["error"] == "invalid_signature"
    assert stream_records(stack) == []


def test_signed_articles_are_put_into_kinesis_and_invalid_ones_reported(
    stack: Any, handler: Any, request_event: dict[str, Any]
) -> None:
    response = handler(signed(stack, request_event))

    sent = json.loads(request_event["body"])["articles"]
    body = json.loads(response["body"])
    assert response["statusCode"] == 207
    assert [(r["index"], r["status"], r.get("reason")) for r in body["results"]] == [
        (0, "accepted", None),
        (1, "accepted", None),
        (2, "rejected", "missing_field:body"),
    ]
    records = stream_records(stack)
    by_key = {r["PartitionKey"]: json.loads(r["Data"]) for r in records}
    assert by_key == {article_id_for(a["url"]): a for a in sent[:2]}


def test_tampered_body_is_401_and_nothing_is_written(
    stack: Any, handler: Any, request_event: dict[str, Any]
) -> None:
    event = signed(stack, request_event)
    event["body"] = event["body"].replace("$110 billion", "$990 billion")

    assert handler(event)["statusCode"] == 401
    assert stream_records(stack) == []


def test_signed_single_article_is_202(
    stack: Any, handler: Any, request_event: dict[str, Any]
) -> None:
    article = json.loads(request_event["body"])["articles"][0]

    response = handler(signed(stack, request_event, body=json.dumps(article)))

    assert response["statusCode"] == 202
    assert [r["PartitionKey"] for r in stream_records(stack)] == [article_id_for(article["url"])]
