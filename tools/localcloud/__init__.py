"""The Docker-free local cloud: template.yaml on an embedded moto server.

Developer tooling only; never packaged into a Lambda. ``LocalCloud`` is the entry point.
"""
