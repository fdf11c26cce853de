"""Named bearer tokens the mock knows, and the request rate it allows: the mock's options, parsed."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..documents import parse_document, read_text
from ..errors import InputError, UsageError

__all__ = ["Bucket", "Token", "load_tokens", "parse_throttle", "parse_token"]


@dataclass(frozen=True)
class Token:
    """A named bearer token the mock knows: delegated (a signed-in user) or application, with its scopes."""

    name: str
    kind: str = "delegated"
    scopes: frozenset[str] = frozenset()


def parse_token(text: str) -> Token:
    """`NAME=SCOPE,SCOPE` (delegated) or `NAME=app:SCOPE,...` (application)."""
    name, sep, rest = text.partition("=")
    if not sep or not name.strip():
        raise UsageError("--token", f"{text!r} is not NAME=SCOPE,... or NAME=app:SCOPE,...")
    kind = "delegated"
    if rest.startswith(("app:", "application:")):
        kind, rest = "application", rest.split(":", 1)[1]
    elif rest.startswith("delegated:"):
        rest = rest.split(":", 1)[1]
    return Token(name.strip(), kind, frozenset(s.strip() for s in rest.split(",") if s.strip()))


def parse_throttle(text: str) -> float:
    """`5/s`, `300/m` or a plain number of requests a second."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|m|min))?\s*", text)
    if match is None or float(match.group(1)) <= 0:
        raise UsageError("--throttle", f"{text!r} is not a rate such as 5/s or 300/m")
    rate = float(match.group(1))
    return rate / 60 if match.group(2) in ("m", "min") else rate


def load_tokens(path: Path) -> dict[str, Token]:
    """Named tokens from YAML: `{reader: {kind: application, scopes: [UserAuthenticationMethod.Read.All]}}`."""
    data = parse_document(read_text(path, what="tokens file"), str(path), lines=False).data
    if not isinstance(data, Mapping):
        raise InputError(str(path), "the tokens file must map token names to {kind, scopes}")
    tokens = {}
    for name, raw in data.items():
        entry = raw if raw is not None else {}
        kind = entry.get("kind", "delegated") if isinstance(entry, Mapping) else None
        scopes = entry.get("scopes", []) if isinstance(entry, Mapping) else None
        if kind not in ("delegated", "application") or not isinstance(scopes, list):
            raise InputError(
                str(path), f"token {name!r}: kind must be delegated or application, scopes a list", f"/{name}"
            )
        if not all(isinstance(scope, str) for scope in scopes):
            raise InputError(str(path), f"token {name!r}: every scope must be text", f"/{name}/scopes")
        tokens[str(name)] = Token(str(name), kind, frozenset(scopes))
    return tokens


class Bucket:
    """A token bucket: `rate` requests a second, bursts up to `rate`."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> float | None:
        """None when the request may pass, else the seconds until it could."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return None
            return (1 - self.tokens) / self.rate
