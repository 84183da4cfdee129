"""Fan-out stage: SQS consumers (feeds, analytics, webhooks) and the read/write HTTP API."""
