"""Redaction of headers, URLs and bodies of any media type; see the package docstring for the policy.

Every pattern here runs on untrusted text of any size, so each is written to run in linear time
(possessive runs, and look-behinds so that a run of token characters is tried once, not at every
position).
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import jsonschema_rs

from ..documents import escape_pointer
from ..exchanges import NO_BODY, Exchange

if TYPE_CHECKING:
    from ..spec import Spec

__all__ = ["REDACTED", "Change", "Redactor", "is_redacted", "redact_text", "secret_members"]

REDACTED = "REDACTED"

# A JWS has three dot-separated base64url parts, a JWE five; both start with a JSON header (`eyJ`).
# A dot written as %2E in a URL is a dot too.
# Its header is JSON: `{"` encodes as `eyJ`; `{ "`, `{\n`, `{\r\n` and `{\t` as `eyA`, `ewo`, `ew0`, `ewk`.
_JWT_STARTS = ("eyJ", "eyA", "ewo", "ew0", "ewk")
_TOKEN_SHAPE = re.compile(
    r"(?<![A-Za-z0-9_-])(?:eyJ|eyA|ew[o0k])[A-Za-z0-9_-]{2,}+(?:(?:\.|%2[eE])[A-Za-z0-9_-]*+){2,4}"
)
# A token counts when it holds a digit or a symbol, or a lower-case letter before a capital (base64 of
# letters only, `dXNlcjpwYXNz`); "Basic authentication" is a word, not a token.
_SCHEME_CREDENTIAL = re.compile(
    r"(?i)\b(bearer|basic|negotiate)(\s+)(?!REDACTED\b)(?-i:(?=[A-Za-z0-9._~+/=-]*(?:[0-9_~+/=-]|[a-z][A-Z])))"
    r"([A-Za-z0-9._~+/=-]{8,})"
)
_USERINFO = re.compile(r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*+://)([^/?#@\s]++)@")
# Parameter names that carry a credential in a query, a fragment, a path's matrix parameters or a form.
_PARAM_NAMES = (
    r"access[_-]?token|refresh[_-]?token|id[_-]?token|auth[_-]?token|private[_-]?token|code|client[_-]?secret|"
    r"client[_-]?assertion|password|passwd|pwd|secret|token|api[_-]?key|apikey|key|x-api-key|subscription[_-]?key|"
    r"sig|signature|x-amz-security-token|x-amz-signature|x-amz-credential|session|session[_-]?id|jsessionid|"
    r"assertion|sas"
)
_CREDENTIAL_PARAM = re.compile(rf"(?i)(?<![A-Za-z0-9_-])([?&#;]?)({_PARAM_NAMES})=([^&#;\s\"'<>]++)")
_PARAM_NAME = re.compile(rf"(?i)(?:{_PARAM_NAMES})")
_PARAM_ASSIGNED = re.compile(rf"(?i)(?:{_PARAM_NAMES})=")
_SECRET_HEADER = re.compile(
    r"(?i)token|secret|passw|api[-_.]?key|credential|signature|session|cookie|subscription|"
    r"auth(?:orization)?$|auth[-_.]?code|(?:^|[-_.])key$"
)
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key", "api-key"})
_NOT_SECRET_HEADERS = frozenset({"content-length", "x-ms-ags-diagnostic", "www-authenticate", "authentication-info"})
_SECRET_MEMBERS = frozenset(
    {
        "accesstoken",
        "refreshtoken",
        "idtoken",
        "authtoken",
        "privatetoken",
        "clientsecret",
        "clientassertion",
        "password",
        "passwd",
        "secret",
        "apikey",
        "subscriptionkey",
        "token",
        "sessiontoken",
        "privatekey",
    }
)
_PLACEHOLDER = re.compile(
    r"(?i)\s*(?:bearer\s+|basic\s+)?(?:\[?\s*(?:redacted|filtered|removed|hidden|secret|token)\s*\]?|"
    r"<\s*(?:redacted|filtered|removed|hidden|secret|token)\s*>|\*+|x{3,}|)\s*"
)
_NESTED_JSON_LIMIT = 1 << 20
_SHORTEST_LITERAL = 6  # a known secret shorter than this is not searched for as text


def is_redacted(value: Any) -> bool:
    """Placeholders for a removed secret: REDACTED, [Filtered] (schemathesis), <redacted>, ***, empty, null."""
    return value is None or (isinstance(value, str) and bool(_PLACEHOLDER.fullmatch(value)))


def _placeholder(value: str) -> bool:
    """`is_redacted` for header values, which repeat (`Bearer REDACTED` on every request): short ones are
    remembered (bounded in count and size), long ones worked out each time."""
    return _short_placeholder(value) if len(value) <= 256 else is_redacted(value)


@functools.lru_cache(maxsize=1024)
def _short_placeholder(value: str) -> bool:
    return is_redacted(value)


def _is_secret_value(value: Any) -> bool:
    """A member named like a credential holds one unless it is a placeholder, a flag or empty."""
    return not (is_redacted(value) or isinstance(value, bool) or value in ({}, []))


def _member_key(name: str) -> str:
    """A member or parameter name as names are compared: folded as the text gates fold it, letters and digits only."""
    return _NOT_ALNUM.sub("", _fold(name))


def secret_members(spec: Spec) -> frozenset[str]:
    """Members the spec marks `x-qrcontract-secret: true` (credentials fixtures, logs and reprs must not show)."""
    names: set[str] = set()
    stack: list[Any] = [spec.raw.get("components"), spec.raw.get("paths")]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            properties = node.get("properties")
            if isinstance(properties, Mapping):
                names.update(
                    str(name)
                    for name, sub in properties.items()
                    if isinstance(sub, Mapping) and sub.get("x-qrcontract-secret") is True
                )
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return frozenset(names)


def redact_text(text: str) -> str:
    """Credentials recognisable by shape in free text (a log line, a message, a body that is not JSON)."""
    if not _may_have_shape(text):
        return text
    text = _TOKEN_SHAPE.sub(REDACTED, text)
    text = _SCHEME_CREDENTIAL.sub(lambda m: f"{m.group(1)}{m.group(2)}{REDACTED}", text)
    text = _USERINFO.sub(lambda m: f"{m.group(1)}{REDACTED}@", text)
    return _CREDENTIAL_PARAM.sub(
        lambda m: m.group(0) if is_redacted(m.group(3)) else f"{m.group(1)}{m.group(2)}={REDACTED}", text
    )


def _fold(text: str) -> str:
    """Lower case as `re`'s IGNORECASE compares letters: U+017F (long s) is also `s`, U+0131 and U+0130 also `i`."""
    lowered = text.lower()
    if not lowered.isascii():
        lowered = lowered.replace("\u017f", "s").replace("\u0131", "i").replace("i\u0307", "i")
    return lowered


