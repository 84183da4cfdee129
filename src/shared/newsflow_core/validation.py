"""Untrusted article JSON in, a normalised ``Article`` (or a ``ValidationError``) out.

Every door into the pipeline (Kinesis ingest, the signed HTTP intake, nightly bulk files)
calls ``parse_article``, so an article means the same thing whichever way it arrived.
``parse_article`` raises nothing but ``ValidationError``; its ``reason`` is one of the stable
codes below, which DLQ reports and the intake API aggregate on.

Normalisation: HTML stripped (entities decoded, script/style dropped), Unicode NFC, control
characters dropped, whitespace collapsed; ``published_at`` to UTC ``YYYY-MM-DDTHH:MM:SSZ``;
the URL canonicalised so that the same story reached through a tracking link has the same
``article_id``. Every field has a length limit that applies as received (and, for text,
once normalised too), so a valid article as received always fits one 1 MB Kinesis record.
"""

from __future__ import annotations

import hashlib
import ipaddress
import re
import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime
from html import unescape
from typing import Any, Final
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

import orjson

from newsflow_core.article import Article
from newsflow_core.errors import ValidationError

__all__ = [
    "FIELDS",
    "MAX_BODY_CHARS",
    "MAX_HEADLINE_CHARS",
    "MAX_SOURCE_CHARS",
    "MAX_TIMESTAMP_CHARS",
    "MAX_URL_CHARS",
    "MIN_BODY_WORDS",
    "Reason",
    "ValidationError",
    "article_id_for",
    "canonical_url",
    "normalise_text",
    "parse_article",
    "strip_html",
]

# The input fields, in the order they are checked: the first problem found is the reason.
FIELDS: Final = ("source", "url", "headline", "body", "published_at")

MIN_BODY_WORDS: Final = 20
MAX_BODY_CHARS: Final = 100_000
MAX_HEADLINE_CHARS: Final = 300
MAX_SOURCE_CHARS: Final = 200
MAX_URL_CHARS: Final = 2048
MAX_TIMESTAMP_CHARS: Final = 64


class Reason:
    """The stable reason codes. Field-specific ones are built with ``missing``/``invalid``."""

    INVALID_ENCODING: Final = "invalid_encoding"
    INVALID_JSON: Final = "invalid_json"
    NOT_AN_OBJECT: Final = "not_an_object"
    INVALID_URL: Final = "invalid_url"
    INVALID_TIMESTAMP: Final = "invalid_timestamp"
    BODY_TOO_SHORT: Final = "body_too_short"
    BODY_TOO_LONG: Final = "body_too_long"
    HEADLINE_TOO_LONG: Final = "headline_too_long"

    @staticmethod
    def missing(name: str) -> str:
        return f"missing_field:{name}"

    @staticmethod
    def invalid(name: str) -> str:
        return f"invalid_field:{name}"


# ---------------------------------------------------------------------------- public API


def parse_article(raw: bytes | str | Mapping[str, Any]) -> Article:
    """Validate and normalise one untrusted article. Raises only ``ValidationError``."""
    data = _as_object(raw)
    source = _text_field(data, "source", MAX_SOURCE_CHARS, Reason.invalid("source"), html=False)
    url = canonical_url(_raw_string(data, "url"))
    headline = _text_field(data, "headline", MAX_HEADLINE_CHARS, Reason.HEADLINE_TOO_LONG)
    body = _text_field(data, "body", MAX_BODY_CHARS, Reason.BODY_TOO_LONG)
    words = _word_count(body)
    if words < MIN_BODY_WORDS:
        raise ValidationError(Reason.BODY_TOO_SHORT, f"{words} words, at least {MIN_BODY_WORDS}")
    published_at = _utc_timestamp(_raw_string(data, "published_at"))
    return Article(
        article_id=_id_of_canonical(url),
        source=source,
        url=url,
        headline=headline,
        body=body,
        published_at=published_at,
    )


