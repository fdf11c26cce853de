"""openapi-core as the reference judge of conformance, for differential tests and benchmarks.

qrcontract validates with compiled validators for speed and readable messages; this module asks
openapi-core 0.23 the same question (does this response conform?) so a test can prove the two
never disagree. It is not on any hot path.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

from ..exchanges import Exchange
from ..schema import FORMATS
from ..spec import Spec, path_of

__all__ = ["OpenApiCoreReference"]


class OpenApiCoreReference:
    def __init__(self, spec: Spec) -> None:
        from openapi_core import Config, OpenAPI

        config = Config(extra_format_validators=dict(FORMATS), spec_validator_cls=None)
        self._openapi = OpenAPI.from_dict(json.loads(json.dumps(spec.library_document)), config=config)
        server = spec.servers[0] if spec.servers else "http://localhost"
        parts = urlsplit(server)
        self._host = f"{parts.scheme}://{parts.netloc}"
        self._prefix = parts.path.rstrip("/")

    def conforms(self, exchange: Exchange) -> bool:
        """True when openapi-core finds the response valid for the request's operation."""
        from openapi_core.testing import MockRequest, MockResponse

        path = path_of(exchange.url)
        if self._prefix and not path.startswith(self._prefix + "/"):
            path = self._prefix + path
        request = MockRequest(self._host, exchange.method.lower(), path)
        data = _body_bytes(exchange)
        response = MockResponse(
            data,
            status_code=exchange.status,
            headers=dict(exchange.response_headers),
            content_type=exchange.response_headers.get("content-type", ""),
        )
        try:
            self._openapi.validate_response(request, response)
        except Exception:  # noqa: BLE001 - any openapi-core failure is its verdict "does not conform"
            return False
        return True


def _body_bytes(exchange: Exchange) -> bytes:
    body: Any = exchange.body
    if exchange.decoded:
        return json.dumps(body).encode()
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, bytes):
        return body
    return b""
