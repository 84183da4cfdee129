"""newsflow_core.validation: untrusted article JSON in, a normalised Article or a reason out."""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsflow_core.errors import ValidationError
from newsflow_core.validation import (
    FIELDS,
    MAX_BODY_CHARS,
    MAX_HEADLINE_CHARS,
    article_id_for,
    canonical_url,
    normalise_text,
    parse_article,
)

BODY = (
    "Apple Inc reported quarterly revenue of $90.8 billion on Thursday, ahead of Wall Street "
    "estimates, as growth in its services business offset weaker iPhone sales in China."
)


def raw(**overrides: Any) -> dict[str, Any]:
    article: dict[str, Any] = {
        "source": "reuters",
        "url": "https://www.reuters.com/markets/apple-beats-estimates",
        "headline": "Apple beats estimates",
        "body": BODY,
        "published_at": "2024-05-02T16:45:00-04:00",
    }
    article.update(overrides)
    return {k: v for k, v in article.items() if v is not ...}


def reason_of(value: Any) -> str:
    with pytest.raises(ValidationError) as caught:
        parse_article(value)
    return caught.value.reason


# ---------------------------------------------------------------------------- happy path


def test_valid_article_is_normalised() -> None:
    article = parse_article(
        raw(
            source="  Reuters \n",
            url="HTTPS://WWW.Reuters.com:443/markets/apple-beats-estimates/?utm_source=x#top",
            headline="<h1>Apple&nbsp;beats   <b>estimates</b></h1>",
            body=f"<p>{BODY}</p>\n\n<script>track()</script><p>Cafe\u0301 \u200bnote.</p>",
        )
    )
    assert article.source == "Reuters"
    assert article.url == "https://www.reuters.com/markets/apple-beats-estimates"
    assert article.headline == "Apple beats estimates"
    assert article.body == f"{BODY} Caf\u00e9 note."  # NFC composed, zero-width dropped
    assert article.published_at == "2024-05-02T20:45:00Z"
    assert article.article_id == article_id_for(article.url)
    assert re.fullmatch(r"[0-9a-f]{32}", article.article_id)
    assert article.nlp is None
    assert article.tickers == ()


@pytest.mark.parametrize(
    "as_input",
    [
        lambda d: d,
        OrderedDict,
        json.dumps,
        lambda d: json.dumps(d).encode(),
        lambda d: bytearray(json.dumps(d).encode()),
    ],
    ids=["dict", "mapping", "str", "bytes", "bytearray"],
)
def test_accepts_mapping_str_and_bytes_alike(as_input: Any) -> None:
    assert parse_article(as_input(raw())) == parse_article(raw())


def test_article_id_is_the_sha256_prefix_of_the_canonical_url() -> None:
    url = "https://example.com/a?b=1"
    assert article_id_for(url) == hashlib.sha256(url.encode()).hexdigest()[:32]
    assert article_id_for("HTTPS://EXAMPLE.com/a/?utm_medium=x&b=1#f") == article_id_for(url)


def test_unknown_fields_are_ignored() -> None:
    assert parse_article(raw(vendor_extra={"x": 1})) == parse_article(raw())


@pytest.mark.parametrize(
    ("given_at", "utc"),
    [
        ("2024-05-02T20:45:00Z", "2024-05-02T20:45:00Z"),
        ("2024-05-02T20:45:00.987654+00:00", "2024-05-02T20:45:00Z"),
        ("2024-05-03T01:15:00+04:30", "2024-05-02T20:45:00Z"),
        ("2024-01-01T00:30:00+01:00", "2023-12-31T23:30:00Z"),
    ],
)
def test_published_at_is_converted_to_utc(given_at: str, utc: str) -> None:
    assert parse_article(raw(published_at=given_at)).published_at == utc


@pytest.mark.parametrize(
    ("html", "text"),
    [
        ("<p>Hello</p><p>World &amp; co</p><script>track()</script>", "Hello World & co"),
        ("x<SCRIPT type='a'>s</script >y<style>p{}</style>z", "x y z"),
        ("a<!-- note -->b<!-- unclosed", "ab"),
        ("AT&T and S&P 500: 3 < 5, <3", "AT&T and S&P 500: 3 < 5, <3"),
        ("&lt;b&gt;escaped&lt;/b&gt;", "<b>escaped</b>"),  # decoded text is not re-parsed
        ("tail <a href='never closed", "tail <a href='never closed"),
        ("a<br/>b<hr>c<b>d</b>e", "a b cde"),
        ("<x:custom attr=1>z</x:custom>", "z"),
    ],
)
def test_html_is_stripped_to_its_text(html: str, text: str) -> None:
    assert normalise_text(html) == text


@pytest.mark.parametrize(
    "markup",
    ["<a " * 33_000, "<!--" * 25_000, "</" * 50_000, "<![" * 33_000, "<script>" * 12_500],
)
def test_pathological_markup_is_stripped_in_one_pass(markup: str) -> None:
    # html.parser needs minutes for these (quadratic): one such record would stall a shard.
    assert len(normalise_text(markup)) <= len(markup)