def _may_have_shape(text: str) -> bool:
    """False only when none of `redact_text`'s patterns can match: each needs one of these substrings
    (`eyJ`, `=`, `@` after `://`, or a scheme's name), and a message rarely holds any."""
    if "=" in text or any(start in text for start in _JWT_STARTS) or ("@" in text and "://" in text):
        return True
    lowered = _fold(text)
    return "bearer" in lowered or "basic" in lowered or "negotiate" in lowered


def _secret_header(lowered: str) -> bool:
    return _short_secret_header(lowered) if len(lowered) <= 256 else _is_secret_header(lowered)


@functools.lru_cache(maxsize=1024)
def _short_secret_header(lowered: str) -> bool:
    return _is_secret_header(lowered)


def _is_secret_header(lowered: str) -> bool:
    return lowered not in _NOT_SECRET_HEADERS and (lowered in _SECRET_HEADERS or bool(_SECRET_HEADER.search(lowered)))


def _has_userinfo(text: str) -> bool:
    """Is there `scheme://user@host`? (An `@` before the first `/?# "` after some `://`.)"""
    return _AFTER_SCHEME_AT.search(text) is not None


# Starts with a literal, so `re` finds candidates with its fast substring search; the possessive run stops
# at the first `@`, so a long authority is read once.
_AFTER_SCHEME_AT = re.compile(r"://[^/?# @]*+@")
_NOT_ALNUM = re.compile(r"[^a-z0-9]++")


def _loose(key: str) -> str:
    """A normalised member name as a pattern that finds its spellings (`client_secret`, `clientSecret`)."""
    return "[-_. ]?".join(re.escape(char) for char in key)


