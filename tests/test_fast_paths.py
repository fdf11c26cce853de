"""The shortcuts that make `validate` fast never change what it reports.

Each shortcut is held against the long way it replaces, over generated inputs: the one-scan check
that an exchange holds no credential, the JSON results assembled from cached parts, and the
digit-run scan that guards the HAR streamer.
"""

from __future__ import annotations

import io
import json
import re
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.documents import DepthLimitedReader
from generator.errors import InputError
from generator.exchanges import NO_BODY, Exchange
from generator.exchanges._exchange import loads_json
from generator.exchanges._har import _any_entry, _plain_entry
from generator.findings import Severity
from generator.redaction import Redactor
from generator.redaction._policy import _CREDENTIAL_PARAM, _SCHEME_CREDENTIAL, _TOKEN_SHAPE, _USERINFO, _may_have_shape
from generator.reporting import ValidationRenderer
from generator.spec._routing import Router, _compile, path_of
from generator.validation import ExchangeResult, Violation

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ"
# Pieces a credential is made of, and pieces of ordinary recordings: put together at random, split
# across the URL, headers and bodies, so that one part alone may hold half of a rule's match.
PIECES = [
    "https://graph.microsoft.com/beta/users/u1",
    "://",
    "user:pw@",
    "@odata.context",
    "access_token=",
    "code=abc123456",
    "Bearer ",
    "bearer abcdef123456",
    "Basic dXNlcjpwYXNz",
    "negotiate",
    "Ba\u017fic dXNlcjpwYXNz0123",
    "\u017fecret",
    "B\u0130nary",
    "\u0131d_token",
    "\u212aey",
    "Bas\u0131c dXNlcjpwYXNz0123",
    "api",
    "i\u0307",
    "password: hunter2",
    "pass_word: hunter2",
    "-",
    ": x1",
    "<secret>x</secret>",
    'name="token"\r\n\r\nvalue',
    "s3cr3t-literal",
    "REDACTED",
    "[Filtered]",
    JWT,
    "eyJ",
    "eyAiYWxnIjoiUlMyNTYifQ.e30.c2ln",
    "ewoiYQ",
    "Basic dXNlcjpwYXNz",
    "client-secret",
    "client_",
    "secret",
    "binary_Value",
    "BinaryValue",
    "raw-content",
    "tok",
    "en",
    "pass",
    "word",
    "%2E",
    "\\u0074oken",
    '"',
    " ",
    "\n",
    "=",
    "&",
    "2024-02-01T19:58:51.2210909Z",
    "application/json",
    "{",
    "}",
]
text = st.lists(st.sampled_from(PIECES), max_size=6).map("".join)
header_names = st.sampled_from(["content-type", "request-id", "authorization", "cookie", "x-api-key", "location"])
bodies = st.one_of(st.just(NO_BODY), text, text.map(str.encode), st.just({"token": "x"}))
REDACTOR = Redactor(frozenset({"binaryValue", "rawContent"}), literals=["s3cr3t-literal"])


@st.composite
def exchanges(draw: Any) -> Exchange:
    return Exchange(
        method="GET",
        url=draw(text),
        status=200,
        request_headers=draw(st.dictionaries(header_names, text, max_size=3)),
        response_headers=draw(st.dictionaries(header_names, text, max_size=3)),
        body=draw(bodies),
        request_body=draw(bodies),
    )


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exchanges())
def test_an_exchange_called_clean_in_one_scan_has_nothing_to_redact_part_by_part(exchange: Exchange) -> None:
    _, changes = REDACTOR._redact_parts(exchange)
    if REDACTOR.is_clean(exchange):
        assert changes == []
    assert REDACTOR.exchange(exchange)[1] == changes


@settings(max_examples=600, deadline=None)
@given(text)
def test_text_passed_over_by_the_shape_gate_matches_no_shape(value: str) -> None:
    if not _may_have_shape(value):
        for pattern in (_TOKEN_SHAPE, _SCHEME_CREDENTIAL, _USERINFO, _CREDENTIAL_PARAM):
            assert pattern.search(value) is None, pattern.pattern


@settings(max_examples=1500, deadline=None)
@given(text)
def test_text_the_gate_passes_over_is_text_no_rule_would_change(value: str) -> None:
    if REDACTOR.may_hold_secret(value):
        return
    changed = _TOKEN_SHAPE.sub("R", value)
    changed = _SCHEME_CREDENTIAL.sub("R", changed)
    changed = _USERINFO.sub("R", changed)
    changed = _CREDENTIAL_PARAM.sub("R", changed)
    changed = REDACTOR._named.sub("R", changed)
    assert changed == value
    assert not any(literal in value for literal in REDACTOR.literals)


