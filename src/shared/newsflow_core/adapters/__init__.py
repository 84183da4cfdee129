"""Concrete adapters (boto3) for the shared ports."""
