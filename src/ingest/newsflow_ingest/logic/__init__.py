"""Pure domain of the ingest stage: plain values and ports, no boto3."""
