"""Newsflow's shared domain: the article model, errors, settings, observability and ports.

Shipped to every function through SharedLayer. Nothing here imports moto, the local cloud
or test helpers.
"""
