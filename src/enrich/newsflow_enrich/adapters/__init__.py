"""boto3 implementations of the enrich stage's ports."""
