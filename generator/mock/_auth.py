"""Who may call an operation: the spec's security requirements held against the request's credentials.

Every kind of scheme the spec declares is honoured: `apiKey` (header, query or cookie), `http`
basic and bearer, `oauth2` and `openIdConnect` bearer tokens with their scopes. By default any
credential of the right kind is accepted (a delegated token with every scope, unless `--token`
names narrower ones); in fuzz mode only the fuzz credential is valid, so a request with any other
credential is refused as schemathesis' `ignored_auth` check expects.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from http.cookies import CookieError, SimpleCookie
from typing import Any
from urllib.parse import parse_qsl

from ..spec import Operation, Spec
from ._tokens import Token

__all__ = ["Credentials", "Verdict", "authorize"]

_DELEGATED_FLOWS = ("authorizationCode", "implicit", "password")
_APPLICATION_FLOWS = ("clientCredentials",)
_BEARER = re.compile(r"Bearer\s+(\S+)", re.IGNORECASE)


class Verdict(Enum):
    ALLOWED = "allowed"
    UNAUTHENTICATED = "unauthenticated"  # 401: no usable credential
    FORBIDDEN = "forbidden"  # 403: a credential without the scopes an alternative needs


@dataclass(frozen=True)
class Credentials:
    """What the mock accepts. `only` set: exactly these secrets (tokens, API keys, `user:pass`) are valid."""

    tokens: Mapping[str, Token] = field(default_factory=dict)
    only: frozenset[str] = frozenset()


def authorize(
    spec: Spec, operation: Operation, headers: Mapping[str, str], query: str, credentials: Credentials
) -> Verdict:
    """ALLOWED when one security alternative is fully met; else 401 when nothing usable was presented, 403."""
    if not operation.security or any(not alternative for alternative in operation.security):
        return Verdict.ALLOWED
    presented = False
    for alternative in operation.security:
        verdicts = [
            _credential(spec.security_schemes.get(name), scopes, headers, query, credentials)
            for name, scopes in alternative.items()
        ]
        presented = presented or any(v is not None for v in verdicts)
        if all(verdicts):
            return Verdict.ALLOWED
    return Verdict.FORBIDDEN if presented else Verdict.UNAUTHENTICATED


def _credential(
    scheme: Any, scopes: Iterable[str], headers: Mapping[str, str], query: str, credentials: Credentials
) -> bool | None:
    """None: no valid credential for this scheme; False: one that lacks scopes; True: one that is enough."""
    if not isinstance(scheme, Mapping):
        return None
    kind = scheme.get("type")
    if kind == "apiKey":
        value = _api_key(scheme, headers, query)
        return True if value and (not credentials.only or value in credentials.only) else None
    authorization = headers.get("authorization", "").strip()
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
        secret = _basic(authorization)
        return True if secret and (not credentials.only or secret in credentials.only) else None
    if kind == "http" and str(scheme.get("scheme", "")).lower() != "bearer":
        return None  # another HTTP scheme (digest, ...): never satisfied by the mock
    match = _BEARER.fullmatch(authorization)
    if match is None:
        return None
    secret = match.group(1)
    if credentials.only:
        return True if secret in credentials.only else None
    token = credentials.tokens.get(secret)
    if token is None:
        return True  # any unnamed token is a delegated token holding every scope the spec accepts
    if kind == "oauth2":
        flows = set(scheme.get("flows") or {})
        kinds = {"delegated"} if flows & set(_DELEGATED_FLOWS) else set()
        kinds |= {"application"} if flows & set(_APPLICATION_FLOWS) else set()
        if token.kind not in kinds:
            return False
    return set(scopes) <= token.scopes


def _api_key(scheme: Mapping[str, Any], headers: Mapping[str, str], query: str) -> str | None:
    name = str(scheme.get("name", ""))
    where = scheme.get("in")
    if where == "header":
        return headers.get(name.lower())
    if where == "query":
        return next((v for k, v in parse_qsl(query, keep_blank_values=True) if k == name), None)
    if where == "cookie":
        try:
            cookie = SimpleCookie(headers.get("cookie", ""))
        except CookieError:
            return None
        morsel = cookie.get(name)
        return morsel.value if morsel is not None else None
    return None


def _basic(authorization: str) -> str | None:
    scheme, _, encoded = authorization.partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        return None
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return None
    return decoded if ":" in decoded else None
