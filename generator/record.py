"""`qrcontract record`: call the spec's GET operations through the generated client, write VCR cassettes.

The client is generated from the spec into a temporary folder and imported, so a recording exercises
exactly the code a team ships. Credentials are redacted before anything is written: the Authorization
header, cookies, JWTs, and the members the spec marks `x-qrcontract-secret`. With `anonymize`, the
user ids used in paths become stable placeholders in URLs and bodies.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import sys
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import yaml

from .codegen import generate
from .codegen.operations import method_name
from .errors import InputError, QrContractError
from .secrets import SECRET_HEADERS, redact_headers, redact_json, secret_members
from .spec import Operation, Spec

__all__ = ["Recording", "record"]


@dataclass(frozen=True)
class Recording:
    operation: str
    path: Path
    status: int


class _RecordingTransport(httpx2.BaseTransport):
    def __init__(self, inner: httpx2.BaseTransport) -> None:
        self.inner = inner
        self.exchanges: list[tuple[httpx2.Request, httpx2.Response]] = []

    def handle_request(self, request: httpx2.Request) -> httpx2.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.exchanges.append((request, response))
        return response

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
    timeout: float = 30.0,
    transport: httpx2.BaseTransport | None = None,
) -> list[Recording]:
    """Record one cassette per GET operation into `out`; returns what was written."""
    operations = [op for op in spec.operations if op.method == "GET"]
    if not operations:
        raise InputError(str(spec.path), "the spec has no GET operation to record")
    used = [value for operation in operations for value in _arguments(operation, params).values()]
    placeholders = _placeholders(used) if anonymize else {}
    members = secret_members(spec)
    recordings = []
    with tempfile.TemporaryDirectory(prefix="qrcontract-record-") as scratch:
        package = _import_client(spec, Path(scratch))
        recorder = _RecordingTransport(transport or httpx2.HTTPTransport())
        with package.Client(token, base_url=base_url, timeout=timeout, transport=recorder) as client:
            for operation in operations:
                before = len(recorder.exchanges)
                try:
                    getattr(client, method_name(operation))(**_arguments(operation, params))
                except package.APIConnectionError as exc:
                    raise InputError(base_url, f"cannot reach the server: {exc.__cause__ or exc}") from None
                except package.GraphError:
                    pass  # an error status is a recording too: the cassette keeps it
                if len(recorder.exchanges) == before:
                    continue
                name = operation.operation_id or method_name(operation)
                cassette = _cassette(recorder.exchanges[before:], members, placeholders)
                target = out / f"{name}.yaml"
                _write_atomically(target, cassette)
                recordings.append(Recording(name, target, recorder.exchanges[-1][1].status_code))
    return recordings


def _arguments(operation: Operation, params: Mapping[str, str]) -> dict[str, Any]:
    """Path parameters from --param, else from the spec's example; keyed by the client's argument names."""
    from .names import snake_case

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
    """Each distinct id gets a stable, GUID-shaped placeholder (ids still look like ids to validators)."""
    return {value: str(uuid.UUID(int=index + 1)) for index, value in enumerate(sorted({str(v) for v in values}))}


def _anonymise(text: str, placeholders: Mapping[str, str]) -> str:
    from urllib.parse import quote

    for value, placeholder in placeholders.items():
        text = text.replace(value, placeholder).replace(quote(value, safe=""), placeholder)
    return text


def _cassette(
    exchanges: list[tuple[httpx2.Request, httpx2.Response]], members: frozenset[str], placeholders: Mapping[str, str]
) -> str:
    interactions = []
    for request, response in exchanges:
        body_text = response.content.decode("utf-8", "replace")
        with contextlib.suppress(ValueError):  # a body that is not JSON is kept as text
            body_text = json.dumps(redact_json(json.loads(body_text), members), ensure_ascii=False)
        interactions.append(
            {
                "request": {
                    "body": None,
                    "headers": {k: [v] for k, v in redact_headers(dict(request.headers)).items()},
                    "method": request.method,
                    "uri": _anonymise(str(request.url), placeholders),
                },
                "response": {
                    "body": {"string": _anonymise(body_text, placeholders)},
                    "headers": {
                        k: [v]
                        for k, v in redact_headers(dict(response.headers)).items()
                        if k.lower() not in ("content-encoding", "content-length", "transfer-encoding")
                        or k.lower() in SECRET_HEADERS
                    },
                    "status": {"code": response.status_code, "message": response.reason_phrase},
                },
            }
        )
    return yaml.safe_dump({"interactions": interactions, "version": 1}, sort_keys=False, allow_unicode=True, width=200)


def _write_atomically(target: Path, text: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    with os.fdopen(handle, "w", encoding="utf-8") as stream:
        stream.write(text)
    os.replace(temporary, target)


def _import_client(spec: Spec, folder: Path) -> Any:
    name = f"qrcontract_recording_client_{uuid.uuid4().hex[:8]}"
    generate(spec, folder / name)
    sys.path.insert(0, str(folder))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))
