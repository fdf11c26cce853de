"""`qrcontract fuzz`: schemathesis 4.x against the embedded mock (in-process, no socket) or any server.

schemathesis runs through its Python engine with every applicable check, seeded and bounded; its
results are taken from the events it emits, never from its text. It reads the same loaded spec the
rest of the toolkit uses. In-process, the mock's ASGI app is set on the loaded schema, and the fuzz
credential is the only one the mock accepts, so requests without it must be refused.
"""

from __future__ import annotations

import base64
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE, QrContractError, UsageError
from ..limits import NETWORK_TIMEOUT
from ..mock import MockConfig, build_app
from ..redaction import redact_text
from ..spec import Spec

__all__ = ["FuzzFailure", "FuzzOptions", "FuzzResult", "credentials", "run_fuzz"]

IN_PROCESS_ORIGIN = "http://127.0.0.1:8000"
_CHECK_NAME = re.compile(r"^[a-z_]+$")


@dataclass(frozen=True)
class FuzzOptions:
    base_url: str | None = None
    token: str = "qrcontract-fuzz-token"
    max_examples: int = 50
    seed: int = 1
    checks: str = "all"
    phases: str | None = None
    workers: int = 1
    mock: MockConfig | None = None
    request_timeout: float = NETWORK_TIMEOUT
    safe_methods_only: bool = False
    honour_retry_after: bool = False  # a live service: go through a forwarder that waits out 429/503


@dataclass(frozen=True)
class FuzzFailure:
    """One failed check: the operation, schemathesis' check and code (ST108, ...), and how to reproduce it."""

    operation: str
    check: str
    code: str
    title: str
    message: str
    curl: str


@dataclass(frozen=True)
class FuzzResult:
    cases: int
    operations: int
    failures: tuple[FuzzFailure, ...]
    errors: tuple[str, ...]
    seconds: float
    base_url: str
    in_process: bool
    seed: int
    examples: int
    skipped: tuple[str, ...] = field(default=())
    notes: tuple[str, ...] = field(default=())

    @property
    def exit_code(self) -> int:
        if self.errors and not self.cases:
            return EXIT_UNUSABLE
        return EXIT_FOUND if self.failures or self.errors else EXIT_OK


def credentials(spec: Spec, token: str) -> tuple[dict[str, str], dict[str, str]]:
    """Headers and query parameters that satisfy every security scheme the spec declares with `token`."""
    headers: dict[str, str] = {}
    query: dict[str, str] = {}
    cookies: list[str] = []
    for scheme in spec.security_schemes.values():
        if not isinstance(scheme, Mapping):
            continue
        kind = scheme.get("type")
        http_scheme = str(scheme.get("scheme", "")).lower()
        if kind in ("oauth2", "openIdConnect") or (kind == "http" and http_scheme == "bearer"):
            headers["Authorization"] = f"Bearer {token}"
        elif kind == "http" and http_scheme == "basic":
            headers.setdefault("Authorization", "Basic " + base64.b64encode(f"qrcontract:{token}".encode()).decode())
        elif kind == "apiKey" and scheme.get("name"):
            name = str(scheme["name"])
            where = scheme.get("in")
            if where == "header":
                headers[name] = token
            elif where == "query":
                query[name] = token
            elif where == "cookie":
                cookies.append(f"{name}={token}")
    if cookies:
        headers["Cookie"] = "; ".join(cookies)
    return headers, query


def accepted_credentials(token: str) -> frozenset[str]:
    """What the mock accepts in fuzz mode: the token as a bearer token or API key, and as basic auth."""
    return frozenset({token, f"qrcontract:{token}"})


