"""Contract checks inside a team's own tests: wrap any httpx2 transport and validate every response.

    client = httpx2.Client(transport=ContractTransport(httpx2.HTTPTransport(), spec))

Each response that passes through is validated against the spec; a violation raises
`ContractViolationError` (an AssertionError, so pytest reports it as a test failure).
"""

from __future__ import annotations

import httpx2

from ..exchanges import NO_BODY, Exchange
from ..findings import Severity
from ..redaction import redact_text
from ..spec import Spec
from ..validation import ContractValidator, ExchangeResult

__all__ = ["AsyncContractTransport", "ContractTransport", "ContractViolationError", "exchange_from_httpx"]


class ContractViolationError(AssertionError):
    """A response broke the contract; `result` holds the typed violations."""

    def __init__(self, result: ExchangeResult) -> None:
        self.result = result
        lines = [redact_text(line) for line in result.lines(Severity.ERROR)]
        super().__init__("response breaks the contract:\n" + "\n".join(lines))


def exchange_from_httpx(response: httpx2.Response, source: str = "<live>", index: int = 0) -> Exchange:
    """An `Exchange` from a read httpx2 response and the request that produced it."""
    request = response.request
    return Exchange(
        method=request.method,
        url=str(request.url),
        status=response.status_code,
        request_headers={k.lower(): v for k, v in request.headers.items()},
        response_headers={k.lower(): v for k, v in response.headers.items()},
        body=response.content,
        source=source,
        index=index,
        request_body=request.content if request.content else NO_BODY,
    )


class _Checking:
    def __init__(self, spec: Spec | ContractValidator, *, raise_on_violation: bool, strict: bool) -> None:
        self.validator = spec if isinstance(spec, ContractValidator) else ContractValidator(spec, strict=strict)
        self.raise_on_violation = raise_on_violation
        self.results: list[ExchangeResult] = []

    def _check(self, response: httpx2.Response) -> None:
        result = self.validator.validate(exchange_from_httpx(response, index=len(self.results)))
        self.results.append(result)
        if self.raise_on_violation and not result.ok:
            raise ContractViolationError(result)


class ContractTransport(_Checking, httpx2.BaseTransport):
    """A sync transport that validates every response of `inner` against the spec."""

    def __init__(
        self,
        inner: httpx2.BaseTransport,
        spec: Spec | ContractValidator,
        *,
        raise_on_violation: bool = True,
        strict: bool = False,
    ) -> None:
        super().__init__(spec, raise_on_violation=raise_on_violation, strict=strict)
        self.inner = inner

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        response.read()
        response.request = request
        self._check(response)
        return response

    def close(self) -> None:
        self.inner.close()


class AsyncContractTransport(_Checking, httpx2.AsyncBaseTransport):
    """The asyncio twin of `ContractTransport`."""

    def __init__(
        self,
        inner: httpx2.AsyncBaseTransport,
        spec: Spec | ContractValidator,
        *,
        raise_on_violation: bool = True,
        strict: bool = False,
    ) -> None:
        super().__init__(spec, raise_on_violation=raise_on_violation, strict=strict)
        self.inner = inner

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        response.request = request
        self._check(response)
        return response

    async def aclose(self) -> None:
        await self.inner.aclose()
