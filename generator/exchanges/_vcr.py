"""VCR.py cassettes: `interactions: [{request: {method, uri, headers, body}, response: {status, headers, body}}]`.

Also the layouts real cassettes still have: vcrpy before 1.0 (a bare list, `host`/`path` instead
of `uri`, headers as `"Name: value"` lines) and httpx's old `response.content`.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import InputError
from ._common import as_text, recorded_exchange, request_and_response
from ._exchange import NO_BODY, Exchange, Skipped, normalise_headers

__all__ = ["looks_like_old_vcr", "read", "read_old"]


def read(data: Mapping[str, Any], source: str) -> Iterator[Exchange | Skipped]:
    interactions = data.get("interactions")
    if not isinstance(interactions, list):
        raise InputError(source, "a VCR cassette whose interactions is not a list", "/interactions")
    yield from _interactions(interactions, source, "/interactions")


def looks_like_old_vcr(data: Any) -> bool:
    """vcrpy before 1.0 wrote a bare list whose requests have `host` and `path` (or `uri`), not `url`."""
    return (
        isinstance(data, list)
        and bool(data)
        and all(
            isinstance(item, Mapping)
            and isinstance(item.get("request"), Mapping)
            and ("uri" in item["request"] or "host" in item["request"])
            for item in data
        )
    )


def read_old(data: list[Any], source: str) -> Iterator[Exchange | Skipped]:
    yield from _interactions(data, source, "")


def _interactions(items: list[Any], source: str, base: str) -> Iterator[Exchange | Skipped]:
    for index, item in enumerate(items):
        where = f"{base}/{index}"
        request, response = request_and_response(item, source, where, "an interaction")
        if not isinstance(response, Mapping):
            yield Skipped(source, where, "an interaction without a response; not validated")
            continue
        headers = normalise_headers(response.get("headers"))
        body = response.get("body", response.get("content"))
        raw = as_text(body.get("string") if isinstance(body, Mapping) else body)
        request_body = request.get("body")
        yield recorded_exchange(
            request,
            response,
            url_keys=("uri", "url"),
            headers=headers,
            raw=raw,
            source=source,
            index=index,
            where=where,
            request_body=NO_BODY if request_body is None else as_text(request_body),
        )