def test_a_credential_split_over_two_headers_is_still_found_in_each() -> None:
    exchange = Exchange(
        method="GET",
        url="https://graph.microsoft.com/beta/me",
        status=200,
        response_headers={"location": f"https://app/cb#access_token={JWT}", "request-id": "1"},
    )
    assert not REDACTOR.is_clean(exchange)
    assert [c.location for c in REDACTOR.exchange(exchange)[1]] == ["/response/headers/location"]


VIOLATIONS = [
    Violation("format", Severity.ERROR, "/createdDateTime", 'expected date-time, got "x"', "date-time", '"x"', "s:1"),
    Violation("unknown-member", Severity.WARNING, '/naïve "quoted"', "member \u2028 line separator"),
    Violation("header", Severity.ERROR, "/headers/location", f"got {JWT}", actual=JWT),
]


@given(
    source=st.text(max_size=20),
    index=st.integers(min_value=0, max_value=10**9),
    path=st.sampled_from(["/me/x", f"/users/{JWT}/x", "/caf\u00e9/{id}"]),
    operation=st.sampled_from([None, "getX", 'odd "id"']),
    status=st.integers(min_value=100, max_value=599),
    violations=st.lists(st.sampled_from(VIOLATIONS), max_size=3),
)
def test_json_results_are_exactly_what_json_dumps_writes_for_the_same_object(
    source: str, index: int, path: str, operation: str | None, status: int, violations: list[Violation]
) -> None:
    from generator.spec import Operation

    exchange = Exchange(method="GET", url="https://x/", status=status, source=source, index=index)
    op = Operation(operation, "get", path, "", "", (), False, (), (), (), "/paths/x/get") if operation else None
    result = ExchangeResult(exchange, op, path, tuple(violations))
    renderer = ValidationRenderer("json", bare=True)
    (line, _), *_ = list(renderer.lines(result))
    expected = {
        "source": source,
        "index": index,
        "method": "GET",
        "path": path.replace(JWT, "REDACTED"),
        "operation": operation,
        "status": status,
        "ok": not any(v.severity is Severity.ERROR for v in violations),
        "violations": [v.as_dict() for v in violations],
    }
    assert line == json.dumps(expected, ensure_ascii=False, separators=(",", ":"))
    assert JWT not in line


@pytest.mark.parametrize("chunk", [1, 7, 4096, 1 << 20])
def test_a_run_of_4300_digits_is_refused_as_it_is_read_wherever_it_falls_and_4299_is_not(chunk: int) -> None:
    def refused(data: bytes) -> str | None:
        reader = DepthLimitedReader(io.BytesIO(data), "x.har")
        try:
            while reader.read(chunk):
                pass
        except InputError as exc:
            return exc.where
        return None

    for offset in (0, 4095, 4096, 8191):
        before = b"[" + b"\n" * 3 + b" " * offset
        assert refused(before + b"7" * 4300 + b"]") == "4", (offset, chunk)
        assert refused(before + b"7" * 4299 + b"]") is None, (offset, chunk)
    assert refused(("[" + "\u0663" * 5000 + "]").encode()) is None  # only ASCII digits make a JSON number


def deepest(text: str) -> int:
    """The long way: a walk over every character, minding strings and escapes."""
    depth = deepest_yet = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest_yet = max(deepest_yet, depth)
        elif char in "]}":
            depth = max(0, depth - 1)
    return deepest_yet


json_values = st.recursive(
    st.sampled_from(["x[y", "]]", '\\"', "a\\\\", "{", '"', 1, None, '\\\\"[', '"{"', "}"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["a", "[k", '"q', "\\"]), inner),
    max_leaves=40,
)


@settings(max_examples=400, deadline=None)
@given(json_values, st.integers(min_value=1, max_value=30), st.sampled_from([1, 2, 3, 7, 64, 4096]))
def test_the_nesting_guard_agrees_with_a_walk_over_every_character(value: Any, limit: int, chunk: int) -> None:
    text = json.dumps(value)
    reader = DepthLimitedReader(io.BytesIO(text.encode()), "x", limit)
    try:
        while reader.read(chunk):
            pass
        refused = False
    except InputError:
        refused = True
    assert refused == (deepest(text) > limit)


# Bodies as recorders write them: numbers at the edges of 64 bits and of floats, and what orjson refuses
# but json reads (NaN, a lone surrogate, a BOM, trailing text, nesting past 1,024).
json_texts = st.one_of(
    st.recursive(
        st.none()
        | st.booleans()
        | st.integers(min_value=-(2**70), max_value=2**70)
        | st.floats(allow_nan=False)
        | st.text(max_size=8),
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
        max_leaves=12,
    ).map(json.dumps),
    st.sampled_from(
        [
            "NaN",
            "-Infinity",
            "1e400",
            '"\\ud800"',
            "\ufeff{}",
            "{} x",
            "[1,]",
            "18446744073709551616",
            "-9223372036854775809",
            "123456789012345678901234567890",
            "0.1234567890123456789",
            "-0",
            "-0.0",
            "[" * 1100 + "]" * 1100,
        ]
    ),
)


