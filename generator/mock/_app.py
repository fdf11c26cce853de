"""The mock as an ASGI application, and serving it: bounded bodies, bounded waits, a free event loop.

A client may be slow or hostile: a request body is read up to `MAX_REQUEST_BYTES` (413 beyond) and
within `REQUEST_READ_TIMEOUT` (408), a connection that has not sent a whole request head within that
time is closed, and the answer is computed off the event loop, so one request never stalls the rest.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from ..limits import MAX_REQUEST_BYTES
from ..spec import Spec
from ._server import MockConfig, MockServer

__all__ = ["build_app", "serve"]

ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


class _TooLarge(Exception):
    pass


async def _read_body(request: Request) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_REQUEST_BYTES:
            raise _TooLarge
        chunks.append(chunk)
    return b"".join(chunks)


def _refusal(status: int, code: str, message: str) -> Response:
    body = json.dumps({"error": {"code": code, "message": message}}).encode()
    return Response(body, status_code=status, headers={"content-type": "application/json", "connection": "close"})


def build_app(spec: Spec, config: MockConfig | None = None) -> Starlette:
    """The mock as a Starlette ASGI application (serve it with uvicorn, or in-process for tests and fuzzing)."""
    server = MockServer(spec, config)
    timeout = server.config.read_timeout

    async def endpoint(request: Request) -> Response:
        try:
            body = await asyncio.wait_for(_read_body(request), timeout)
        except _TooLarge:
            return _refusal(413, "RequestEntityTooLarge", f"The request body is larger than {MAX_REQUEST_BYTES} bytes.")
        except TimeoutError:
            return _refusal(408, "RequestTimeout", "The request body did not arrive in time.")
        except ClientDisconnect:
            return Response(status_code=400)
        headers = {k.lower(): v for k, v in request.headers.items()}
        status, response_headers, content = await run_in_threadpool(
            server.handle, request.method, request.url.path, request.url.query, headers, body
        )
        return Response(content, status_code=status, headers=response_headers)

    app = Starlette(routes=[Route("/{path:path}", endpoint, methods=ALL_METHODS)])
    app.state.mock = server
    return app


def serve(spec: Spec, config: MockConfig, host: str, port: int) -> None:
    """Serve the mock until interrupted (uvicorn; one process, a bounded number of connections)."""
    import uvicorn
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class DeadlineProtocol(H11Protocol):
        """Closes a connection that has not sent a whole request head within the read timeout (slowloris)."""

        def connection_made(self, transport: Any) -> None:
            super().connection_made(transport)
            self._arm()

        def _arm(self) -> None:
            self._deadline = self.loop.call_later(config.read_timeout, self._expire)

        def _expire(self) -> None:
            idle = self.cycle is None or self.cycle.response_complete
            if idle and not self.transport.is_closing():
                self.transport.close()

        def on_response_complete(self) -> None:
            super().on_response_complete()
            self._deadline.cancel()
            self._arm()

        def connection_lost(self, exc: Exception | None) -> None:
            self._deadline.cancel()
            super().connection_lost(exc)

    uvicorn.run(
        build_app(spec, config),
        host=host,
        port=port,
        http=DeadlineProtocol,
        log_level="warning",
        date_header=False,
        server_header=False,
        limit_concurrency=256,
        timeout_keep_alive=5,
    )