def test_entities_and_html_do_not_glue_words_together() -> None:
    article = parse_article(raw(body=f"<p>{BODY}</p><p>AT&amp;T&nbsp;and S&P 500<br>rose.</p>"))
    assert article.body.endswith("AT&T and S&P 500 rose.")


# ---------------------------------------------------------------------------- URLs


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        # case of scheme and host (not path)
        ("HTTPS://News.Example.COM/Markets/AAPL", "https://news.example.com/Markets/AAPL"),
        # default ports dropped, others kept
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("https://example.com:8443/a", "https://example.com:8443/a"),
        ("http://example.com:443/a", "http://example.com:443/a"),
        # fragment dropped
        ("https://example.com/a#section-2", "https://example.com/a"),
        # trailing slash stripped, except the root
        ("https://example.com/a/b/", "https://example.com/a/b"),
        ("https://example.com/a//", "https://example.com/a"),
        ("https://example.com/", "https://example.com/"),
        ("https://example.com", "https://example.com/"),
        # tracking parameters dropped, the rest sorted
        (
            "https://example.com/a?utm_source=tw&z=1&UTM_Medium=s&gclid=g&fbclid=f"
            "&mc_cid=c&mc_eid=e&a=2&a=1",
            "https://example.com/a?a=1&a=2&z=1",
        ),
        ("https://example.com/a?utm_source=x", "https://example.com/a"),
        ("https://example.com/a?", "https://example.com/a"),
        # one encoding for the same query and path
        ("https://example.com/a?q=b+c", "https://example.com/a?q=b%20c"),
        ("https://example.com/caf%c3%a9 x", "https://example.com/caf%C3%A9%20x"),
        ("https://example.com/caf\u00e9", "https://example.com/caf%C3%A9"),
        # internationalised and IPv6 hosts
        ("https://M\u00fcnchen.example/", "https://xn--mnchen-3ya.example/"),
        ("http://[2001:DB8:0:0::1]:80/x", "http://[2001:db8::1]/x"),
        # surrounding whitespace
        ("  https://example.com/a \n", "https://example.com/a"),
    ],
)
def test_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


@pytest.mark.parametrize(
    "url",
    [
        "",
        "   ",
        "example.com/a",
        "ftp://example.com/a",
        "javascript:alert(1)",
        "https://",
        "https:///path",
        "https://user:secret@example.com/",
        "https://example.com:99999/",
        "https://example.com:port/",
        "https://[::1/",
        "https://exa mple.com/",
        "https://a..b/",
        "https://" + "a" * 64 + ".com/",
        "https://example.com/" + "a" * 2048,
    ],
)
def test_invalid_urls(url: str) -> None:
    with pytest.raises(ValidationError) as caught:
        canonical_url(url)
    assert caught.value.reason == "invalid_url"


# ---------------------------------------------------------------------------- reason codes


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"\xff\xfe{}", "invalid_encoding"),
        ('{"source": "\ud800"}', "invalid_encoding"),
        (raw(body=BODY + " \udc00"), "invalid_encoding"),
        ("", "invalid_json"),
        ("{", "invalid_json"),
        ("{'single': 'quotes'}", "invalid_json"),
        ('{"x": NaN}', "invalid_json"),
        ("[]", "not_an_object"),
        ('"an article"', "not_an_object"),
        ("42", "not_an_object"),
        ("null", "not_an_object"),
        (42, "not_an_object"),
        (None, "not_an_object"),
        (raw(url="mailto:desk@example.com"), "invalid_url"),
        (raw(published_at="2024-05-02T20:45:00"), "invalid_timestamp"),
        (raw(published_at="2024-05-02"), "invalid_timestamp"),
        (raw(published_at="yesterday"), "invalid_timestamp"),
        (raw(published_at="0001-01-01T00:00:00+01:00"), "invalid_timestamp"),
        (raw(body="Too short to be news."), "body_too_short"),
        (raw(body="<p>" + " ".join(["word"] * 19) + " !!! ---</p>"), "body_too_short"),
        (raw(body="word " * (MAX_BODY_CHARS // 5 + 1)), "body_too_long"),
        (raw(headline="x" * (MAX_HEADLINE_CHARS + 1)), "headline_too_long"),
        (raw(source="s" * 201), "invalid_field:source"),
        (raw(source="reuters" + " " * 300), "invalid_field:source"),
        (raw(url="https://example.com/a" + " " * 2048), "invalid_url"),
        (raw(published_at="2024-05-02T20:45:00Z" + " " * 64), "invalid_timestamp"),
    ],
)
def test_reason_codes(value: Any, reason: str) -> None:
    assert reason_of(value) == reason


_BLANKS = [..., None, "", "   \n"]
_MISSING = [(field, blank) for field in FIELDS for blank in _BLANKS] + [
    # HTML fields that hold only markup are blank once normalised.
    ("headline", "<p> </p>"),
    ("body", "<div><br></div>"),
]


@pytest.mark.parametrize(("field", "missing"), _MISSING)
def test_missing_field(field: str, missing: Any) -> None:
    assert reason_of(raw(**{field: missing})) == f"missing_field:{field}"


@pytest.mark.parametrize("field", ["source", "url", "headline", "body", "published_at"])
@pytest.mark.parametrize("wrong", [42, 1.5, True, ["a"], {"a": "b"}])
def test_invalid_field_type(field: str, wrong: Any) -> None:
    assert reason_of(raw(**{field: wrong})) == f"invalid_field:{field}"


def test_first_problem_in_field_order_is_the_reason() -> None:
    assert reason_of({"url": "nope", "published_at": "nope"}) == "missing_field:source"
    assert reason_of(raw(url="nope", published_at="nope")) == "invalid_url"


def test_body_length_limit_applies_as_received_and_as_normalised() -> None:
    # Markup counts against the limit as received, so a raw article always fits a record.
    padded = "<p>" + " ".join(["word"] * 30) + "</p>" + "<br>" * (MAX_BODY_CHARS // 4)
    assert reason_of(raw(body=padded)) == "body_too_long"
    assert parse_article(raw(body="x " * 20 + " " * (MAX_BODY_CHARS - 50))).body == "x " * 19 + "x"


# ---------------------------------------------------------------------------- properties

_json = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=6)
    ),
    max_leaves=20,
)
_field_values = st.one_of(
    st.none(), st.integers(), st.text(), st.lists(st.text(), max_size=2),
    st.sampled_from(
        ["https://example.com/a?utm_source=x", "2024-05-02T20:45:00Z", BODY, "<p>a &amp; b"]
    ),
)  # fmt: skip
_articleish = st.fixed_dictionaries(
    {},
    optional={
        name: _field_values for name in ("source", "url", "headline", "body", "published_at")
    },
)


