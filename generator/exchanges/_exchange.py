"""One recorded or live HTTP exchange, whatever format it came from."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson

__all__ = ["NO_BODY", "Exchange", "Skipped", "har_headers", "loads_json", "normalise_headers"]

NO_BODY: Any = object()
"""Marks a message that had no body at all (not even an empty string)."""


@dataclass(frozen=True, init=False)
class Exchange:
    """A request and its response (the decoded body is cached on first use: a plain dict entry, as
    `functools.cached_property` takes a lock per read on Python 3.11). Header names are lower-case; a header's several values are joined by ", ".

    `body` is the response body: `NO_BODY`, raw `bytes`/`str` text, or an already-decoded JSON value
    (`decoded`: native fixtures may hold the JSON itself). `source` and `index` say where it was read from.
    """

    method: str
    url: str
    status: int
    request_headers: Mapping[str, str] = field(default_factory=dict)
    response_headers: Mapping[str, str] = field(default_factory=dict)
    body: Any = NO_BODY
    source: str = "<memory>"
    index: int = 0
    decoded: bool = False
    request_body: Any = NO_BODY

    def __init__(
        self,
        method: str,
        url: str,
        status: int,
        request_headers: Mapping[str, str] | None = None,
        response_headers: Mapping[str, str] | None = None,
        body: Any = NO_BODY,
        source: str = "<memory>",
        index: int = 0,
        decoded: bool = False,
        request_body: Any = NO_BODY,
    ) -> None:
        # One dict update instead of a frozen dataclass's ten `object.__setattr__` calls: built per exchange.
        self.__dict__.update(
            method=method,
            url=url,
            status=status,
            request_headers={} if request_headers is None else request_headers,
            response_headers={} if response_headers is None else response_headers,
            body=body,
            source=source,
            index=index,
            decoded=decoded,
            request_body=request_body,
        )

    def _decode(self) -> tuple[Any, ValueError | None]:
        if self.decoded:
            return self.body, None
        if self.body is NO_BODY:
            return None, ValueError("the response has no body")
        try:
            return loads_json(self.body), None
        except (ValueError, UnicodeDecodeError) as exc:
            return None, ValueError(str(exc))
        except RecursionError:
            return None, ValueError("the body nests too deeply to read")

    def json_body(self) -> Any:
        """The body as a JSON value (decoded once); raises ValueError when it is not JSON."""
        cached: tuple[Any, ValueError | None] | None = self.__dict__.get("_decoded")
        if cached is None:
            cached = self.__dict__["_decoded"] = self._decode()
        if cached[1] is not None:
            raise cached[1]
        return cached[0]

    @property
    def has_body(self) -> bool:
        if self.body is NO_BODY:
            return False
        return self.decoded or not (isinstance(self.body, (str, bytes)) and not self.body)

    @property
    def content_type(self) -> str | None:
        """The response's media type, lower-case and without parameters (worked out once per header value:
        a recording repeats a handful)."""
        value = self.response_headers.get("content-type")
        if not value:
            return None
        media = _MEDIA_TYPES.get(value)
        if media is None:
            media = value.split(";", 1)[0].strip().lower()
            if len(value) <= _REMEMBERED:
                if len(_MEDIA_TYPES) >= 1024:
                    _MEDIA_TYPES.clear()
                _MEDIA_TYPES[value] = media
        return media

    @property
    def label(self) -> str:
        return f"{self.source}#{self.index}"


@dataclass(frozen=True)
class Skipped:
    """Something in a recording that is not an exchange to validate (an aborted request): a warning."""

    source: str
    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}:{self.where}: {self.reason}" if self.where else f"{self.source}: {self.reason}"


def loads_json(text: str | bytes) -> Any:
    """`json.loads`, three times faster on a body: orjson reads it, unless it could hold an integer past
    64 bits (a run of 19 digits: orjson would make a float of it) or nest as deep as json's recursion
    limit (512 brackets or more: orjson reads 1,024 levels). What orjson refuses (NaN, a lone surrogate,
    UTF-16, a BOM) is read by `json`, so values and messages stay json's."""
    raw = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    shallow = len(raw) < _SHALLOW or raw.count(b"[") + raw.count(b"{") < _SHALLOW
    if shallow and _LONG_NUMBER not in raw.translate(_DIGITS):
        try:
            return orjson.loads(text)
        except orjson.JSONDecodeError:
            pass
    return json.loads(text)


_MEDIA_TYPES: dict[str, str] = {}
_REMEMBERED = 256  # longer header names and values are worked out each time, never kept

_DIGITS = bytes(ord("0") if ord("0") <= byte <= ord("9") else ord(".") for byte in range(256))
_LONG_NUMBER = b"0" * 19
_SHALLOW = 512


def normalise_headers(headers: Any) -> dict[str, str]:
    """Headers from any recorded format: a mapping (values text or lists), a list of name/value objects
    (HAR), of `[name, value]` pairs, or of `"Name: value"` lines (vcrpy before 1.0)."""
    if isinstance(headers, list):
        fast = har_headers(headers)
        if fast is not None:
            return fast
    pairs: list[tuple[Any, Any]] = []
    if isinstance(headers, Mapping):
        pairs = list(headers.items())
    elif isinstance(headers, list):
        if len(headers) == 1 and isinstance(headers[0], list) and all(isinstance(i, list) for i in headers[0]):
            headers = headers[0]  # vcrpy before 1.0: frozenset([(name, value), ...]), read as data
        for item in headers:
            if isinstance(item, Mapping):
                pairs.append((item.get("name"), item.get("value")))
            elif isinstance(item, list) and len(item) == 2:
                pairs.append((item[0], item[1]))
            elif isinstance(item, str) and ":" in item:
                name, _, value = item.partition(":")
                pairs.append((name, value.strip()))
    result: dict[str, str] = {}
    for name, value in pairs:
        if name is None or isinstance(name, (list, dict)):
            continue
        values = value if isinstance(value, list) else [value]
        text = ", ".join("" if v is None else str(v) for v in values)
        key = str(name).strip().lower()
        result[key] = f"{result[key]}, {text}" if key in result else text
    return result


def har_headers(headers: list[Any]) -> dict[str, str] | None:
    """The common case read fast: HAR's `[{"name": str, "value": str}, ...]`; None for anything else."""
    result: dict[str, str] = {}
    keys = _HEADER_KEYS
    for item in headers:
        if type(item) is not dict:
            return None
        name, value = item.get("name"), item.get("value")
        if type(name) is not str or type(value) is not str:
            return None
        key = keys.get(name)
        if key is None:
            key = name.strip().lower()
            if len(name) <= _REMEMBERED:  # bounded in count and size: a hostile recording cannot grow it
                if len(keys) >= 4096:
                    keys.clear()
                keys[name] = key
        if key in result:
            result[key] = f"{result[key]}, {value}"
        else:
            result[key] = value
    return result


_HEADER_KEYS: dict[str, str] = {}  # a header name as written -> as looked up