def canonical_url(url: str) -> str:
    """The canonical form of an http(s) URL; raises ``ValidationError("invalid_url")``.

    Lowercase scheme and host (IDNA for non-ASCII hosts), no default port, no userinfo, no
    fragment, no tracking parameters, remaining query parameters sorted, percent-escapes in
    upper case, and no trailing slash except for the root path.
    """
    if not isinstance(url, str):
        raise ValidationError(Reason.INVALID_URL, f"expected a string, got {type(url).__name__}")
    text = url.strip()
    if not text or len(url) > MAX_URL_CHARS:
        raise ValidationError(Reason.INVALID_URL, f"empty or longer than {MAX_URL_CHARS} chars")
    try:
        return _canonical(text)
    except ValidationError:
        raise
    except (ValueError, UnicodeError) as exc:  # urlsplit, .port, idna and quote all use these
        raise ValidationError(Reason.INVALID_URL, f"{type(exc).__name__}: {exc}") from exc


def article_id_for(url: str) -> str:
    """First 32 hex characters of sha256 of the canonical URL."""
    return _id_of_canonical(canonical_url(url))


# ---------------------------------------------------------------------------- decoding


def _as_object(raw: object) -> Mapping[Any, Any]:
    if isinstance(raw, Mapping):
        return raw
    if isinstance(raw, bytes | bytearray | memoryview):
        try:
            raw = bytes(raw).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValidationError(Reason.INVALID_ENCODING, str(exc)) from exc
    if not isinstance(raw, str):
        raise ValidationError(Reason.NOT_AN_OBJECT, f"got {type(raw).__name__}")
    _require_encodable(raw, "document")
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise ValidationError(Reason.INVALID_JSON, str(exc)) from exc
    if not isinstance(data, dict):
        raise ValidationError(Reason.NOT_AN_OBJECT, f"JSON {type(data).__name__}")
    return data


def _require_encodable(text: str, where: str) -> None:
    # Lone surrogates survive json.loads and Python strings but not UTF-8 or orjson.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(Reason.INVALID_ENCODING, f"{where}: {exc.reason}") from exc


def _raw_string(data: Mapping[Any, Any], name: str) -> str:
    value = data.get(name)
    if value is None:
        raise ValidationError(Reason.missing(name), "absent or null")
    if not isinstance(value, str):
        raise ValidationError(
            Reason.invalid(name), f"expected a string, got {type(value).__name__}"
        )
    _require_encodable(value, name)
    if not value.strip():
        raise ValidationError(Reason.missing(name), "blank")
    return value


def _text_field(
    data: Mapping[Any, Any], name: str, max_chars: int, too_long: str, *, html: bool = True
) -> str:
    raw = _raw_string(data, name)
    if len(raw) > max_chars:
        raise ValidationError(too_long, f"{len(raw)} chars as received, at most {max_chars}")
    text = normalise_text(raw, html=html)
    if not text:
        raise ValidationError(Reason.missing(name), "blank once normalised")
    if len(text) > max_chars:  # NFC can lengthen a few scripts
        raise ValidationError(too_long, f"{len(text)} chars once normalised, at most {max_chars}")
    return text


# ---------------------------------------------------------------------------- text

