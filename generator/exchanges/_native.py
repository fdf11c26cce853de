"""qrcontract's own exchange files, for hand-written fixtures (JSON or YAML), one exchange or a list:

    {"request": {"method", "url", "headers", "body"}, "response": {"status", "headers", "body"}}

`body` is any JSON value (taken as the decoded body) or a string (taken as the raw text).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import InputError
from ._common import as_text, jsonable, request_method, status_of, text_field
from ._exchange import NO_BODY, Exchange, normalise_headers

__all__ = ["looks_native", "read"]


def looks_native(data: Any) -> bool:
    items = data if isinstance(data, list) else [data]
    return bool(items) and all(isinstance(i, Mapping) and "request" in i and "response" in i for i in items)


def read(data: Any, source: str) -> Iterator[Exchange]:
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        where = f"/{index}" if isinstance(data, list) else ""
        request, response = item["request"], item["response"]
        if not isinstance(request, Mapping) or not isinstance(response, Mapping):
            raise InputError(source, "request and response must be objects", where or "/")
        headers = normalise_headers(response.get("headers"))
        body = response.get("body", NO_BODY)
        if body is not NO_BODY and not isinstance(body, str):
            body = jsonable(body)
        if body is not NO_BODY and "content-type" not in headers:
            headers["content-type"] = "application/json"
        request_body = request.get("body", NO_BODY)
        yield Exchange(
            method=request_method(request, source, where or "/"),
            url=text_field(request, "url", source, where or "/"),
            status=status_of(response.get("status"), source, f"{where}/response/status"),
            request_headers=normalise_headers(request.get("headers")),
            response_headers=headers,
            body=body,
            source=source,
            index=index,
            decoded=body is not NO_BODY and not isinstance(body, str),
            request_body=NO_BODY if request_body in (NO_BODY, None) else as_text(request_body),
        )