@settings(max_examples=400, deadline=None)
@given(json_texts, st.booleans())
def test_bodies_decode_to_what_json_loads_gives_or_fail_with_its_message(text: str, as_bytes: bool) -> None:
    body: str | bytes = text.encode("utf-8", "surrogatepass") if as_bytes else text
    try:
        expected: Any = json.loads(body)
    except (ValueError, RecursionError) as exc:
        expected = exc
    try:
        actual: Any = loads_json(body)
    except (ValueError, RecursionError) as exc:
        actual = exc
    if isinstance(expected, BaseException):
        assert type(actual) is type(expected) and str(actual) == str(expected)
    else:
        assert repr(actual) == repr(expected)  # repr: -0.0 is not 0, 1.0 is not 1, a big integer stays one


entry_parts = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["GET", "get", "Post", 7, "M-SEARCH", "a b", "\u0390" * 3, "X" * 33]),
        "url": st.sampled_from(["https://h/beta/users/u1", 3]),
        "status": st.sampled_from([200, 404, 0, "200", 99, 600, True]),
        "request_headers": st.sampled_from(
            [
                [],
                [{"name": " Authorization ", "value": "Bearer REDACTED"}],
                None,
                {"A": "b"},
                [["a", "b"]],
                5,
                True,
                1.5,
            ]
        ),
        "response_headers": st.sampled_from(
            [
                [{"name": "Content-Type", "value": "application/json"}],
                [{"name": "X-A", "value": "1"}, {"name": "x-a", "value": "2"}],
                [{"name": "X", "value": 1}],
                [],
                7,
                True,
            ]
        ),
        "content": st.sampled_from(
            [
                {"mimeType": "application/json", "text": '{"id": "1"}'},
                {"text": "dGV4dA==", "encoding": "base64"},
                {"mimeType": "text/plain"},
                {"text": {"id": 1}},
                "not an object",
            ]
        ),
        "extra": st.sampled_from(
            [{}, {"postData": {"text": "a=b"}}, {"cookies": []}, {"cookies": [{"name": "c", "value": "d"}]}]
        ),
    }
)


@settings(max_examples=300, deadline=None)
@given(entry_parts)
def test_a_har_entry_read_the_short_way_is_the_exchange_the_general_way_reads(parts: dict[str, Any]) -> None:
    request = {"method": parts["method"], "url": parts["url"], **parts["extra"]}
    if parts["request_headers"] is not None:
        request["headers"] = parts["request_headers"]
    response = {"status": parts["status"], "headers": parts["response_headers"], "content": parts["content"]}
    entry = {"request": request, "response": response}
    short = _plain_entry(entry, "x.har", 3)
    if short is None:
        return  # not the common shape: only the general way reads it
    assert short == _any_entry(entry, "x.har", 3)


def test_the_entry_browsers_write_takes_the_short_way() -> None:
    entry = {
        "request": {
            "method": "GET",
            "url": "https://h/a",
            "headers": [{"name": "Accept", "value": "*/*"}],
            "cookies": [],
        },
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{}"}},
    }
    short = _plain_entry(entry, "x.har", 0)
    assert short is not None and short.response_headers == {"content-type": "application/json"}
    assert short == _any_entry(entry, "x.har", 0)


_URL_PARTS = ["/", "?", "#", "beta", "users", "{id}", "%2F", "a b", "\t", "\u00e9", "\x7f", ";", "=", "&", "", "//"]
url_pieces = st.tuples(
    st.sampled_from(["https://", "http://", "HTTP://", "//", "", "https:/"]),
    st.sampled_from(["graph.microsoft.com", "[::1]", "[::1", "h]", "u:p@h:8443", "h?q", "h#f", "", "\nh"]),
    st.lists(st.sampled_from(_URL_PARTS), max_size=10).map("".join),
).map("".join)


@settings(max_examples=500, deadline=None)
@given(url_pieces)
def test_a_url_is_routed_by_the_path_urlsplit_finds(url: str) -> None:
    try:
        expected = (
            urlsplit(url).path
            if ("://" in url or url.startswith("//"))
            else url.split("?", maxsplit=1)[0].split("#", maxsplit=1)[0]
        )
    except ValueError:  # an unbalanced IPv6 bracket: urlsplit refuses it, and so must the short way
        with pytest.raises(ValueError):
            path_of(url)
        return
    assert path_of(url) == (expected or "/")


