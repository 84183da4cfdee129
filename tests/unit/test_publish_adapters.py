"""ArticlesTable and ArticlesTopic adapters: AWS batch limits, partial failures, retries.

Fake clients script the partial failures moto cannot produce; moto checks the real wire
shapes (items, message attributes with raw delivery).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws

from newsflow_core.article import Article, Entity, NlpResult, TickerTag
from newsflow_core.errors import PermanentError, TransientError
from newsflow_enrich.adapters.backoff import Backoff
from newsflow_enrich.adapters.dynamodb_articles import DynamoDbArticleRepository, article_item
from newsflow_enrich.adapters.sns_articles import SnsArticlePublisher, article_entry
from tests.unit.test_enrichment_fakes import RecordingSleep, make_article

TABLE = "newsflow-ArticlesTable"
THROTTLED = ClientError(
    {"Error": {"Code": "ThrottlingException", "Message": "slow down"}}, "BatchWriteItem"
)


def tagged(n: int, symbols: tuple[str, ...] = ("AAPL",)) -> Article:
    nlp = NlpResult("en", 3, 60, 0.4213, (Entity("Tim Cook", "PERSON"),), ("iphone sales",))
    tags = tuple(TickerTag(s, s, 0.95, (f"${s}",)) for s in symbols)
    return replace(make_article(n), nlp=nlp, tickers=tags)


# ---------------------------------------------------------------------- DynamoDB


class FakeDynamoDb:
    """Leaves the first ``unprocessed`` items of each call unprocessed, ``stuck_calls`` times."""

    def __init__(self, unprocessed: int = 0, stuck_calls: int = 0, error: Exception | None = None):
        self.calls: list[int] = []
        self.written: dict[str, dict[str, Any]] = {}
        self.unprocessed, self.stuck_calls, self.error = unprocessed, stuck_calls, error

    def batch_write_item(self, RequestItems: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
        if self.error:
            raise self.error
        (requests,) = RequestItems.values()
        assert len(requests) <= 25
        self.calls.append(len(requests))
        left = requests[: self.unprocessed] if len(self.calls) <= self.stuck_calls else []
        for request in requests[len(left) :]:
            item = request["PutRequest"]["Item"]
            self.written[item["article_id"]["S"]] = item
        return {"UnprocessedItems": {TABLE: left} if left else {}}


def test_writes_25_items_per_call() -> None:
    dynamodb = FakeDynamoDb()
    DynamoDbArticleRepository(dynamodb, TABLE).put_many([tagged(n) for n in range(60)])
    assert dynamodb.calls == [25, 25, 10]
    assert len(dynamodb.written) == 60


def test_unprocessed_items_are_retried_with_backoff() -> None:
    dynamodb, sleep = FakeDynamoDb(unprocessed=3, stuck_calls=2), RecordingSleep()
    repository = DynamoDbArticleRepository(dynamodb, TABLE, Backoff(sleep=sleep))
    repository.put_many([tagged(n) for n in range(10)])
    assert dynamodb.calls == [10, 3, 3]
    assert len(dynamodb.written) == 10
    assert len(sleep.delays) == 2
    assert all(0 <= d <= 2.0 for d in sleep.delays)


def test_items_still_unprocessed_after_the_last_attempt_are_a_transient_error() -> None:
    dynamodb, sleep = FakeDynamoDb(unprocessed=2, stuck_calls=99), RecordingSleep()
    repository = DynamoDbArticleRepository(dynamodb, TABLE, Backoff(attempts=4, sleep=sleep))
    with pytest.raises(TransientError, match="2 items still unprocessed"):
        repository.put_many([tagged(1), tagged(2), tagged(3)])
    assert len(dynamodb.calls) == 4
    assert len(sleep.delays) == 3  # no pointless wait after the last attempt


def test_a_client_error_is_transient() -> None:
    repository = DynamoDbArticleRepository(FakeDynamoDb(error=THROTTLED), TABLE)
    with pytest.raises(TransientError):
        repository.put_many([tagged(1)])


def test_item_has_the_article_symbols_and_sentiment_as_numbers() -> None:
    item = article_item(tagged(1, ("MSFT", "AAPL")))
    assert item["article_id"] == {"S": f"{1:032x}"}
    assert item["symbols"] == {"L": [{"S": "AAPL"}, {"S": "MSFT"}]}
    assert item["sentiment"] == {"N": "0.4213"}
    assert item["tickers"]["L"][0]["M"]["confidence"] == {"N": "0.95"}


def test_an_oversized_body_is_truncated_to_fit_the_item_limit() -> None:
    article = replace(tagged(1), body="é" * 200_000)  # 400 KB of UTF-8
    item = article_item(article)
    assert item["body_truncated"] == {"BOOL": True}
    assert len(json.dumps(item, ensure_ascii=False).encode()) < 400_000


# ---------------------------------------------------------------------- SNS


class FakeSns:
    """Fails the entries whose ids are scripted, per call."""

    def __init__(self, failures: list[list[dict[str, Any]]] | None = None):
        self.calls: list[list[dict[str, Any]]] = []
        self.failures = failures or []

    def publish_batch(self, TopicArn: str, PublishBatchRequestEntries: list[dict[str, Any]]):
        assert len(PublishBatchRequestEntries) <= 10
        self.calls.append(PublishBatchRequestEntries)
        failed = self.failures.pop(0) if self.failures else []
        failed_ids = {f["Id"] for f in failed}
        ok = [{"Id": e["Id"]} for e in PublishBatchRequestEntries if e["Id"] not in failed_ids]
        return {"Successful": ok, "Failed": failed}


TOPIC = "arn:aws:sns:us-east-1:123456789012:newsflow-ArticlesTopic"


def test_publishes_10_entries_per_call() -> None:
    sns = FakeSns()
    SnsArticlePublisher(sns, TOPIC).publish_many([tagged(n) for n in range(23)])
    assert [len(c) for c in sns.calls] == [10, 10, 3]


def test_batches_also_stay_under_256_kib() -> None:
    sns = FakeSns()
    big = [replace(tagged(n), body="x" * 60_000) for n in range(6)]
    SnsArticlePublisher(sns, TOPIC).publish_many(big)
    assert [len(c) for c in sns.calls] == [4, 2]


def test_failed_entries_are_retried_alone() -> None:
    failed = [{"Id": "3", "Code": "InternalError", "SenderFault": False}]
    sns, sleep = FakeSns([failed, failed]), RecordingSleep()
    SnsArticlePublisher(sns, TOPIC, Backoff(sleep=sleep)).publish_many(
        [tagged(n) for n in range(5)]
    )
    assert [[e["Id"] for e in c] for c in sns.calls] == [["0", "1", "2", "3", "4"], ["3"], ["3"]]
    assert len(sleep.delays) == 2


def test_entries_failing_every_attempt_are_a_transient_error() -> None:
    failed = [{"Id": "0", "Code": "Throttled", "SenderFault": False}]
    sns = FakeSns([failed] * 10)
    publisher = SnsArticlePublisher(sns, TOPIC, Backoff(attempts=3, sleep=RecordingSleep()))
    with pytest.raises(TransientError, match="1 entries still failing"):
        publisher.publish_many([tagged(1)])
    assert len(sns.calls) == 3


def test_entries_sns_rejects_as_our_fault_are_permanent() -> None:
    failed = [{"Id": "0", "Code": "InvalidParameter", "SenderFault": True}]
    with pytest.raises(PermanentError) as raised:
        SnsArticlePublisher(FakeSns([failed]), TOPIC).publish_many([tagged(1)])
    assert raised.value.reason == "publish_rejected"


def test_a_message_over_the_sns_limit_is_permanent_before_anything_is_sent() -> None:
    sns = FakeSns()
    with pytest.raises(PermanentError) as raised:
        SnsArticlePublisher(sns, TOPIC).publish_many(
            [tagged(1), replace(tagged(2), body="x" * 270_000)]
        )
    assert raised.value.reason == "message_too_large"
    assert sns.calls == []


def test_entry_attributes_follow_the_contract() -> None:
    entry = article_entry(tagged(1, ("MSFT", "AAPL")), "0")
    assert json.loads(entry["Message"]) == tagged(1, ("MSFT", "AAPL")).to_dict()
    assert entry["MessageAttributes"] == {
        "event_type": {"DataType": "String", "StringValue": "article.enriched"},
        "article_id": {"DataType": "String", "StringValue": f"{1:032x}"},
        "tickers": {"DataType": "String.Array", "StringValue": '["AAPL","MSFT"]'},
    }
    assert "tickers" not in article_entry(tagged(2, ()), "1")["MessageAttributes"]


# ---------------------------------------------------------------------- moto


@pytest.fixture
def aws() -> Iterator[dict[str, Any]]:
    with mock_aws():
        dynamodb = boto3.client("dynamodb", region_name="us-east-1")
        dynamodb.create_table(
            TableName=TABLE,
            AttributeDefinitions=[{"AttributeName": "article_id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "article_id", "KeyType": "HASH"}],
            BillingMode="PAY_PER_REQUEST",
        )
        sns = boto3.client("sns", region_name="us-east-1")
        sqs = boto3.client("sqs", region_name="us-east-1")
        topic = sns.create_topic(Name="articles")["TopicArn"]
        queue = sqs.create_queue(QueueName="probe")["QueueUrl"]
        arn = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["QueueArn"])
        sns.subscribe(
            TopicArn=topic,
            Protocol="sqs",
            Endpoint=arn["Attributes"]["QueueArn"],
            Attributes={"RawMessageDelivery": "true"},
        )
        yield {"dynamodb": dynamodb, "sns": sns, "sqs": sqs, "topic": topic, "queue": queue}


def test_items_land_in_dynamodb_and_overwrite_on_retry(aws: dict[str, Any]) -> None:
    repository = DynamoDbArticleRepository(aws["dynamodb"], TABLE)
    articles = [tagged(n) for n in range(30)]
    repository.put_many(articles)
    repository.put_many(articles)
    items = aws["dynamodb"].scan(TableName=TABLE)["Items"]
    assert len(items) == 30
    resource = boto3.resource("dynamodb", region_name="us-east-1").Table(TABLE)
    stored = resource.get_item(Key={"article_id": f"{1:032x}"})["Item"]
    assert stored["sentiment"] == Decimal("0.4213")
    assert stored["symbols"] == ["AAPL"]


def test_an_oversized_article_is_still_accepted_by_dynamodb(aws: dict[str, Any]) -> None:
    DynamoDbArticleRepository(aws["dynamodb"], TABLE).put_many(
        [replace(tagged(1), body="é" * 200_000)]
    )
    assert aws["dynamodb"].scan(TableName=TABLE)["Count"] == 1


def test_messages_reach_a_raw_sqs_subscriber_with_their_attributes(aws: dict[str, Any]) -> None:
    SnsArticlePublisher(aws["sns"], aws["topic"]).publish_many(
        [tagged(1, ("MSFT", "AAPL")), tagged(2, ())]
    )
    messages = aws["sqs"].receive_message(
        QueueUrl=aws["queue"], MaxNumberOfMessages=10, MessageAttributeNames=["All"]
    )["Messages"]
    by_id = {json.loads(m["Body"])["article_id"]: m for m in messages}
    with_tickers = by_id[f"{1:032x}"]["MessageAttributes"]
    assert with_tickers["event_type"]["StringValue"] == "article.enriched"
    assert with_tickers["tickers"]["DataType"] == "String.Array"
    assert json.loads(with_tickers["tickers"]["StringValue"]) == ["AAPL", "MSFT"]
    assert "tickers" not in by_id[f"{2:032x}"]["MessageAttributes"]