class _Gate:
    """A necessary condition of `may_hold_secret` in one pass: any of its substrings (the anchors and
    schemes letter by letter, in any case and with anything but letters and digits between letters, as
    member names are compared).
    The search runs in jsonschema-rs's compiled (Rust) regex engine, which finds any of twenty
    alternatives in a 500-character line in 0.2 µs where `re` takes 10 µs; text it cannot take (lone
    surrogates) goes the long way."""

    def __init__(self, anchors: Iterable[str]) -> None:
        words = "|".join(_letters(word) for word in ("bearer", "basic", "negotiate", *anchors))
        pattern = rf"\\|%|eyJ|eyA|ew[o0k]|=|://[^/?# @]*@|{words}"
        self._absent = jsonschema_rs.Draft202012Validator({"type": "string", "not": {"pattern": pattern}})

    def may_match(self, text: str) -> bool:
        try:
            return not self._absent.is_valid(text)
        except (UnicodeError, ValueError):
            return True


# Letters other than A-Z that `re`'s IGNORECASE or `str.lower` treat as these (U+0307 is the dot `İ`
# lowers to, and may stand between letters like a separator).
_ODD_CASE = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _letters(word: str) -> str:
    classes = (f"[{c}{c.upper()}{_ODD_CASE.get(c, '')}]" if c.isalpha() else c for c in word)
    return "[^A-Za-z0-9]*".join(classes)


@dataclass(frozen=True)
class Change:
    """One place redaction changed: `location` is `/request/headers/cookie`, `/response/body/a/b`, ..."""

    location: str
    reason: str


