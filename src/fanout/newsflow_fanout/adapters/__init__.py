"""Concrete implementations of the fan-out ports (DynamoDB, HTTP)."""
