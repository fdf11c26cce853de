"""The mock as an ASGI application, and serving it: bounded bodies, bounded waits, a free event loop.

A client may be slow or hostile: a request body is read up to `MAX_REQUEST_BYTES` (413 beyond) and
within `REQUEST_READ_TIMEOUT` (408), a connection that has not sent a whole request head within that
time is closed, and the answer is computed off the event loop, so one request never stalls the rest.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response

from ..limits import MAX_REQUEST_BYTES
from ..spec import Spec
from ._server import MockConfig, MockServer

__all__ = ["MockApp", "build_app", "serve"]


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


class MockApp:
    """The mock as an ASGI application: every request, whatever its path, goes to the `MockServer`.

    No router of the framework sits in front: the spec's own router decides, on the raw (still
    percent-encoded) path, so `%2F` or a newline in a parameter reaches the mock as it was sent.
    """

    def __init__(self, server: MockServer) -> None:
        self.mock = server
        self.timeout = server.config.read_timeout

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        if scope["type"] != "http":
            return
        response = await self._answer(Request(scope, receive))
        await response(scope, receive, send)

    async def _answer(self, request: Request) -> Response:
        try:
            body = await asyncio.wait_for(_read_body(request), self.timeout)
        except _TooLarge:
            return _refusal(413, "RequestEntityTooLarge", f"The request body is larger than {MAX_REQUEST_BYTES} bytes.")
        except TimeoutError:
            return _refusal(408, "RequestTimeout", "The request body did not arrive in time.")
        except ClientDisconnect:
            return Response(status_code=400)
        raw = request.scope.get("raw_path") or request.url.path.encode()
        path = raw.decode("latin-1").split("?", 1)[0]
        headers = {k.lower(): v for k, v in request.headers.items()}
        status, response_headers, content = await run_in_threadpool(
            self.mock.handle, request.method, path, request.url.query, headers, body
        )
        return Response(content, status_code=status, headers=response_headers)


def build_app(spec: Spec, config: MockConfig | None = None) -> MockApp:
    """The mock as an ASGI application (serve it with uvicorn, or in-process for tests and fuzzing)."""
    return MockApp(MockServer(spec, config))


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