def run_fuzz(spec: Spec, options: FuzzOptions) -> FuzzResult:
    """Run schemathesis and return what it found; raises `QrContractError` when it cannot start."""
    from schemathesis.engine import events, from_schema

    in_process = options.base_url is None
    base_url = options.base_url or IN_PROCESS_ORIGIN + spec.server_path
    forwarder = None
    origin = ""
    if options.base_url:
        # Every request to a server goes through the forwarder: it bounds each answer (size, time),
        # refuses redirects to other hosts, and waits out throttling when asked to.
        from urllib.parse import urlsplit

        from ._forward import Forwarder

        parts = urlsplit(options.base_url)
        origin = f"{parts.scheme}://{parts.netloc}"
        forwarder = Forwarder(
            origin,
            timeout=options.request_timeout,
            retry=options.honour_retry_after,
            host=urlsplit(IN_PROCESS_ORIGIN).netloc,
        )
        base_url = IN_PROCESS_ORIGIN + parts.path.rstrip("/")
    schema, notes = _load(spec, options, base_url)
    if forwarder is not None:
        schema.app = forwarder
    started = time.perf_counter()
    cases = 0
    labels: set[str] = set()
    failures: list[FuzzFailure] = []
    errors: list[str] = []
    skipped: list[str] = []
    for event in from_schema(schema).execute():
        if isinstance(event, (events.ScenarioFinished, events.FuzzScenarioFinished)):
            recorder = event.recorder
            cases += len(recorder.cases)
            labels.add(recorder.label)
            reason = getattr(event, "skip_reason", None)
            if reason:
                skipped.append(f"{recorder.label}: {reason}")
            failures += _failures(recorder, origin or IN_PROCESS_ORIGIN)
        elif isinstance(event, events.NonFatalError):
            errors.append(redact_text(f"{event.label}: {event.info.title}: {event.info.message}".strip()))
        elif isinstance(event, events.FatalError):
            errors.append(redact_text(f"schemathesis stopped: {event.exception}"))
    return FuzzResult(
        cases=cases,
        operations=len(labels),
        failures=tuple(_unique(failures)),
        errors=tuple(errors),
        seconds=time.perf_counter() - started,
        base_url=options.base_url or base_url,
        in_process=in_process,
        seed=options.seed,
        examples=options.max_examples,
        skipped=tuple(skipped),
        notes=tuple(notes),
    )


def _load(spec: Spec, options: FuzzOptions, base_url: str) -> tuple[Any, list[str]]:
    """The schema as schemathesis loads it, configured (checks, bounds, credentials) and pointed at
    the mock's app in-process, with the notes on what was left out of it."""
    import schemathesis
    from schemathesis.config import ConfigError, SchemathesisConfig

    headers, query = credentials(spec, options.token)
    checks = [c.strip() for c in options.checks.split(",") if c.strip()]
    if not checks or not all(_CHECK_NAME.match(c) for c in checks):
        raise UsageError("--checks", f"{options.checks!r} is not a comma-separated list of check names")
    config = SchemathesisConfig()
    try:
        config.update(seed=options.seed, max_failures=None)
        project = config.projects.override
        project.update(
            base_url=base_url,
            headers=headers or None,
            parameters={f"query.{name}": value for name, value in query.items()} or None,
            workers=options.workers,
            request_timeout=options.request_timeout,
        )
        project.checks.update(included_check_names=checks)
        project.generation.update(max_examples=options.max_examples, database="none", deterministic=False)
        if options.phases:
            project.phases.update(phases=[p.strip() for p in options.phases.split(",")])
    except ConfigError as exc:
        raise UsageError("fuzz", str(exc).splitlines()[0]) from None
    schema: Any
    try:
        schema = schemathesis.openapi.from_dict(_json(spec.library_document), config=config)
    except Exception as exc:  # noqa: BLE001 - schemathesis refuses a schema in many ways; all are unusable input
        raise QrContractError(f"schemathesis cannot load {spec.path}: {str(exc).splitlines()[0][:200]}") from None
    notes: list[str] = []
    if options.base_url is None:
        schema, notes = _plan_for_the_mock(spec, schema)
    if options.safe_methods_only:
        schema = schema.include(method=["GET", "HEAD", "OPTIONS"])
    if options.base_url is None:
        mock = options.mock or MockConfig()
        schema.app = build_app(
            spec, replace(mock, only_credentials=mock.only_credentials | accepted_credentials(options.token))
        )
    return schema, notes


