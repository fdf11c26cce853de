"""One recorded or live HTTP exchange, whatever format it came from."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["NO_BODY", "Exchange"]

NO_BODY: Any = object()
"""Marks an exchange whose response had no body at all (not even an empty string)."""


@dataclass(frozen=True)
class Exchange:
    """A request and its response. Header names are lower-case; a header's several values are joined by ", ".

    `body` is the response body: `NO_BODY`, raw `bytes`/`str` text, or an already-decoded JSON value
    (native fixtures may hold the JSON itself). `source` and `index` say where it was read from.
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

    def json_body(self) -> Any:
        """The body as a JSON value; raises ValueError when it is not JSON."""
        if self.decoded:
            return self.body
        if self.body is NO_BODY:
            raise ValueError("the response has no body")
        return json.loads(self.body)

    @property
    def content_type(self) -> str | None:
        value = self.response_headers.get("content-type")
        return value.split(";", 1)[0].strip().lower() if value else None

    @property
    def label(self) -> str:
        return f"{self.source}#{self.index}"


def normalise_headers(headers: Any) -> dict[str, str]:
    """Headers from any recorded format (mapping of str or list values, or a list of name/value pairs)."""
    result: dict[str, str] = {}
    if isinstance(headers, Mapping):
        pairs = list(headers.items())
    elif isinstance(headers, list):
        pairs = [(h.get("name"), h.get("value")) for h in headers if isinstance(h, Mapping)]
    else:
        return result
    for name, value in pairs:
        if name is None:
            continue
        values = value if isinstance(value, list) else [value]
        text = ", ".join("" if v is None else str(v) for v in values)
        key = str(name).lower()
        result[key] = f"{result[key]}, {text}" if key in result else text
    return result
