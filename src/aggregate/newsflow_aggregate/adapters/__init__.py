"""boto3 (and newsflow_core) implementations of the bulk stage's ports."""