def _plan_for_the_mock(spec: Spec, schema: Any) -> tuple[Any, list[str]]:
    """What the mock can be held to, which only the document decides.

    An operation documenting no response at all has no contract to test: it is left out. One
    documenting no way to reject a request (no 4XX and no `default`) cannot be asked to: every
    rejection would be undocumented and every acceptance a failure to reject. Only schema-valid
    requests are sent to it. Both are said in the report; against a real server nothing is left out.
    """
    from schemathesis.config import GenerationConfig, OperationConfig
    from schemathesis.filters import FilterSet
    from schemathesis.generation.modes import GenerationMode

    notes = []
    for operation in spec.operations:
        if not operation.responses:
            schema = schema.exclude(method=operation.method, path=operation.path)
            notes.append(f"{operation.key} documents no response: not fuzzed (no contract to hold it to)")
            continue
        reason: str | None = None
        if not any(r.status == "default" or r.status.startswith("4") for r in operation.responses):
            reason = "documents no client error (4XX or default)"
        else:
            reason = _ambiguous_body(spec, operation)
        if reason:
            filters = FilterSet()
            filters.include(method=operation.method, path=operation.path)
            schema.config.operations.operations.append(
                OperationConfig(filter_set=filters, generation=GenerationConfig(modes=[GenerationMode.POSITIVE]))
            )
            notes.append(f"{operation.key} {reason}: only valid requests sent")
    return schema, notes


def _ambiguous_body(spec: Spec, operation: Any) -> str | None:
    """A request body whose wire form cannot tell a valid value from an invalid one: XML, or a form or
    multipart body with object members (a flat form has no spelling for them), so invalid data in it
    cannot be told apart from valid data by anyone reading the request."""
    for name, media in operation.request_body.items():
        base = name.split(";", 1)[0].strip().lower()
        if base.endswith("xml"):
            return "takes an XML body (its negative cases do not survive serialisation)"
        if base == "application/x-www-form-urlencoded" or base.startswith("multipart/"):
            schema = spec.resolve(media.schema or {})
            properties = schema.get("properties") if isinstance(schema, Mapping) else None
            for member in (properties or {}).values():
                resolved = spec.resolve(member)
                items = spec.resolve(resolved.get("items") or {}) if isinstance(resolved, Mapping) else {}
                if any(
                    isinstance(s, Mapping) and ("properties" in s or s.get("type") == "object")
                    for s in (resolved, items)
                ):
                    return "takes a form body with object members (which a flat form cannot spell)"
    return None


def _json(document: Mapping[str, Any]) -> dict[str, Any]:
    import json

    return json.loads(json.dumps(document))  # type: ignore[no-any-return]


def _failures(recorder: Any, origin: str) -> list[FuzzFailure]:
    """Failures with a command that reproduces each, against the server (or the mock) that answered."""
    from schemathesis.engine import Status

    found = []
    for nodes in recorder.checks.values():
        for node in nodes:
            if node.status != Status.FAILURE or node.failure_info is None:
                continue
            failure = node.failure_info.failure
            curl = node.failure_info.code_sample
            curl = curl.replace(IN_PROCESS_ORIGIN, origin).replace("http://localhost", origin)
            found.append(
                FuzzFailure(
                    operation=str(recorder.label),
                    check=str(node.name),
                    code=str(getattr(failure, "code", "")),
                    title=redact_text(str(failure.title)),
                    message=redact_text(str(failure.message)),
                    curl=redact_text(curl),
                )
            )
    return found


def _unique(failures: list[FuzzFailure]) -> list[FuzzFailure]:
    seen: set[tuple[str, str, str, str]] = set()
    kept = []
    for failure in failures:
        key = (failure.operation, failure.check, failure.code, failure.title)
        if key not in seen:
            seen.add(key)
            kept.append(failure)
    return kept