route_templates = st.lists(
    st.lists(
        st.sampled_from(["users", "me", "{id}", "{name}", "a.b", "x", "v1", "beta", "beta", "x y", "%41"]), max_size=3
    ).map(lambda parts: "/" + "/".join(parts)),
    min_size=1,
    max_size=5,
    unique=True,
)
route_urls = st.tuples(
    st.sampled_from(["https://h", "http://h:80", "https://h?", "HTTPS://h", "https://[::1]", "https://u@h"]),
    st.lists(
        st.sampled_from(["beta", "v1", "users", "me", "x", "a.b", "%41", "%2F", "", "x y", "a?b", "a#b"]), max_size=5
    ),
    st.sampled_from(["", "/", "//", "?q=1", "#f", "/?q"]),
).map(lambda parts: parts[0] + "".join("/" + segment for segment in parts[1]) + parts[2])


@settings(max_examples=400, deadline=None)
@given(
    route_templates,
    st.sampled_from([[], ["https://h/beta"], ["https://h/beta", "https://h/beta/v1", "https://h"]]),
    st.lists(route_urls, min_size=1, max_size=8),
    st.sampled_from(["GET", "post"]),
)
# A prefix taken is not given back; a variable stops at `?` and `#`; trailing slashes do not count.
@example(
    ["/{id}", "/beta/{id}"], ["https://h/beta"], ["https://h/beta", "https://h/beta/x", "https://h/beta/beta"], "GET"
)
@example(
    ["/users/{id}/x", "/users/{id}"],
    [],
    ["https://h/users/a?b/x", "https://h/users/a#b/x", "https://h/users/a//"],
    "GET",
)
def test_a_url_routed_the_short_way_routes_where_the_general_way_does(
    templates: list[str], servers: list[str], urls: list[str], method: str
) -> None:
    operations = [SimpleNamespace(path=template, method="GET") for template in templates]
    router = Router(SimpleNamespace(servers=servers, operations=operations))  # type: ignore[arg-type]
    for url in urls:
        short = router._plain_match(method, url)
        if short is not None:
            assert short == router._any_match(method, url), url


def test_the_urls_a_client_sends_take_the_short_way() -> None:
    operations = [SimpleNamespace(path="/users/{id}/x", method="GET"), SimpleNamespace(path="/me/x", method="GET")]
    router = Router(SimpleNamespace(servers=["https://graph.microsoft.com/beta"], operations=operations))  # type: ignore[arg-type]
    for url in ("https://graph.microsoft.com/beta/users/a%2Fb/x?$select=id", "https://graph.microsoft.com/beta/me/x/"):
        short = router._plain_match("GET", url)
        assert short is not None and short == router._any_match("GET", url)
    assert router._plain_match("GET", "https://graph.microsoft.com/beta/users/1/x")
    assert router.match("GET", "https://graph.microsoft.com/beta/users/a%2Fb/x").values == {"id": "a/b"}


def old_mixed_pattern(template: str) -> re.Pattern[str]:
    """The regular expression mixed segments were matched with (lazy groups): the meaning to keep."""
    found = list(re.finditer(r"\{([^{}/]+)\}", template))
    regex, position = [], 0
    for index, variable in enumerate(found):
        regex.append(re.escape(template[position : variable.start()]))
        adjacent = index > 0 and variable.start() == found[index - 1].end()
        regex.append("()" if adjacent else "(.+)" if index == len(found) - 1 else "(.+?)")
        position = variable.end()
    regex.append(re.escape(template[position:]))
    return re.compile("".join(regex), re.DOTALL)


mixed_templates = (
    st.lists(st.sampled_from(["{a}", "{b}", "{c}", "-", ".", "x", "-x", ".json"]), min_size=1, max_size=6)
    .map("".join)
    .filter(lambda t: "{" in t and not re.fullmatch(r"\{[abc]\}", t))
)


@settings(max_examples=500, deadline=None)
@given(mixed_templates, st.text(alphabet="-.xjson", max_size=12))
def test_a_mixed_segment_matches_in_one_pass_what_its_lazy_pattern_matches(template: str, text: str) -> None:
    segment = _compile("/" + template, {}).segments[0]
    expected = old_mixed_pattern(template).fullmatch(text) if text else None
    assert segment.match(text) == (expected.groups() if expected else None)


def test_a_hostile_segment_is_matched_in_one_pass() -> None:
    segment = _compile("/f/{a}-{b}-{c}-{d}.json", {}).segments[1]
    assert segment.match("-" * 100_000) is None
    assert segment.match("a-b-c-d-e.json") == ("a", "b", "c", "d-e")
