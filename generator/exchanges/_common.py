"""Helpers the format readers share: one way to take an interaction apart and build its Exchange."""

from __future__ import annotations

import base64
import binascii
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlunsplit

from ..errors import InputError
from ..limits import MAX_BODY_BYTES
from ._exchange import NO_BODY, Exchange, normalise_headers

__all__ = [
    "as_text",
    "b64",
    "decode_body",
    "mapping",
    "recorded_exchange",
    "request_and_response",
    "request_method",
    "status_of",
]


def mapping(value: Any, source: str, where: str, what: str) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InputError(source, f"{what} is not an object", where)
    return value


def as_text(raw: Any) -> Any:
    """A recorded body as text or bytes; a JSON value a recorder stored unquoted becomes JSON text again."""
    if raw is None or isinstance(raw, (str, bytes)):
        return raw
    return json.dumps(jsonable(raw))


def jsonable(value: Any) -> Any:
    """A value read from YAML as JSON data: timestamps and sets as text and lists, keys as text."""
    if isinstance(value, dict):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [jsonable(item) for item in value]
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def status_of(value: Any, source: str, where: str) -> int:
    if type(value) is int and 100 <= value <= 599:
        return value
    if isinstance(value, dict):
        if "code" not in value:
            raise InputError(source, "the response status has no code", where)
        value = value.get("code")
    if isinstance(value, bool):
        raise InputError(source, f"the status {value!r} is not a number", where)
    try:
        status = int(value)
    except (TypeError, ValueError, OverflowError):
        raise InputError(source, f"the status {str(value)[:40]!r} is not a number", where) from None
    if not 100 <= status <= 599:
        raise InputError(source, f"the status {status} is not an HTTP status", where)
    return status


def _status(response: Mapping[str, Any], source: str, where: str) -> int:
    """`status` as `{code, message}` or a number, or httpx's old `status_code`."""
    for key in ("status", "status_code"):
        if key in response:
            return status_of(response[key], source, f"{where}/response/{key}")
    raise InputError(source, "the response has no status (status or status_code)", f"{where}/response")


def decode_body(raw: Any, headers: Mapping[str, str], layers: int = 4) -> Any:
    """Text or bytes of a recorded body, decompressed when kept compressed (never past `MAX_BODY_BYTES`;
    `Content-Encoding: gzip, gzip` is peeled layer by layer, up to four)."""
    if not isinstance(raw, bytes):
        return raw
    encoding = headers.get("content-encoding", "").lower().strip()
    if layers > 1 and raw[:2] == b"\x1f\x8b":
        inflated = decode_body(raw, {"content-encoding": "gzip"}, 1)
        if inflated is not raw and inflated[:2] == b"\x1f\x8b":
            return decode_body(inflated, {}, layers - 1)
        return inflated
    if encoding in ("gzip", "x-gzip") or raw[:2] == b"\x1f\x8b":
        wbits = 16 + zlib.MAX_WBITS
    elif encoding == "deflate":
        wbits = zlib.MAX_WBITS
    else:
        return raw
    parts: list[bytes] = []
    budget = MAX_BODY_BYTES
    rest = raw
    while rest and budget > 0:  # gzip allows several members one after another: each is read
        inflater = zlib.decompressobj(wbits)
        try:
            part = inflater.decompress(rest, budget)
        except zlib.error:
            return raw if not parts else b"".join(parts)  # only claims to be compressed: validated as it is
        if inflater.unconsumed_tail:
            return raw  # would inflate past the limit: a compression bomb is not expanded
        parts.append(part)
        budget -= len(part)
        rest = inflater.unused_data if inflater.eof else b""
    return b"".join(parts)


def b64(text: str, source: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=False)
    except (binascii.Error, ValueError):
        raise InputError(source, "the body is marked base64 but is not", where) from None


def request_and_response(item: Any, source: str, where: str, what: str) -> tuple[Mapping[str, Any], Any]:
    """The request and response objects of one recorded interaction (the response may be missing)."""
    interaction = mapping(item, source, where, what)
    request = interaction.get("request")
    if not isinstance(request, dict):
        raise InputError(source, f"{what} has no request object", where)
    return request, interaction.get("response")


def text_field(mapping: Any, key: str, source: str, where: str) -> str:
    if not isinstance(mapping, dict) or not isinstance(mapping.get(key), str):
        raise InputError(source, f"the request has no {key!r}", where)
    return str(mapping[key])


def request_method(request: Any, source: str, where: str) -> str:
    """The request's method, upper-case: an HTTP token (RFC 9110) of at most 32 characters, or the entry is
    refused (a hostile one would otherwise be kept, whole, in every cache keyed by method)."""
    method = text_field(request, "method", source, where)
    if not _METHOD.fullmatch(method):
        raise InputError(source, f"the method {method[:40]!r} is not an HTTP method", where)
    return method.upper()


_METHOD = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]{1,32}")


def request_url(request: Mapping[str, Any], keys: tuple[str, ...], source: str, where: str) -> str:
    """The request URL under one of `keys`, or built from vcrpy's old `protocol/host/port/path` fields."""
    for key in keys:
        if isinstance(request.get(key), str):
            return str(request[key])
    if isinstance(request.get("host"), str) and isinstance(request.get("path"), str):
        scheme = str(request.get("protocol") or "http")
        port = request.get("port")
        default = {"http": 80, "https": 443}.get(scheme)
        host = request["host"] if port in (None, default) else f"{request['host']}:{port}"
        return urlunsplit((scheme, str(host), str(request["path"]), "", ""))
    raise InputError(source, f"the request has no URL ({' or '.join(keys)})", where)


def recorded_exchange(
    request: Mapping[str, Any],
    response: Mapping[str, Any],
    *,
    url_keys: tuple[str, ...],
    headers: dict[str, str],
    raw: Any,
    source: str,
    index: int,
    where: str,
    request_body: Any = NO_BODY,
) -> Exchange:
    """The `Exchange` every reader builds once it has found the body and the response headers."""
    return Exchange(
        method=request_method(request, source, where),
        url=request_url(request, url_keys, source, where),
        status=_status(response, source, where),
        request_headers=normalise_headers(request.get("headers")),
        response_headers=headers,
        body=NO_BODY if raw is None else decode_body(raw, headers),
        source=source,
        index=index,
        request_body=decode_body(request_body, normalise_headers(request.get("headers")))
        if isinstance(request_body, bytes)
        else request_body,
    )
