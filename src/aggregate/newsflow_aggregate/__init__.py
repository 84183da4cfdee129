"""Nightly bulk files: split into chunks, enrich each chunk once, aggregate exactly once."""
