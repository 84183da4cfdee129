"""boto3 (and Standard Webhooks) implementations of the ingest ports."""
