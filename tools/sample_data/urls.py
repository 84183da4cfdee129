"""URL canonicalisation, as the brief's validation contract states it, and re-send variants.

The generator needs it to keep every valid article's canonical URL unique and to build
duplicates that differ in bytes but not in ``article_id``. Ingest owns the production
version (``newsflow_core.validation.canonical_url``); the sample-data test checks the two
agree on every URL in the stream.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

TRACKING_PARAMS = frozenset({"gclid", "fbclid", "mc_cid", "mc_eid"})
DEFAULT_PORTS = {"http": 80, "https": 443}


def canonical_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    netloc = host
    if parts.port is not None and parts.port != DEFAULT_PORTS.get(scheme):
        netloc = f"{host}:{parts.port}"
    query = sorted(
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith("utm_") and k.lower() not in TRACKING_PARAMS
    )
    path = parts.path
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    return urlunsplit((scheme, netloc, path or "/", urlencode(query), ""))


def article_id_for(url: str) -> str:
    return hashlib.sha256(canonical_url(url).encode("utf-8")).hexdigest()[:32]


def _with_query(url: str, extra: str) -> str:
    base, sep, fragment = url.partition("#")
    joined = f"{base}{'&' if '?' in base else '?'}{extra}"
    return f"{joined}{sep}{fragment}"


def _toggle_slash(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path[:-1] if parts.path.endswith("/") else parts.path + "/"
    return urlunsplit(parts._replace(path=path))


def _upper_host(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(scheme=parts.scheme.upper(), netloc=parts.netloc.upper()))


def _default_port(url: str) -> str:
    parts = urlsplit(url)
    port = DEFAULT_PORTS[parts.scheme.lower()]
    return urlunsplit(parts._replace(netloc=f"{parts.netloc}:{port}"))


URL_VARIANTS = {
    "utm_params": lambda u: _with_query(
        u, "utm_source=twitter&utm_medium=social&utm_campaign=markets"
    ),
    "utm_newsletter": lambda u: _with_query(u, "utm_source=newsletter&utm_medium=email"),
    "gclid": lambda u: _with_query(u, "gclid=EAIaIQobChMI8x2"),
    "fbclid": lambda u: _with_query(u, "fbclid=IwAR2xQ7kVb0"),
    "mailchimp": lambda u: _with_query(u, "mc_cid=4f1b2c9e7a&mc_eid=91c0d3e5b2"),
    "fragment": lambda u: f"{u}#comments",
    "upper_host": _upper_host,
    "trailing_slash": _toggle_slash,
    "default_port": _default_port,
    "combined": lambda u: _upper_host(_with_query(u, "utm_source=rss")) + "#top",
}