class Redactor:
    """The policy for one spec (its `x-qrcontract-secret` members), plus the literal secrets a caller
    holds (the token `record` sends: a server that echoes it must not get it into a cassette)."""

    def __init__(self, members: frozenset[str] = frozenset(), literals: Iterable[str] = ()) -> None:
        self.members = frozenset(_member_key(m) for m in members) | _SECRET_MEMBERS
        self.literals = tuple(sorted({s for s in literals if s and len(s) >= _SHORTEST_LITERAL}, key=len, reverse=True))
        names = "|".join(sorted((_loose(m) for m in self.members), key=len, reverse=True))
        # A named credential in text that is not JSON: `name=value`, `name: value`, `<name>value</name>`,
        # and a multipart part named `name`.
        # The names a text must hold one of to hold any member name (`token` covers `accesstoken`).
        self._anchors = tuple(sorted(m for m in self.members if not any(o != m and o in m for o in self.members)))
        self._gate = _Gate(self._anchors)
        self._header_kinds: dict[str, bool] = {}  # header name -> named like a credential (names repeat)
        self._named = re.compile(
            rf"(?i)(?<![A-Za-z0-9])((?:{names})\s*[=:]\s*\"?)([^\s;&,\"<>]++)"
            rf"|(<({names})\b[^<>]*+>)([^<]++)(</\4>)"
            rf"|(name=\"(?:{names})\"[^\r\n]*+\r?\n(?:[^\r\n]++\r?\n)*?\r?\n)([^\r\n]++)"
        )

    def is_secret_name(self, name: str) -> bool:
        """Does a member or parameter of this name hold a credential (`client_secret`, `Api.Key`, ...)?"""
        return _member_key(name) in self.members

    def may_hold_secret(self, text: str) -> bool:
        """False only when no rule could change `text`, decided by what each rule cannot match without (a
        substring test is far cheaper than a pattern, and most of a recording is dates, ids and URLs):
        a token starts with `eyJ`, a credential parameter needs `=`, userinfo `://` and `@`, a scheme its
        name, a named credential the name. JSON and URL escapes could hide any of these, so text holding
        one always goes the long way."""
        if len(text) < 3:
            return False
        if not self._gate.may_match(text):
            return bool(self.literals) and any(s in text for s in self.literals)
        if "\\" in text or "%" in text or any(start in text for start in _JWT_STARTS):
            return True
        if "=" in text and _PARAM_ASSIGNED.search(text):  # any value, quoted too: `_pairs` reads them all
            return True
        if "@" in text and "://" in text and _has_userinfo(text):
            return True
        lowered = _fold(text)
        if ("bearer" in lowered or "basic" in lowered or "negotiate" in lowered) and _SCHEME_CREDENTIAL.search(text):
            return True
        if not lowered.isalnum():
            lowered = _NOT_ALNUM.sub("", lowered)  # as member names are compared: `Api.Key`, `pass+word`
        return any(anchor in lowered for anchor in self._anchors) or any(s in text for s in self.literals)

    def text(self, text: str) -> str:
        """Shapes, named credentials and the literal secrets removed from free text."""
        if not self.may_hold_secret(text):
            return text
        text = redact_text(text)
        text = self._named.sub(self._named_replacement, text)
        for literal in self.literals:
            text = text.replace(literal, REDACTED)
        return text

    @staticmethod
    def _named_replacement(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            return match.group(0) if is_redacted(match.group(2)) else f"{match.group(1)}{REDACTED}"
        if match.group(3) is not None:
            return match.group(0) if is_redacted(match.group(5)) else f"{match.group(3)}{REDACTED}{match.group(6)}"
        return match.group(0) if is_redacted(match.group(8)) else f"{match.group(7)}{REDACTED}"

    # Headers and URLs

    def header(self, name: str, value: str) -> str:
        lowered = name.lower()
        if _secret_header(lowered):
            if is_redacted(value):
                return value
            if lowered.endswith("authorization"):
                scheme, _, rest = value.strip().partition(" ")
                return f"{scheme} {REDACTED}" if rest else REDACTED
            return REDACTED
        return self.text(value)

    def headers(self, headers: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: [self.header(name, str(v)) for v in value]
            if isinstance(value, list)
            else self.header(name, str(value))
            for name, value in headers.items()
        }

    def url(self, url: str) -> str:
        """Userinfo, credential parameters (query, fragment, matrix) and token-shaped path segments removed."""
        if not self.may_hold_secret(url):
            return url
        try:
            parts = urlsplit(url)
        except ValueError:
            return self.text(url)
        netloc = parts.netloc
        if "@" in netloc:
            netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
        path = "/".join(self._segment(segment) for segment in parts.path.split("/"))
        return urlunsplit((parts.scheme, netloc, path, self._pairs(parts.query), self._pairs(parts.fragment)))

    def _segment(self, segment: str) -> str:
        if self.text(unquote(segment)) != unquote(segment):
            return self.text(segment) if self.text(segment) != segment else REDACTED
        return segment

    def _pairs(self, text: str) -> str:
        if not text or "=" not in text:
            return self.text(text)
        pairs = parse_qsl(text, keep_blank_values=True)
        if not pairs:
            return self.text(text)
        changed = [(name, self._param(name, value)) for name, value in pairs]
        if changed == pairs:
            return text
        return urlencode(changed, quote_via=quote, safe="$,:/")

    def _param(self, name: str, value: str) -> str:
        if is_redacted(value):
            return value
        if _member_key(name) in self.members or _PARAM_NAME.fullmatch(name):
            return REDACTED
        return self.text(value)

    # Bodies

    def json(self, value: Any) -> Any:
        """A copy of a JSON value with secret members replaced and credentials removed from strings."""
        return self._json(value, "", [])

    def _json(self, value: Any, pointer: str, changes: list[Change]) -> Any:
        if isinstance(value, dict):
            result = {}
            for key, member in value.items():
                name = self.text(str(key))  # a credential used as a member name is still a credential
                child = f"{pointer}/{escape_pointer(name)}"
                if name != str(key):
                    changes.append(Change(child, "a member name holds a credential"))
                if _member_key(str(key)) in self.members and _is_secret_value(member):
                    changes.append(Change(child, f"{name} is a credential"))
                    result[name] = REDACTED
                else:
                    result[name] = self._json(member, child, changes)
            return result
        if isinstance(value, list):
            return [self._json(item, f"{pointer}/{index}", changes) for index, item in enumerate(value)]
        if isinstance(value, str):
            return self._string(value, pointer, changes)
        return value

    def _string(self, value: str, pointer: str, changes: list[Change]) -> str:
        stripped = value.strip()
        if stripped[:1] in ("{", "[") and len(value) <= _NESTED_JSON_LIMIT:
            nested = self._decode(value)
            if isinstance(nested, (dict, list)):
                inner: list[Change] = []
                cleaned = self._json(nested, pointer, inner)
                if inner:
                    changes.extend(Change(c.location, f"{c.reason} (in a JSON-encoded string)") for c in inner)
                    return json.dumps(cleaned, ensure_ascii=False)
                return value
        redacted = self.text(value)
        if redacted != value:
            changes.append(Change(pointer, "a credential in text"))
        return redacted

    def _decode(self, text: str) -> Any:
        """JSON, where a member given twice keeps its credential-bearing value (not only the last one)."""
        try:
            return json.loads(text, object_pairs_hook=self._pairs_hook)
        except (ValueError, RecursionError):
            return None

    def _pairs_hook(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key, value in pairs:
            if key in result and _member_key(key) in self.members and not _is_secret_value(value):
                continue
            result[key] = value
        return result

    def body(self, body: Any, content_type: str | None) -> tuple[Any, list[Change]]:
        """A recorded body (text, bytes or decoded JSON) with credentials removed, and where they were."""
        changes: list[Change] = []
        if body is NO_BODY or body is None:
            return body, changes
        if not isinstance(body, (str, bytes)):
            return self._json(body, "", changes), changes
        was_bytes = isinstance(body, bytes)
        if isinstance(body, bytes):
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                text = body.decode("latin-1")  # bytes that are not UTF-8 may still carry an ASCII token
        else:
            text = body
        if not self.may_hold_secret(text):
            return body, changes
        media = (content_type or "").split(";", 1)[0].strip().lower()
        readable = text.lstrip("\ufeff")
        decoded = self._decode(readable) if readable.strip()[:1] in ("{", "[", '"') else None
        if isinstance(decoded, (dict, list, str)):
            cleaned = self._json(decoded, "", changes)
            result = json.dumps(cleaned, ensure_ascii=False) if changes else text
        elif media == "application/x-www-form-urlencoded" or (not media and "=" in text and " " not in text):
            result = self._pairs(text)
            if result != text:
                changes.append(Change("", "a credential form field"))
        else:
            result = self.text(text)
            if result != text:
                changes.append(Change("", "a credential in the body"))
        if not changes:
            return body, changes
        return (result.encode() if was_bytes else result), changes

    # Exchanges

    def exchange(self, exchange: Exchange) -> tuple[Exchange, list[Change]]:
        """The exchange with every credential removed, and each place that changed."""
        if self.is_clean(exchange):
            return exchange, []
        return self._redact_parts(exchange)

    def _redact_parts(self, exchange: Exchange) -> tuple[Exchange, list[Change]]:
        """`exchange` the long way: each header, the URL and each body on its own."""
        changes: list[Change] = []
        request_headers = self._header_map(exchange.request_headers, "/request/headers", changes)
        response_headers = self._header_map(exchange.response_headers, "/response/headers", changes)
        url = self.url(exchange.url)
        if url != exchange.url:
            changes.append(Change("/request/url", "the URL holds a credential"))
        body, body_changes = self.body(exchange.body, exchange.content_type)
        changes += [Change(f"/response/body{c.location}", c.reason) for c in body_changes]
        request_body, request_changes = self.body(exchange.request_body, exchange.request_headers.get("content-type"))
        changes += [Change(f"/request/body{c.location}", c.reason) for c in request_changes]
        if not changes:
            return exchange, changes
        redacted = replace(
            exchange,
            url=url,
            request_headers=request_headers,
            response_headers=response_headers,
            body=body,
            request_body=request_body,
        )
        return redacted, changes

    def is_clean(self, exchange: Exchange) -> bool:
        """True when no rule could change the exchange, decided by one `may_hold_secret` over all its text
        joined by newlines (every rule that matches in one part still matches there: their matches stop
        at whitespace) and a placeholder in each header named like a credential. Most exchanges of a
        recording are clean, and one scan costs a fifth of a scan per part."""
        parts = [exchange.url]
        kinds = self._header_kinds
        for headers in (exchange.request_headers, exchange.response_headers):
            for name, value in headers.items():
                secret = kinds.get(name)
                if secret is None:
                    secret = _secret_header(name.lower())
                    if len(name) <= 256:  # bounded in count and size: a hostile recording cannot grow it
                        if len(kinds) >= 4096:
                            kinds.clear()
                        kinds[name] = secret
                if secret:
                    if not _placeholder(value):
                        return False
                else:
                    parts.append(value)
        for body in (exchange.body, exchange.request_body):
            if isinstance(body, str):
                parts.append(body)
            elif isinstance(body, bytes):
                try:
                    parts.append(body.decode("utf-8"))
                except UnicodeDecodeError:
                    return False
            elif body is not NO_BODY and body is not None:
                return False  # a decoded JSON value: its member names are checked the long way
        return not self.may_hold_secret("\n".join(parts))

    def _header_map(self, headers: Mapping[str, str], where: str, changes: list[Change]) -> dict[str, str]:
        result = {}
        for name, value in headers.items():
            result[name] = self.header(name, value)
            if result[name] != value:
                changes.append(
                    Change(f"{where}/{escape_pointer(name.lower())}", f"the {name} header holds a credential")
                )
        return result

    def findings(self, exchange: Exchange) -> Iterator[Change]:
        """Where a recorded exchange still holds a credential (what `exchange` would change)."""
        yield from self.exchange(exchange)[1]
