"""Lambda entry points named in template.yaml."""
