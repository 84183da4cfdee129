"""The Nlp, TagEntities and Publish handlers on the sample events in events/, against the
template provisioned into moto.

Claims come from events/_fixtures/enrich.fixtures.json, exactly what `newsflow invoke`
seeds before it runs these events.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest

from newsflow_core.article import Article
from newsflow_core.errors import PermanentError

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "events" / "_fixtures" / "enrich.fixtures.json"
BUCKET = "newsflow-data-123456789012-us-east-1"

Loader = Callable[[Any, str], Any]


@pytest.fixture
def seeded(stack: Any) -> Any:
    for obj in json.loads(FIXTURES.read_text())["s3"]:
        stack.client("s3").put_object(
            Bucket=stack.physical_id(obj["bucket"]),
            Key=obj["key"],
            Body=(ROOT / obj["file"]).read_bytes(),
        )
    return stack


def read_claim(stack: Any, claim: dict[str, Any]) -> list[Article]:
    body = stack.client("s3").get_object(Bucket=claim["bucket"], Key=claim["key"])["Body"]
    return [Article.from_dict(orjson.loads(line)) for line in body.read().splitlines()]


def raw_subscriber(stack: Any) -> str:
    """An SQS queue subscribed to ArticlesTopic with raw delivery and no filter: sees all."""
    sqs, sns = stack.client("sqs"), stack.client("sns")
    url = sqs.create_queue(QueueName="enrich-test-probe")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    sns.subscribe(
        TopicArn=stack.physical_id("ArticlesTopic"),
        Protocol="sqs",
        Endpoint=arn["QueueArn"],
        Attributes={"RawMessageDelivery": "true"},
    )
    return url


def drain(stack: Any, url: str) -> list[dict[str, Any]]:
    sqs, messages = stack.client("sqs"), []
    while batch := sqs.receive_message(
        QueueUrl=url, MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    ).get("Messages", []):
        messages.extend(batch)
        sqs.delete_message_batch(
            QueueUrl=url,
            Entries=[
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(batch)
            ],
        )
    return messages


def test_nlp_sample_event_writes_the_nlp_claim_for_every_article(
    seeded: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    handler = load_handler(seeded, "NlpFunction")
    event = load_event("NlpFunction", "claim.json")
    result = handler(event, lambda_context)
    assert result == {
        "batch_id": "enrich-sample",
        "claim": {"bucket": BUCKET, "key": "claims/sample/enrich-sample.nlp.jsonl", "count": 5},
    }
    articles = read_claim(seeded, result["claim"])
    assert [a.article_id for a in articles] == [
        a.article_id for a in read_claim(seeded, event["claim"])
    ]
    assert all(a.nlp is not None and a.nlp.language == "en" for a in articles)
    apple = articles[0].nlp
    assert apple is not None
    assert ("Tim Cook", "PERSON") in {(e.text, e.label) for e in apple.entities}
    assert apple.sentiment > 0


def test_tag_entities_sample_event_writes_the_tagged_claim(
    seeded: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    handler = load_handler(seeded, "TagEntitiesFunction")
    result = handler(load_event("TagEntitiesFunction", "claim.json"), lambda_context)
    assert result["claim"]["key"] == "claims/sample/enrich-sample.tagged.jsonl"
    articles = read_claim(seeded, result["claim"])
    assert [a.symbols for a in articles] == [
        ["AAPL"],
        ["BAC", "BRK-B", "C", "GS", "JPM", "WFC"],
        ["ASML.AS", "NESN.SW", "SAP.DE", "SIE.DE"],
        [],
        ["CVX", "XOM"],  # "Analysts at Morgan Stanley" quote a source, not a subject
    ]
    assert all(a.nlp is not None for a in articles)  # tagging keeps the NLP result


def test_publish_sample_event_records_and_announces_every_article_at_least_once(
    seeded: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    probe = raw_subscriber(seeded)
    handler = load_handler(seeded, "PublishFunction")
    event = load_event("PublishFunction", "claim.json")
    result = handler(event, lambda_context)
    assert result == {**event, "published": 5}

    table = seeded.physical_id("ArticlesTable")
    assert seeded.client("dynamodb").scan(TableName=table, Select="COUNT")["Count"] == 5

    messages = drain(seeded, probe)
    expected = {a.article_id: a for a in read_claim(seeded, event["claim"])}
    assert len(messages) == 5
    for message in messages:
        body = json.loads(message["Body"])
        article = expected[body["article_id"]]
        assert body == article.to_dict()
        attributes = message["MessageAttributes"]
        assert attributes["event_type"] == {
            "StringValue": "article.enriched",
            "DataType": "String",
        }
        assert attributes["article_id"]["StringValue"] == article.article_id
        if article.symbols:
            assert attributes["tickers"]["DataType"] == "String.Array"
            assert json.loads(attributes["tickers"]["StringValue"]) == article.symbols
        else:
            assert "tickers" not in attributes  # filter policies use {"exists": true}

    # A Step Functions retry: the same items are overwritten, the events sent again.
    assert handler(event, lambda_context)["published"] == 5
    assert seeded.client("dynamodb").scan(TableName=table, Select="COUNT")["Count"] == 5
    assert len(drain(seeded, probe)) == 5


def test_the_three_tasks_chain_from_the_ingest_claim_to_published_articles(
    seeded: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    probe = raw_subscriber(seeded)
    payload = load_event("NlpFunction", "claim.json")
    for function in ("NlpFunction", "TagEntitiesFunction", "PublishFunction"):
        payload = load_handler(seeded, function)(payload, lambda_context)
    assert payload["published"] == 5
    assert payload["claim"]["key"] == "claims/sample/enrich-sample.tagged.jsonl"
    tagged = [m for m in drain(seeded, probe) if "tickers" in m["MessageAttributes"]]
    assert len(tagged) == 4


def test_bad_payloads_and_missing_claims_fail_permanently_so_nothing_retries(
    stack: Any, load_handler: Loader, load_event: Any, lambda_context: Any
) -> None:
    for function in ("NlpFunction", "TagEntitiesFunction", "PublishFunction"):
        handler = load_handler(stack, function)
        with pytest.raises(PermanentError) as bad:
            handler({"batch_id": "b-1"}, lambda_context)
        with pytest.raises(PermanentError) as missing:
            handler(load_event(function, "claim.json"), lambda_context)  # nothing seeded
        # The class name is the Lambda errorType: Retry matches only "TransientError".
        assert type(bad.value).__name__ == type(missing.value).__name__ == "PermanentError"
        assert (bad.value.reason, missing.value.reason) == (
            "invalid_payload:claim",
            "claim_missing",
        )
