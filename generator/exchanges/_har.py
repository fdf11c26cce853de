"""HAR 1.2 (`log.entries`), as browsers, proxies and `st run --report har` write it.

Entries are streamed one at a time with ijson, so memory stays flat and time stays linear whatever
the number or the size of entries. Entries without a response (a request the browser aborted,
status 0, or a request-only HAR) are skipped with a warning; the rest of the file is still read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import IO, Any
from urllib.parse import urlencode

import ijson

from ..documents import DepthLimitedReader
from ..errors import InputError
from ._common import as_text, b64, recorded_exchange, request_and_response
from ._exchange import NO_BODY, Exchange, Skipped, har_headers, normalise_headers

__all__ = ["entry_to_exchange", "read", "stream"]


def read(data: Mapping[str, Any], source: str) -> Iterator[Exchange | Skipped]:
    log = data.get("log")
    entries = log.get("entries") if isinstance(log, dict) else None
    if not isinstance(entries, list):
        raise InputError(source, "a HAR file without log.entries", "/log/entries")
    if not entries:
        yield Skipped(source, "/log/entries", "a HAR file without entries")
    for index, entry in enumerate(entries):
        yield entry_to_exchange(entry, source, index)


def stream(handle: IO[bytes] | DepthLimitedReader, source: str) -> Iterator[Exchange | Skipped]:
    """Entries of a HAR file, decoded one at a time; a file cut short is an error after what was read."""
    index = 0
    try:
        for entry in ijson.items(handle, "log.entries.item", use_float=True):
            yield entry_to_exchange(entry, source, index)
            index += 1
        if index == 0:
            yield Skipped(source, "/log/entries", "a HAR file without entries")
    except ijson.IncompleteJSONError as exc:
        where = f"/log/entries/{index}"
        if "premature EOF" in str(exc):
            raise InputError(source, f"the HAR file ends inside entry {index}", where) from None
        raise InputError(
            source, f"not valid JSON in or after entry {index}: {str(exc).splitlines()[0][:120]}", where
        ) from None
    except ijson.JSONError as exc:
        where = f"/log/entries/{index}"
        raise InputError(
            source, f"not valid JSON in or after entry {index}: {str(exc).splitlines()[0][:120]}", where
        ) from None
    except RecursionError:
        raise InputError(source, "an entry nests too deeply to read", f"/log/entries/{index}") from None


def entry_to_exchange(entry: Any, source: str, index: int) -> Exchange | Skipped:
    """One entry as an Exchange: the common shape the short way, anything else the general way."""
    plain = _plain_entry(entry, source, index)
    return plain if plain is not None else _any_entry(entry, source, index)


def _any_entry(entry: Any, source: str, index: int) -> Exchange | Skipped:
    where = f"/log/entries/{index}"
    request, response = request_and_response(entry, source, where, "an entry")
    if not isinstance(response, dict) or response.get("status") in (0, "0", None):
        return Skipped(source, where, "an entry without a response (aborted, or never answered); not validated")
    headers = normalise_headers(response.get("headers"))
    content: Mapping[str, Any] = response["content"] if isinstance(response.get("content"), dict) else {}
    if "content-type" not in headers and content.get("mimeType"):
        headers["content-type"] = str(content["mimeType"])
    raw: Any = as_text(content.get("text"))
    if raw is not None and content.get("encoding") == "base64":
        raw = b64(str(raw), source, f"{where}/response/content")
    request_body = _post_data(request.get("postData"))
    cookies = _cookie_header(request.get("cookies"))
    if cookies:  # HAR keeps cookies apart from the headers too; a credential there is still one
        request = {**request, "headers": [*(request.get("headers") or []), {"name": "Cookie", "value": cookies}]}
    return recorded_exchange(
        request,
        response,
        url_keys=("url",),
        headers=headers,
        raw=raw,
        source=source,
        index=index,
        where=where,
        request_body=request_body,
    )


def _plain_entry(entry: Any, source: str, index: int) -> Exchange | None:
    """The entry most HAR files are made of, read in one straight line: text method and URL, a numeric
    status, name/value headers, a text body, no request body or cookies. None for anything else, which
    `entry_to_exchange` reads the general way (and the same way: this is only the short road to it)."""
    if type(entry) is not dict:
        return None
    request, response = entry.get("request"), entry.get("response")
    if type(request) is not dict or type(response) is not dict:
        return None
    method, url, status = request.get("method"), request.get("url"), response.get("status")
    if type(method) is not str or type(url) is not str or type(status) is not int or not 100 <= status <= 599:
        return None
    if len(method) > 32 or not method.isascii() or not method.isalpha():
        return None  # the general way says whether it is an HTTP method at all
    if request.get("postData") is not None or request.get("cookies"):
        return None
    content = response.get("content")
    if type(content) is not dict or "encoding" in content:
        return None
    text = content.get("text")
    if text is not None and type(text) is not str:
        return None
    raw_request_headers, raw_response_headers = request.get("headers") or [], response.get("headers") or []
    if type(raw_request_headers) is not list or type(raw_response_headers) is not list:
        return None
    request_headers, response_headers = har_headers(raw_request_headers), har_headers(raw_response_headers)
    if request_headers is None or response_headers is None:
        return None
    if "content-type" not in response_headers and content.get("mimeType"):
        response_headers["content-type"] = str(content["mimeType"])
    body = NO_BODY if text is None else text
    return Exchange(method.upper(), url, status, request_headers, response_headers, body, source, index)


def _post_data(post: Any) -> Any:
    """The request body: `postData.text`, or its `params` (HAR 1.2 gives one or the other) as a form."""
    if not isinstance(post, dict):
        return NO_BODY
    if post.get("text") is not None:
        return as_text(post.get("text"))
    params = post.get("params")
    if isinstance(params, list) and params:
        pairs = [(str(p.get("name", "")), str(p.get("value", ""))) for p in params if isinstance(p, dict)]
        return urlencode(pairs)
    return NO_BODY


def _cookie_header(cookies: Any) -> str:
    if not isinstance(cookies, list):
        return ""
    return "; ".join(f"{c.get('name', '')}={c.get('value', '')}" for c in cookies if isinstance(c, dict))