# Tags that separate words: dropping them must leave a space, not glue two words together.
# fmt: off
_BLOCK_TAGS: Final = frozenset({
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
# fmt: on
_INVISIBLE_TAGS: Final = frozenset({"script", "style", "template", "noscript"})
_INVISIBLE_END: Final = {tag: re.compile(rf"</{tag}\b", re.IGNORECASE) for tag in _INVISIBLE_TAGS}
_ZERO_WIDTH: Final = frozenset("\u200b\ufeff")
# "<" opens markup only before a tag name, "/", "!" or "?"; "a < b" and "<3" stay text.
_MARKUP_OPEN: Final = re.compile(r"<(?:(/?)([A-Za-z][A-Za-z0-9:-]*)|!--|[!?])")


def strip_html(text: str) -> str:
    """Text content of an HTML fragment: tags and comments dropped, entities decoded,
    script/style content dropped, block tags turned into spaces.

    A single forward scan (linear time): ``html.parser`` is quadratic on inputs such as
    ``"<a " * 30_000``, which would let one crafted record stall a whole shard.
    """
    if "<" not in text and "&" not in text:
        return text
    parts: list[str] = []
    pos = 0
    while (opening := _MARKUP_OPEN.search(text, pos)) is not None:
        parts.append(unescape(text[pos : opening.start()]))
        if opening.group(0) == "<!--":
            end = text.find("-->", opening.end())
            pos = len(text) if end < 0 else end + 3  # an unclosed comment runs to the end
            continue
        end = text.find(">", opening.end())
        if end < 0:  # no closing ">" anywhere: not markup, and nothing after is either
            pos = opening.start()
            break
        pos = end + 1
        name = (opening.group(2) or "").lower()
        if name in _BLOCK_TAGS:
            parts.append(" ")
        elif name in _INVISIBLE_TAGS and not opening.group(1):
            pos = _skip_raw_text(text, pos, name)
            parts.append(" ")
    parts.append(unescape(text[pos:]))
    return "".join(parts)


def _skip_raw_text(text: str, pos: int, tag: str) -> int:
    """Position after ``</tag ...>``; the end of the text when the element is never closed."""
    closing = _INVISIBLE_END[tag].search(text, pos)
    if closing is None:
        return len(text)
    end = text.find(">", closing.end())
    return len(text) if end < 0 else end + 1


def normalise_text(text: str, *, html: bool = True) -> str:
    """HTML stripped (optionally), NFC, control characters dropped, whitespace collapsed."""
    if html:
        text = strip_html(text)
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        ch
        for ch in text
        if ch.isspace() or (ch not in _ZERO_WIDTH and unicodedata.category(ch) != "Cc")
    )
    return " ".join(kept.split())


def _word_count(text: str) -> int:
    return sum(1 for token in text.split() if any(ch.isalnum() for ch in token))


# ---------------------------------------------------------------------------- timestamps


def _utc_timestamp(value: str) -> str:
    if len(value) > MAX_TIMESTAMP_CHARS:
        raise ValidationError(Reason.INVALID_TIMESTAMP, f"longer than {MAX_TIMESTAMP_CHARS} chars")
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError(Reason.INVALID_TIMESTAMP, f"not ISO 8601: {value[:64]!r}") from exc
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValidationError(Reason.INVALID_TIMESTAMP, "needs an offset or Z")
    try:
        utc = parsed.astimezone(UTC)
    except OverflowError as exc:  # an offset that moves year 1 or 9999 out of range
        raise ValidationError(Reason.INVALID_TIMESTAMP, "out of range in UTC") from exc
    return utc.replace(microsecond=0, tzinfo=None).isoformat() + "Z"


# ---------------------------------------------------------------------------- URLs

_TRACKING_PARAMS: Final = frozenset({"gclid", "fbclid", "mc_cid", "mc_eid"})
_DEFAULT_PORTS: Final = {"http": 80, "https": 443}
_HOST_LABEL: Final = re.compile(r"^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$")
_ESCAPE: Final = re.compile(r"%[0-9a-fA-F]{2}")
# RFC 3986 pchar plus "/" and "%": existing escapes are kept, everything else is escaped.
_PATH_SAFE: Final = "/%:@!$&'()*+,;=-._~"


def _is_tracking(key: str) -> bool:
    lowered = key.lower()
    return lowered.startswith("utm_") or lowered in _TRACKING_PARAMS


def _canonical(text: str) -> str:
    parts = urlsplit(text)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ValidationError(Reason.INVALID_URL, f"scheme must be http or https: {scheme!r}")
    if parts.username is not None or parts.password is not None:
        raise ValidationError(Reason.INVALID_URL, "credentials in URL")
    host = _canonical_host(parts.hostname or "")
    port = parts.port  # raises ValueError when not a valid port
    netloc = host if port is None or port == _DEFAULT_PORTS[scheme] else f"{host}:{port}"

    path = _ESCAPE.sub(lambda m: m.group(0).upper(), quote(parts.path, safe=_PATH_SAFE))
    path = path.rstrip("/") or "/"

    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = urlencode(sorted((k, v) for k, v in pairs if not _is_tracking(k)), quote_via=quote)
    return f"{scheme}://{netloc}{path}" + (f"?{query}" if query else "")


def _canonical_host(host: str) -> str:
    if not host:
        raise ValidationError(Reason.INVALID_URL, "no host")
    if ":" in host:  # urlsplit has already removed the brackets of an IPv6 literal
        return f"[{ipaddress.IPv6Address(host).compressed}]"
    ascii_host = host.encode("idna").decode("ascii").lower()
    labels = ascii_host.removesuffix(".").split(".")
    if not all(_HOST_LABEL.match(label) for label in labels):
        raise ValidationError(Reason.INVALID_URL, f"invalid host: {host[:64]!r}")
    return ascii_host


def _id_of_canonical(url: str) -> str:
    return hashlib.sha256(url.encode("utf-8")).hexdigest()[:32]