def _only_validation_errors(value: Any) -> None:
    try:
        parse_article(value)
    except ValidationError as exc:
        assert exc.reason
    # anything else propagates and fails the property


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.binary(max_size=512))
def test_arbitrary_bytes_raise_only_validation_error(data: bytes) -> None:
    _only_validation_errors(data)


@settings(derandomize=True, max_examples=200, deadline=None)
@given(_json)
def test_arbitrary_json_raises_only_validation_error(value: Any) -> None:
    _only_validation_errors(json.dumps(value).encode())
    if isinstance(value, dict):
        _only_validation_errors(value)


@settings(derandomize=True, max_examples=300, deadline=None)
@given(_articleish)
def test_arbitrary_article_shaped_objects_raise_only_validation_error(
    value: dict[str, Any],
) -> None:
    _only_validation_errors(value)


_markup = st.builds(
    "".join,
    st.lists(
        st.sampled_from(["<", ">", "</", "<!--", "-->", "<p>", "<script>", "</script", "&amp;",
                         "&#", "&", ";", "'", '"', " ", "a", "\u0301", "\x00", "\u200b"])
        | st.text(max_size=3),
        max_size=40,
    ),
)  # fmt: skip


@settings(derandomize=True, max_examples=300, deadline=None)
@given(st.text(max_size=200) | _markup)
def test_arbitrary_text_as_headline_or_body_raises_only_validation_error(text: str) -> None:
    _only_validation_errors(raw(headline=text))
    _only_validation_errors(raw(body=BODY + text))


_url_noise = st.builds(
    "".join,
    st.lists(
        st.sampled_from(["http", "https", "://", "/", "?", "&", "=", "#", ":", "@", "[", "]", "%"])
        | st.text(max_size=3),
        max_size=12,
    ),
)
_url_parts = st.builds(
    "{}://{}{}{}{}{}".format,
    st.sampled_from(["http", "https", "HTTPS", "ftp"]),
    st.sampled_from(["example.com", "EXAMPLE.com", "m\u00fcnchen.de", "[::1]", "a..b", "x y.com"])
    | st.from_regex(r"[a-zA-Z0-9_-]{1,10}(\.[a-zA-Z0-9-]{1,10}){0,2}", fullmatch=True),
    st.sampled_from(["", ":80", ":443", ":8080", ":99999", ":x"]),
    st.lists(st.text(max_size=5) | st.sampled_from(["", "%2f", "%c3%a9", "a b"]), max_size=4).map(
        lambda segments: "".join("/" + s for s in segments)
    ),
    st.lists(
        st.tuples(st.sampled_from(["utm_source", "gclid", "a", "B", ""]) | st.text(max_size=4),
                  st.text(max_size=4)),
        max_size=4,
    ).map(lambda pairs: "?" + "&".join(f"{k}={v}" for k, v in pairs) if pairs else ""),
    st.sampled_from(["", "#top", "#"]),
)  # fmt: skip
_urlish = _url_parts | _url_noise


@settings(derandomize=True, max_examples=500, deadline=None)
@given(_urlish)
def test_canonical_url_raises_only_validation_error_and_is_idempotent(url: str) -> None:
    try:
        canonical = canonical_url(url)
    except ValidationError as exc:
        assert exc.reason == "invalid_url"
        return
    assert canonical_url(canonical) == canonical
    assert article_id_for(canonical) == article_id_for(url)
