"""Ingest stage: the signed HTTP intake (PutRecords into NewsStream) and the Kinesis consumer
that validates, dedups and claim-checks batches into the enrichment state machine."""
