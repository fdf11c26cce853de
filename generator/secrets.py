"""Credentials that must never sit in fixtures, logs or reports: finding them and redacting them.

Bearer tokens, cookies and JWTs anywhere, plus the members the spec marks `x-qrcontract-secret`
(for Graph's QR code: `binaryValue` and `rawContent`, which are sign-in credentials).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .exchange import Exchange
    from .spec import Spec
    from .validate import Violation

__all__ = ["REDACTED", "find_secrets", "is_redacted", "redact_headers", "redact_json"]

REDACTED = "REDACTED"
SECRET_HEADERS = ("authorization", "cookie", "set-cookie", "proxy-authorization", "x-api-key")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*")


def secret_members(spec: Spec) -> frozenset[str]:
    """Members the spec marks `x-qrcontract-secret: true`: credentials that fixtures, logs and reprs must not show."""
    names: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for name, sub in (node.get("properties") or {}).items():
                if isinstance(sub, Mapping) and sub.get("x-qrcontract-secret") is True:
                    names.add(str(name))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(spec.raw.get("components") or {})
    walk(spec.raw.get("paths") or {})
    return frozenset(names)


def is_redacted(value: Any) -> bool:
    """Placeholders a person writes for a removed secret: REDACTED, <redacted>, ***, or empty."""
    if value is None:
        return True
    text = str(value).strip()
    if text.lower().startswith("bearer "):
        text = text[7:].strip()
    return text == "" or bool(re.fullmatch(r"(?i)<?\s*(redacted|token|secret|removed)\s*>?|\*+|x+", text))


def find_secrets(exchange: Exchange, members: frozenset[str]) -> Iterator[Violation]:
    from .validate import ERROR, Violation

    for side, headers in (("request", exchange.request_headers), ("response", exchange.response_headers)):
        for name in SECRET_HEADERS:
            if name in headers and not is_redacted(headers[name]):
                yield Violation(
                    "secret-in-fixture",
                    ERROR,
                    f"/{side}/headers/{name}",
                    f"the {side} header {name} holds a credential; redact it",
                )
    body = exchange.body
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body if isinstance(body, str) else None
    if text is not None and JWT.search(text):
        yield Violation("secret-in-fixture", ERROR, "", "the body holds a JWT; redact it")
    decoded: Any = None
    if exchange.decoded:
        decoded = body
        if JWT.search(json.dumps(body, default=str)):
            yield Violation("secret-in-fixture", ERROR, "", "the body holds a JWT; redact it")
    elif text is not None:
        try:
            decoded = json.loads(text)
        except ValueError:
            decoded = None
    if members and decoded is not None:
        for pointer, name in _members(decoded, members, ""):
            yield Violation(
                "secret-in-fixture",
                ERROR,
                pointer,
                f"{name} is a credential and must be redacted in fixtures ({REDACTED!r})",
            )


def _members(value: Any, names: frozenset[str], pointer: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for key, member in value.items():
            child = f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key in names and not is_redacted(member):
                yield child, key
            yield from _members(member, names, child)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _members(item, names, f"{pointer}/{index}")


def redact_headers(headers: Mapping[str, Any]) -> dict[str, Any]:
    """Headers with every credential-bearing value replaced."""
    return {
        name: (
            (f"Bearer {REDACTED}" if name.lower() == "authorization" else REDACTED)
            if name.lower() in SECRET_HEADERS
            else value
        )
        for name, value in headers.items()
    }


def redact_json(value: Any, members: frozenset[str]) -> Any:
    """A copy of a JSON value with the secret members replaced and JWTs removed from strings."""
    if isinstance(value, dict):
        return {
            key: (REDACTED if key in members and member is not None else redact_json(member, members))
            for key, member in value.items()
        }
    if isinstance(value, list):
        return [redact_json(item, members) for item in value]
    if isinstance(value, str):
        return JWT.sub(REDACTED, value)
    return value
