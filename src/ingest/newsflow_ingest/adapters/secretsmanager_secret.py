"""Reads a secret string once (cold start) through Powertools parameters."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.parameters import SecretsProvider


def read_secret_string(secretsmanager: Any, secret_arn: str) -> str:
    value = SecretsProvider(boto3_client=secretsmanager).get(secret_arn)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"secret {secret_arn} has no SecretString")
    return value.strip()
