"""Fuzzing a server safely and politely: every request goes through a forwarder.

schemathesis sends its requests as fast as it can, reads whole answers and follows redirects. The
forwarder is an in-process ASGI app that schemathesis calls instead of the network; it sends each
request on with httpx2 and bounds what comes back: at most `MAX_BODY_BYTES` of body and
`NETWORK_TIMEOUT` seconds for the whole answer (a server trickling bytes cannot hold a run), and a
redirect to another host is answered 421 here rather than replayed against the origin (and the tenth
redirect in a row 508: a loop ends). With `retry`
(a live service such as Graph), a 429 or 503 with a `Retry-After` it can honour (at most `MAX_WAIT`
seconds, `MAX_RETRIES` times, `MAX_TOTAL_WAIT` over a run) is waited out and the request sent again,
so a run fails on the contract rather than on throttling.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from ..codegen._shared import parse_retry_after
from ..limits import MAX_BODY_BYTES, NETWORK_TIMEOUT

__all__ = ["Forwarder", "parse_retry_after"]

MAX_WAIT = 30.0
MAX_RETRIES = 3
MAX_TOTAL_WAIT = 300.0
MAX_REDIRECTS = 10
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class Forwarder:
    """An ASGI app that forwards to `origin` (scheme://host[:port]), bounded; `retry` waits out throttling."""

    def __init__(
        self,
        origin: str,
        *,
        timeout: float = NETWORK_TIMEOUT,
        retry: bool = True,
        host: str = "127.0.0.1:8000",
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """`host` is the one schemathesis is pointed at in-process; a request for any other followed a redirect."""
        self.origin = origin.rstrip("/")
        self.host = host
        self.timeout = timeout
        self.retry = retry
        self.sleep = sleep
        self.waited: list[float] = []
        self.redirects = 0  # answers with a Location in a row: schemathesis follows them, a loop never ends

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"] if k.lower() != b"host"]
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k.lower() == b"host"), "")
        if host and host not in (self.host, urlsplit(self.origin).netloc):
            await _answer(send, 421, [], f"qrcontract: not forwarded: a redirect to another host ({host})".encode())
            return
        query = scope.get("query_string", b"").decode("latin-1")
        url = f"{self.origin}{scope['path']}" + (f"?{query}" if query else "")
        if self.redirects >= MAX_REDIRECTS:
            self.redirects = 0
            text = f"qrcontract: not forwarded: {MAX_REDIRECTS} redirects in a row (a loop?)"
            await _answer(send, 508, [], text.encode())
            return
        status, answer_headers, content = await self._forward(scope["method"], url, headers, body)
        self.redirects = self.redirects + 1 if 300 <= status < 400 and dict(answer_headers).get("location") else 0
        await _answer(send, status, answer_headers, content)

    async def _forward(
        self, method: str, url: str, headers: list[tuple[str, str]], body: bytes
    ) -> tuple[int, list[tuple[str, str]], bytes]:
        import httpx2

        async with httpx2.AsyncClient(timeout=self.timeout, trust_env=False) as client:
            for attempt in range(MAX_RETRIES + 1):
                try:
                    status, kept, content = await asyncio.wait_for(
                        _once(client, method, url, headers, body), timeout=self.timeout
                    )
                except TimeoutError:
                    return 504, [], f"qrcontract: no complete answer within {self.timeout:g} s".encode()
                wait = parse_retry_after(dict(kept).get("retry-after"))
                if (
                    not self.retry
                    or status not in (429, 503)
                    or wait is None
                    or wait > MAX_WAIT
                    or sum(self.waited) + wait > MAX_TOTAL_WAIT
                    or attempt == MAX_RETRIES
                ):
                    break
                self.waited.append(wait)
                await self.sleep(wait)
        return status, kept, content


async def _once(
    client: Any, method: str, url: str, headers: list[tuple[str, str]], body: bytes
) -> tuple[int, list[tuple[str, str]], bytes]:
    """One request and its whole answer, the body bounded by `MAX_BODY_BYTES` (502 past it)."""
    async with client.stream(method, url, headers=headers, content=body) as response:
        content = await _bounded(response)
        if content is None:
            return 502, [], f"qrcontract: the answer is larger than {MAX_BODY_BYTES:,} bytes; not read".encode()
        kept = [
            (k.lower(), v)
            for k, v in response.headers.items()
            if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")
        ]
        return response.status_code, kept, content


async def _bounded(response: Any) -> bytes | None:
    """The decoded body, or None past `MAX_BODY_BYTES` (read no further: a compression bomb stays small)."""
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        parts.append(chunk)
    return b"".join(parts)


async def _answer(send: Send, status: int, headers: list[tuple[str, str]], body: bytes) -> None:
    encoded = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send({"type": "http.response.start", "status": status, "headers": encoded})
    await send({"type": "http.response.body", "body": body})
