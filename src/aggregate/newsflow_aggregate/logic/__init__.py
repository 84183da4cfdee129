"""The bulk stage's domain: plain values and ports, no boto3."""
