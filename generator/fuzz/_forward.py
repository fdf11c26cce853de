"""Fuzzing a live service politely: every request goes through a forwarder that honours `Retry-After`.

schemathesis sends its requests as fast as it can and counts a 429 or 503 as the service's answer.
Against Microsoft Graph that would fail on throttling rather than on the contract, and hammer a
tenant. The forwarder is an in-process ASGI app that schemathesis calls instead of the network; it
sends each request on with httpx2 and, on 429 or 503 with a `Retry-After` it can honour (at most
`MAX_WAIT` seconds, `MAX_RETRIES` times), waits as told and sends it again.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from ..codegen._shared import parse_retry_after
from ..limits import MAX_BODY_BYTES, NETWORK_TIMEOUT

__all__ = ["Forwarder", "parse_retry_after"]

MAX_WAIT = 30.0
MAX_RETRIES = 3
Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


class Forwarder:
    """An ASGI app that forwards to `origin` (scheme://host[:port]) and waits out throttling."""

    def __init__(
        self,
        origin: str,
        *,
        timeout: float = NETWORK_TIMEOUT,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        self.origin = origin.rstrip("/")
        self.timeout = timeout
        self.sleep = sleep
        self.waited: list[float] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        import httpx2

        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        query = scope.get("query_string", b"").decode("latin-1")
        url = f"{self.origin}{scope['path']}" + (f"?{query}" if query else "")
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"] if k.lower() != b"host"]
        async with httpx2.AsyncClient(timeout=self.timeout, trust_env=False) as client:
            for attempt in range(MAX_RETRIES + 1):
                response = await client.request(scope["method"], url, headers=headers, content=body)
                wait = parse_retry_after(response.headers.get("retry-after"))
                if response.status_code not in (429, 503) or wait is None or wait > MAX_WAIT or attempt == MAX_RETRIES:
                    break
                self.waited.append(wait)
                await self.sleep(wait)
            content = response.content[:MAX_BODY_BYTES]
        await send(
            {
                "type": "http.response.start",
                "status": response.status_code,
                "headers": [
                    (k.encode("latin-1"), v.encode("latin-1"))
                    for k, v in response.headers.items()
                    if k.lower() not in ("content-length", "content-encoding", "transfer-encoding")
                ],
            }
        )
        await send({"type": "http.response.body", "body": content})
