"""The one place the ingest stage builds concrete adapters. Each handler module calls its
builder once at import (cold start); the two functions share this CodeUri but not their
environment, so each builder reads only its own settings."""

from __future__ import annotations

from newsflow_core.adapters.aws import client
from newsflow_core.adapters.s3_claims import S3ClaimStore
from newsflow_core.adapters.sqs_rejects import SqsRejectSink
from newsflow_ingest.adapters.dynamodb_dedup import DynamoDbDeduplicator
from newsflow_ingest.adapters.kinesis_stream import KinesisStreamWriter
from newsflow_ingest.adapters.secretsmanager_secret import read_secret_string
from newsflow_ingest.adapters.standard_webhooks import StandardWebhooksVerifier
from newsflow_ingest.adapters.stepfunctions_executions import StepFunctionsExecutionStarter
from newsflow_ingest.logic.ingest import Ingestor
from newsflow_ingest.logic.intake import Intake
from newsflow_ingest.settings import IngestSettings, IntakeSettings


def build_ingestor() -> Ingestor:
    settings = IngestSettings.from_env()
    return Ingestor(
        dedup=DynamoDbDeduplicator(
            client("dynamodb"), settings.dedup_table, settings.dedup_ttl_days
        ),
        claims=S3ClaimStore(client("s3"), settings.data_bucket),
        rejects=SqsRejectSink(client("sqs"), settings.ingest_dlq_url),
        executions=StepFunctionsExecutionStarter(
            client("stepfunctions"), settings.enrichment_state_machine_arn
        ),
    )


def build_intake() -> Intake:
    settings = IntakeSettings.from_env()
    # Read once per container; a rotated secret reaches new containers.
    secret = read_secret_string(client("secretsmanager"), settings.intake_secret_arn)
    return Intake(
        verifier=StandardWebhooksVerifier(secret),
        stream=KinesisStreamWriter(client("kinesis"), settings.news_stream_name),
    )
