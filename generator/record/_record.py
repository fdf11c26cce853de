"""`qrcontract record`: call the spec's GET operations through the generated client, write VCR cassettes.

The client is generated from the spec into a temporary folder and imported, so a recording exercises
exactly the code a team ships (generation proves the code it writes is declarations and literals
only). Every exchange passes through the redaction policy before anything is written: credentials in
headers, URLs and bodies of any media type, and the members the spec marks `x-qrcontract-secret`.
With `anonymize`, the ids used in paths become stable placeholders. A server's answer is read up to
`MAX_BODY_BYTES`; cassettes are named from operationIds through the one file-name helper, inside `out`.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
import threading
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2
import yaml

from ..codegen import generate
from ..errors import InputError, QrContractError
from ..exchanges import NO_BODY, Exchange
from ..files import contained, write_text_atomic
from ..limits import MAX_BODY_BYTES, NETWORK_TIMEOUT
from ..names import file_name, method_name, snake_case
from ..redaction import Redactor, redact_text, secret_members
from ..spec import Operation, Spec

__all__ = ["Recording", "record"]

_DROPPED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


@dataclass(frozen=True)
class Recording:
    operation: str
    path: Path
    status: int


class _TooLarge(Exception):
    pass


class _TooSlow(Exception):
    pass


class _RecordingTransport(httpx2.BaseTransport):
    """Keeps every exchange, reading each answer up to `MAX_BODY_BYTES` and within `timeout` seconds in
    all: a server that trickles its answer is cut off when the time is up, not after each byte."""

    def __init__(self, inner: httpx2.BaseTransport, timeout: float) -> None:
        self.inner = inner
        self.timeout = timeout
        self.exchanges: list[tuple[httpx2.Request, httpx2.Response, bytes]] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        expired = threading.Event()

        def expire() -> None:
            expired.set()
            self.inner.close()  # wakes a read that is waiting on the server

        watchdog = threading.Timer(self.timeout, expire)
        watchdog.daemon = True
        watchdog.start()
        chunks, size = [], 0
        try:
            response = self.inner.handle_request(request)
            try:
                for chunk in response.iter_bytes():  # decoded: a compression bomb is cut off too
                    size += len(chunk)
                    if size > MAX_BODY_BYTES:
                        raise _TooLarge
                    if expired.is_set():
                        raise _TooSlow
                    chunks.append(chunk)
            finally:
                response.close()
        except httpx2.TransportError:
            if expired.is_set():
                raise _TooSlow from None
            raise
        finally:
            watchdog.cancel()
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _DROPPED_HEADERS]
        replay = httpx2.Response(response.status_code, headers=headers, content=b"".join(chunks), request=request)
        replay.read()
        self.exchanges.append((request, replay, replay.content))
        return replay

    def close(self) -> None:
        self.inner.close()


def record(
    spec: Spec,
    base_url: str,
    out: Path,
    *,
    token: str | None,
    params: Mapping[str, str],
    anonymize: bool = False,
    timeout: float = NETWORK_TIMEOUT,
    transport: httpx2.BaseTransport | None = None,
) -> list[Recording]:
    """Record one cassette per GET operation into `out`; returns what was written."""
    operations = [op for op in spec.operations if op.method == "GET"]
    if not operations:
        raise InputError(str(spec.path), "the spec has no GET operation to record")
    used = [value for operation in operations for value in _arguments(operation, params).values()]
    placeholders = _placeholders(used) if anonymize else {}
    redactor = Redactor(secret_members(spec), literals=[token or ""])
    recordings: list[Recording] = []
    taken: set[str] = set()
    with tempfile.TemporaryDirectory(prefix="qrcontract-record-") as scratch:
        package = _import_client(spec, Path(scratch))
        recorder = _RecordingTransport(transport or httpx2.HTTPTransport(), timeout)
        try:
            client = package.Client(token, base_url=base_url, timeout=timeout, transport=recorder)
        except (ValueError, httpx2.InvalidURL) as exc:
            raise InputError("--base-url", redact_text(str(exc))) from None
        with client:
            for operation in operations:
                before = len(recorder.exchanges)
                name = method_name(operation.operation_id, operation.method, operation.path)
                try:
                    getattr(client, name)(**_arguments(operation, params))
                except _TooLarge:
                    raise InputError(
                        redact_text(base_url), f"an answer is larger than {MAX_BODY_BYTES} bytes"
                    ) from None
                except _TooSlow:
                    raise InputError(redact_text(base_url), f"no complete answer within {timeout:g} s") from None
                except package.APIConnectionError as exc:
                    reason = redact_text(str(exc.__cause__ or exc))
                    raise InputError(redact_text(base_url), f"cannot reach the server: {reason}") from None
                except package.APIError:
                    pass  # an error status is a recording too: the cassette keeps it
                if len(recorder.exchanges) == before:
                    continue
                label = operation.operation_id or name
                cassette = _cassette(recorder.exchanges[before:], redactor, placeholders)
                cassette_name = file_name(label, ".yaml", taken)
                taken.add(cassette_name)
                target = contained(out, cassette_name)
                write_text_atomic(target, cassette)
                recordings.append(Recording(label, target, recorder.exchanges[-1][1].status_code))
    return recordings


def _arguments(operation: Operation, params: Mapping[str, str]) -> dict[str, Any]:
    """Path parameters from --param, else from the spec's example; keyed by the client's argument names."""
    arguments: dict[str, Any] = {}
    for param in operation.parameters_in("path"):
        value = params.get(param.name, param.example)
        if value is None:
            raise QrContractError(
                f"{operation.key} needs the path parameter {param.name!r}: pass --param {param.name}=VALUE"
            )
        arguments[snake_case(param.name)] = value
    return arguments


def _placeholders(values: list[Any]) -> dict[str, str]:
    """Each distinct id gets a stable, GUID-shaped placeholder (ids still look like ids to validators).

    Ids shorter than four characters are left as they are: replacing `1` everywhere would corrupt
    every other `1` of the recording (and an empty id would be inserted between every character).
    """
    kept = sorted({str(v) for v in values if len(str(v)) >= _SHORTEST_ID})
    return {value: str(uuid.UUID(int=index + 1)) for index, value in enumerate(kept)}


_SHORTEST_ID = 4


def _anonymise(text: str, placeholders: Mapping[str, str]) -> str:
    for value, placeholder in placeholders.items():
        text = text.replace(value, placeholder).replace(quote(value, safe=""), placeholder)
    return text


def _cassette(
    exchanges: list[tuple[httpx2.Request, httpx2.Response, bytes]], redactor: Redactor, placeholders: Mapping[str, str]
) -> str:
    interactions = []
    for request, response, content in exchanges:
        exchange = Exchange(
            method=request.method,
            url=str(request.url),
            status=response.status_code,
            request_headers=dict(request.headers),
            response_headers={k: v for k, v in response.headers.items() if k.lower() not in _DROPPED_HEADERS},
            body=content.decode("utf-8", "replace") if content else NO_BODY,
            request_body=request.content.decode("utf-8", "replace") if request.content else NO_BODY,
        )
        clean, _ = redactor.exchange(exchange)
        body = "" if clean.body is NO_BODY else clean.body
        interactions.append(
            {
                "request": {
                    "body": None
                    if clean.request_body is NO_BODY
                    else _anonymise(str(clean.request_body), placeholders),
                    "headers": {k: [v] for k, v in clean.request_headers.items()},
                    "method": clean.method,
                    "uri": _anonymise(clean.url, placeholders),
                },
                "response": {
                    "body": {"string": _anonymise(str(body), placeholders)},
                    "headers": {k: [_anonymise(v, placeholders)] for k, v in clean.response_headers.items()},
                    "status": {"code": clean.status, "message": response.reason_phrase},
                },
            }
        )
    return yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False, allow_unicode=True, width=200)


def _import_client(spec: Spec, folder: Path) -> Any:
    name = f"qrcontract_recording_client_{uuid.uuid4().hex[:8]}"
    generate(spec, folder / name)
    sys.path.insert(0, str(folder))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
