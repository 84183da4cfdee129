"""Intake: a signed request of articles -> per-index results and PutRecords with retries."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pytest

from newsflow_core.validation import FIELDS, MAX_BODY_CHARS, article_id_for
from newsflow_ingest.adapters.kinesis_stream import MAX_RECORD_BYTES
from newsflow_ingest.logic.intake import MAX_ARTICLES, MAX_BODY_BYTES, Intake, RetryPolicy
from newsflow_ingest.ports import (
    InvalidSignatureError,
    PutFailure,
    SignatureVerifier,
    StreamEntry,
    StreamWriter,
)

BODY = " ".join(f"word{i}" for i in range(25))
SIGNED = {"webhook-id": "msg_1", "webhook-timestamp": "1", "webhook-signature": "v1,ok"}


class FakeVerifier(SignatureVerifier):
    def verify(self, body: bytes, headers: Mapping[str, str]) -> None:
        if headers.get("webhook-signature") != "v1,ok":
            raise InvalidSignatureError("No matching signature found")


class FakeStream(StreamWriter):
    """Fails the entries whose partition keys are scripted, for as many calls as scripted."""

    def __init__(self) -> None:
        self.calls: list[list[StreamEntry]] = []
        self.failing: dict[str, int] = {}  # partition key -> calls it still fails

    def put(self, entries: Sequence[StreamEntry]) -> list[PutFailure]:
        self.calls.append(list(entries))
        failures = []
        for i, entry in enumerate(entries):
            if self.failing.get(entry.partition_key, 0) > 0:
                self.failing[entry.partition_key] -= 1
                failures.append(PutFailure(i, "ProvisionedThroughputExceededException"))
        return failures


class Sleeps:
    def __init__(self) -> None:
        self.delays: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.delays.append(seconds)


@pytest.fixture
def stream() -> FakeStream:
    return FakeStream()


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def intake(stream: FakeStream, sleeps: Sleeps) -> Intake:
    return Intake(
        FakeVerifier(), stream, RetryPolicy(attempts=3), sleep=sleeps, unit_random=lambda: 1.0
    )


def article(n: int, **overrides: Any) -> dict[str, Any]:
    data = {
        "source": "vendor",
        "url": f"https://vendor.example.com/news/{n}?utm_source=feed",
        "headline": f"<b>Story</b> {n}",
        "body": BODY,
        "published_at": "2024-05-02T20:00:00+02:00",
        "vendor_internal_id": n,
    }
    data.update(overrides)
    return data


def submit(intake: Intake, document: Any, headers: Mapping[str, str] = SIGNED) -> tuple[int, Any]:
    result = intake.submit(json.dumps(document).encode(), headers)
    return result.status_code, json.loads(result.to_json())


def key(n: int) -> str:
    return article_id_for(f"https://vendor.example.com/news/{n}")


# ---------------------------------------------------------------------------- outcomes


def test_valid_articles_are_put_as_received_with_article_id_partition_keys(
    intake: Intake, stream: FakeStream
) -> None:
    status, body = submit(intake, {"articles": [article(1), article(2)]})

    assert status == 202
    assert body == {
        "accepted": 2,
        "rejected": 0,
        "failed": 0,
        "results": [
            {"index": 0, "status": "accepted", "article_id": key(1)},
            {"index": 1, "status": "accepted", "article_id": key(2)},
        ],
    }
    [call] = stream.calls
    assert [e.partition_key for e in call] == [key(1), key(2)]
    # The stream carries the contract fields as the vendor sent them; Ingest normalises.
    assert json.loads(call[0].data) == {f: article(1)[f] for f in FIELDS}


def test_single_article_object_is_index_zero(intake: Intake) -> None:
    status, body = submit(intake, article(1))
    assert (status, body["results"]) == (
        202,
        [{"index": 0, "status": "accepted", "article_id": key(1)}],
    )


def test_invalid_articles_are_reported_per_index_and_the_rest_put(
    intake: Intake, stream: FakeStream
) -> None:
    status, body = submit(
        intake, {"articles": [article(1, url="ftp://x"), article(2), "not an object"]}
    )

    assert status == 207
    assert (body["accepted"], body["rejected"], body["failed"]) == (1, 2, 0)
    assert [(r["index"], r["status"], r.get("reason")) for r in body["results"]] == [
        (0, "rejected", "invalid_url"),
        (1, "accepted", None),
        (2, "rejected", "not_an_object"),
    ]
    assert [e.partition_key for e in stream.calls[0]] == [key(2)]


def test_all_invalid_is_400_with_reasons_and_nothing_put(
    intake: Intake, stream: FakeStream
) -> None:
    status, body = submit(intake, {"articles": [article(1, body="short"), {}]})

    assert status == 400
    assert [r["reason"] for r in body["results"]] == ["body_too_short", "missing_field:source"]
    assert stream.calls == []


def test_bad_signature_is_401_and_nothing_parsed_or_put(intake: Intake, stream: FakeStream) -> None:
    result = intake.submit(b"not even json", {**SIGNED, "webhook-signature": "v1,forged"})

    assert result.status_code == 401
    assert json.loads(result.to_json()) == {
        "error": "invalid_signature",
        "detail": "signature does not verify",
    }
    assert stream.calls == []


@pytest.mark.parametrize(
    ("body", "status", "error"),
    [
        (b"{not json", 400, "invalid_json"),
        (b"[]", 400, "invalid_body"),
        (b'{"articles": {}}', 400, "invalid_body"),
        (b'{"articles": []}', 400, "invalid_body"),
        (json.dumps({"articles": [{}] * (MAX_ARTICLES + 1)}).encode(), 413, "too_many_articles"),
        (b" " * (MAX_BODY_BYTES + 1), 413, "payload_too_large"),
    ],
)
def test_request_level_errors(intake: Intake, body: bytes, status: int, error: str) -> None:
    result = intake.submit(body, SIGNED)
    assert (result.status_code, json.loads(result.to_json())["error"]) == (status, error)


def test_500_articles_are_accepted(intake: Intake) -> None:
    status, body = submit(intake, {"articles": [article(n) for n in range(MAX_ARTICLES)]})
    assert (status, body["accepted"]) == (202, MAX_ARTICLES)


# ---------------------------------------------------------------------------- retries


def test_only_failed_records_are_retried_with_backoff(
    intake: Intake, stream: FakeStream, sleeps: Sleeps
) -> None:
    stream.failing = {key(1): 1, key(3): 2}

    status, body = submit(intake, {"articles": [article(n) for n in range(4)]})

    assert status == 202
    assert body["accepted"] == 4
    assert [[e.partition_key for e in call] for call in stream.calls] == [
        [key(0), key(1), key(2), key(3)],
        [key(1), key(3)],
        [key(3)],
    ]
    assert sleeps.delays == [0.1, 0.2]  # full jitter drawn at its maximum here


def test_records_still_failing_after_bounded_retries_are_503_with_retry_after(
    intake: Intake, stream: FakeStream
) -> None:
    stream.failing = {key(1): 99}

    result = intake.submit(
        json.dumps({"articles": [article(0), article(1, url="bad"), article(1)]}).encode(),
        SIGNED,
    )

    assert result.status_code == 503
    assert result.headers == {"Retry-After": "1"}
    assert len(stream.calls) == 3  # RetryPolicy(attempts=3)
    body = json.loads(result.to_json())
    assert (body["accepted"], body["rejected"], body["failed"]) == (1, 1, 1)
    assert body["results"][2] == {
        "index": 2,
        "status": "failed",
        "article_id": key(1),
        "reason": "ProvisionedThroughputExceededException",
    }


def test_retry_delay_is_exponential_jittered_and_capped() -> None:
    policy = RetryPolicy(attempts=10, base_seconds=0.1, cap_seconds=1.0)
    assert [policy.delay(n, 1.0) for n in range(1, 7)] == [0.1, 0.2, 0.4, 0.8, 1.0, 1.0]
    assert policy.delay(3, 0.5) == 0.2
    assert policy.delay(3, 0.0) == 0.0


def test_the_largest_valid_article_fits_one_kinesis_record(
    intake: Intake, stream: FakeStream
) -> None:
    # Control characters are dropped by normalisation but cost 6 bytes each as JSON escapes.
    words = " ".join(["\U0001f4c8rally"] * 20)
    worst = article(
        1,
        source="s" * 200,
        url="https://vendor.example.com/news/1?q=" + "\u00e9" * 2000,
        headline="\x01" * 299 + "h",
        body=words + "\x01" * (MAX_BODY_CHARS - len(words)),
        published_at="2024-05-02T20:00:00.000000+02:00".ljust(64),
    )

    status, _ = submit(intake, worst)

    [[written]] = stream.calls
    assert status == 202
    assert len(written.data) + len(written.partition_key) < MAX_RECORD_BYTES
