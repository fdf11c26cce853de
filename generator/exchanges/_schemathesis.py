"""schemathesis cassettes (`--report vcr`): Ruby-VCR style `http_interactions`, status codes as strings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..errors import InputError
from ._common import as_text, b64, mapping, recorded_exchange
from ._exchange import NO_BODY, Exchange, Skipped, normalise_headers

__all__ = ["read"]


def _body(body: Any, source: str, where: str) -> Any:
    if not isinstance(body, Mapping):
        return as_text(body)
    if "base64_string" in body:
        return b64(str(body["base64_string"]), source, where)
    return as_text(body.get("string"))


def read(data: Mapping[str, Any], source: str) -> Iterator[Exchange | Skipped]:
    interactions = data.get("http_interactions")
    if not isinstance(interactions, list):
        raise InputError(source, "a schemathesis cassette whose http_interactions is not a list", "/http_interactions")
    for index, item in enumerate(interactions):
        where = f"/http_interactions/{index}"
        interaction = mapping(item, source, where, "an interaction")
        request, response = interaction.get("request"), interaction.get("response")
        if not isinstance(request, Mapping):
            raise InputError(source, "an interaction has no request object", where)
        if not isinstance(response, Mapping):
            # schemathesis records requests that got no response (a timeout, a refused connection)
            yield Skipped(source, where, "a request that got no response; not validated")
            continue
        request_body = _body(request.get("body"), source, f"{where}/request/body")
        yield recorded_exchange(
            request,
            response,
            url_keys=("uri",),
            headers=normalise_headers(response.get("headers")),
            raw=_body(response.get("body"), source, f"{where}/response/body"),
            source=source,
            index=index,
            where=where,
            request_body=NO_BODY if request_body is None else request_body,
        )
