"""An embedded mock of the API, built from the spec at start-up: Graph's behaviour for every operation.

Every operation is served from recorded fixtures (`--fixtures`) or the spec's examples. Graph's
behaviour comes from the spec too: bearer auth and scopes from `security` (401, 403, delegated-only
operations), 405 with `Allow` for other methods on a known path, 400 for a parameter that breaks its
schema (an unknown `$select` member), 404 for an id no fixture or example knows, `request-id` and
echoed `client-request-id` on every response, and optional throttling (429 with `Retry-After`).
Before sending, each response is validated with the project's own validator; one that would break
the contract becomes a 500 and a log line. Responses are deterministic: the same request gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from .errors import InputError
from .exchange import Exchange
from .instances import instance
from .report import text_line
from .schemas import cast_text
from .spec import Operation, Parameter, Spec
from .spec import Response as DocumentedResponse
from .validate import ContractValidator

__all__ = ["MockConfig", "MockServer", "Token", "build_app", "load_tokens", "parse_throttle", "parse_token"]

log = logging.getLogger("qrcontract.mock")
ALL_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]
_DELEGATED_FLOWS = ("authorizationCode", "implicit", "password")
_APPLICATION_FLOWS = ("clientCredentials",)


@dataclass(frozen=True)
class Token:
    """A named bearer token the mock knows: delegated (a signed-in user) or application, with its scopes."""

    name: str
    kind: str = "delegated"
    scopes: frozenset[str] = frozenset()


def parse_token(text: str) -> Token:
    """`NAME=SCOPE,SCOPE` (delegated) or `NAME=app:SCOPE,...` (application)."""
    name, sep, rest = text.partition("=")
    if not sep or not name.strip():
        raise InputError("--token", f"{text!r} is not NAME=SCOPE,... or NAME=app:SCOPE,...")
    kind = "delegated"
    if rest.startswith(("app:", "application:")):
        kind, rest = "application", rest.split(":", 1)[1]
    elif rest.startswith("delegated:"):
        rest = rest.split(":", 1)[1]
    return Token(name.strip(), kind, frozenset(s.strip() for s in rest.split(",") if s.strip()))


def parse_throttle(text: str) -> float:
    """`5/s`, `300/m` or a plain number of requests a second."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/\s*(s|m|min))?\s*", text)
    if match is None or float(match.group(1)) <= 0:
        raise InputError("--throttle", f"{text!r} is not a rate such as 5/s or 300/m")
    rate = float(match.group(1))
    return rate / 60 if match.group(2) in ("m", "min") else rate


def load_tokens(path: Path) -> dict[str, Token]:
    """Named tokens from YAML: `{reader: {kind: application, scopes: [UserAuthenticationMethod.Read.All]}}`."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"cannot read the tokens file: {exc}") from None
    if not isinstance(data, dict):
        raise InputError(str(path), "the tokens file must map token names to {kind, scopes}")
    tokens = {}
    for name, raw in data.items():
        entry = raw or {}
        kind = str(entry.get("kind", "delegated"))
        if kind not in ("delegated", "application") or not isinstance(entry.get("scopes", []), list):
            raise InputError(
                str(path), f"token {name!r}: kind must be delegated or application, scopes a list", f"/{name}"
            )
        tokens[str(name)] = Token(str(name), kind, frozenset(map(str, entry.get("scopes", []))))
    return tokens


@dataclass(frozen=True)
class MockConfig:
    fixtures: tuple[Path, ...] = ()
    tokens: Mapping[str, Token] = field(default_factory=dict)
    api_keys: frozenset[str] = frozenset()  # empty: any non-empty API key is accepted
    throttle: float | None = None  # requests per second; None: never throttle
    seed: int = 0


@dataclass
class _Reply:
    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


class _Bucket:
    """A token bucket: `rate` requests a second, bursts up to `rate`."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self.tokens = rate
        self.stamp = time.monotonic()
        self.lock = threading.Lock()

    def take(self) -> float | None:
        """None when the request may pass, else the seconds until it could."""
        with self.lock:
            now = time.monotonic()
            self.tokens = min(self.rate, self.tokens + (now - self.stamp) * self.rate)
            self.stamp = now
            if self.tokens >= 1:
                self.tokens -= 1
                return None
            return (1 - self.tokens) / self.rate


class MockServer:
    """The mock's behaviour, independent of any server: `handle` maps a request to a response."""

    def __init__(self, spec: Spec, config: MockConfig | None = None) -> None:
        self.spec = spec
        self.config = config or MockConfig()
        self.validator = ContractValidator(spec)
        self._bucket = _Bucket(self.config.throttle) if self.config.throttle else None
        self._recorded: dict[tuple[str, str], Exchange] = {}
        self._known: dict[str, set[str]] = {}
        self._collect_known_values()
        if self.config.fixtures:
            self._load_fixtures(self.config.fixtures)

    def _collect_known_values(self) -> None:
        for operation in self.spec.operations:
            for param in operation.parameters_in("path"):
                if param.example is not None:
                    self._known.setdefault(param.name, set()).add(str(param.example).lower())

    def _load_fixtures(self, paths: Iterable[Path]) -> None:
        from .fixtures import read_exchanges

        for item in read_exchanges(paths):
            if isinstance(item, InputError):
                raise item
            operation, _, _ = self.validator.route(item.method, item.url)
            if operation is None or not 200 <= item.status < 300:
                continue
            path = self._relative_path(item.url)
            self._recorded.setdefault((operation.key, path.lower()), item)
            for name, value in self._path_values(operation, path).items():
                self._known.setdefault(name, set()).add(value.lower())

    def _relative_path(self, url: str) -> str:
        path = re.sub(r"^[a-z]+://[^/]+", "", url).split("?", 1)[0]
        prefix = self.spec.server_path
        return path[len(prefix) :] if prefix and path.startswith(prefix + "/") else path

    @staticmethod
    def _path_values(operation: Operation, path: str) -> dict[str, str]:
        names = re.findall(r"\{([^}/]+)\}", operation.path)
        pattern = re.sub(r"\\\{[^}/]+\\\}", "([^/]+)", re.escape(operation.path))
        match = re.match(f"^{pattern}/?$", path)
        return {name: unquote(value) for name, value in zip(names, match.groups(), strict=True)} if match else {}

    # The request path, step by step, as Graph answers it.

    def handle(
        self, method: str, raw_path: str, query: str, headers: Mapping[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        client_request_id = headers.get("client-request-id") or ""
        seed = f"{self.config.seed}|{method}|{raw_path}?{query}|{client_request_id}|{headers.get('authorization', '')}"
        request_id = str(uuid.UUID(bytes=hashlib.sha256(seed.encode()).digest()[:16], version=4))
        reply = self._reply(method, raw_path, query, headers, body)
        base = {"request-id": request_id, "client-request-id": client_request_id or request_id}
        reply.headers = {**base, **reply.headers}
        if reply.status >= 400 and isinstance(reply.body, dict) and "error" in reply.body:
            reply.body["error"]["innerError"] = {
                "request-id": request_id,
                "client-request-id": base["client-request-id"],
            }
            self._fit_error_body(method, raw_path, reply)
        content = (
            b"" if reply.body is None else json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode()
        )
        if content:
            reply.headers["content-type"] = "application/json"
        checked = self._self_check(method, raw_path, query, reply, content)
        if checked is not None:
            return checked
        return reply.status, reply.headers, b"" if method == "HEAD" else content

    def _fit_error_body(self, method: str, raw_path: str, reply: _Reply) -> None:
        """Graph's OData error body, unless the spec documents this error otherwise: no body, or another schema."""
        prefix = self.spec.server_path
        path = raw_path[len(prefix) :] if prefix and raw_path.startswith(prefix + "/") else raw_path
        operation, _, _ = self.validator.route(method, path)
        response = operation.response_for(reply.status) if operation is not None else None
        if response is None:
            return
        if not response.content:
            reply.body = None
            return
        media = response.content.get("application/json")
        if media is None or media.schema is None:
            return
        if not self.validator.schemas.validator(f"{media.pointer}/schema", media.schema).is_valid(reply.body):
            example = next(iter(media.examples.values()), None)
            reply.body = example if example is not None else instance(self.spec, media.schema)

    def _reply(self, method: str, raw_path: str, query: str, headers: Mapping[str, str], body: bytes) -> _Reply:
        prefix = self.spec.server_path
        if prefix and not (raw_path == prefix or raw_path.startswith(prefix + "/")):
            return _error(404, "Request_ResourceNotFound", f"Resource not found: this service lives under {prefix}/.")
        path = raw_path[len(prefix) :] if prefix else raw_path
        operation, _, allowed = self.validator.route(method, path)
        if operation is None:
            if allowed:
                reply = _error(
                    405, "Request_BadRequest", f"The HTTP method '{method}' is not allowed for this resource."
                )
                reply.headers["allow"] = ", ".join(sorted(set(allowed)))
                return reply
            return _error(404, "Request_ResourceNotFound", f"Resource not found for the segment '{path}'.")
        if self._bucket is not None:
            wait = self._bucket.take()
            if wait is not None:
                reply = _error(429, "TooManyRequests", "Please retry again later.")
                reply.headers["retry-after"] = f"{max(wait, 0.001):.3f}"
                return reply
        denied = self._authorize(operation, headers, query)
        if denied is not None:
            return denied
        values = self._path_values(operation, path)
        invalid = self._check_parameters(operation, values, query, headers) or self._check_body(
            operation, headers, body
        )
        if invalid is not None:
            return invalid
        for name, value in values.items():
            known = self._known.get(name)
            if known and value.lower() not in known:
                return _error(
                    404,
                    "Request_ResourceNotFound",
                    f"Resource '{value}' does not exist or one of its queried reference-property objects are not present.",
                )
        return self._success(operation, path, query)

    def _authorize(self, operation: Operation, headers: Mapping[str, str], query: str) -> _Reply | None:
        """401 without usable credentials, 403 when they hold none of the scopes an alternative needs."""
        if not operation.security or any(not alternative for alternative in operation.security):
            return None
        presented = False
        for alternative in operation.security:
            verdicts = [self._credential(scheme, scopes, headers, query) for scheme, scopes in alternative.items()]
            presented = presented or any(v is not None for v in verdicts)
            if all(verdicts):
                return None
        if not presented:
            bearer = headers.get("authorization")
            message = "Access token is empty." if not bearer else "IDX14100: JWT is not well formed."
            return _error(401, "InvalidAuthenticationToken", message)
        return _error(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.")

    def _credential(
        self, scheme_name: str, scopes: Iterable[str], headers: Mapping[str, str], query: str
    ) -> bool | None:
        """None: no credential for this scheme; False: one that is not enough; True: one that is."""
        scheme = self.spec.security_schemes.get(scheme_name, {})
        kind = scheme.get("type")
        if kind == "apiKey":
            where = scheme.get("in")
            name = str(scheme.get("name", ""))
            if where == "header":
                value = headers.get(name.lower())
            elif where == "query":
                value = next((v for k, v in parse_qsl(query) if k == name), None)
            else:
                value = name if name in headers.get("cookie", "") else None
            valid = bool(value) and (not self.config.api_keys or value in self.config.api_keys)
            return True if valid else None  # a wrong key is no credential at all: 401, not 403
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "basic":
            return True if headers.get("authorization", "").lower().startswith("basic ") else None
        match = re.fullmatch(r"Bearer\s+(\S+)", headers.get("authorization", "").strip(), flags=re.IGNORECASE)
        if match is None:
            return None
        token = self.config.tokens.get(match.group(1))
        if token is None:
            return True  # any unnamed token is a delegated token holding every scope the spec accepts
        if kind == "oauth2":
            flows = set(scheme.get("flows", {}))
            kinds = {"delegated"} if flows & set(_DELEGATED_FLOWS) else set()
            kinds |= {"application"} if flows & set(_APPLICATION_FLOWS) else set()
            if token.kind not in kinds:
                return False
        return set(scopes) <= token.scopes

    def _check_parameters(
        self, operation: Operation, path_values: Mapping[str, str], query: str, headers: Mapping[str, str]
    ) -> _Reply | None:
        pairs = parse_qsl(query, keep_blank_values=True)
        declared = {p.name for p in operation.parameters_in("query")}
        for name, _ in pairs:
            if name.startswith("$") and name not in declared:
                return _error(400, "BadRequest", f"Query option '{name}' is not allowed for this resource.")
        for param in operation.parameters:
            if param.location == "path":
                raw: list[str] | None = [path_values[param.name]] if param.name in path_values else None
            elif param.location == "query":
                raw = [v for k, v in pairs if k == param.name] or None
            elif param.location == "header":
                raw = [headers[param.name.lower()]] if param.name.lower() in headers else None
            else:
                continue
            if raw is None:
                if param.required:
                    return _error(400, "BadRequest", f"The {param.location} parameter '{param.name}' is required.")
                continue
            problem = self._parameter_problem(param, raw)
            if problem is not None:
                return _error(400, "BadRequest", problem)
        return None

    def _check_body(self, operation: Operation, headers: Mapping[str, str], body: bytes) -> _Reply | None:
        """A request body must be declared, of a declared media type, and valid against its schema."""
        if not operation.request_body:
            return None
        if not body:
            if operation.request_body_required:
                return _error(400, "BadRequest", "A request body is required.")
            return None
        media_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        media = operation.request_body.get(media_type)
        if media is None:
            return _error(415, "UnsupportedMediaType", f"Content type '{media_type or '(none)'}' is not accepted here.")
        if media.schema is None or "json" not in media_type:
            return None
        try:
            value = json.loads(body)
        except ValueError:
            return _error(400, "BadRequest", "The request body is not JSON.")
        validator = self.validator.schemas.validator(f"{media.pointer}/schema", media.schema)
        if not validator.is_valid(value):
            first = next(iter(validator.iter_errors(value)))
            where = "".join(f"/{p}" for p in first.instance_path) or "/"
            return _error(400, "BadRequest", f"Invalid request body at {where}: {first.message}"[:300])
        return None

    def _parameter_problem(self, param: Parameter, raw: list[str]) -> str | None:
        schema = param.schema
        if schema.get("type") == "array":
            # form, explode=false: `a,b`; an empty value is the empty array.
            items = [v for value in raw if value for v in (value.split(",") if not param.explode else [value])]
            value: Any = [cast_text(item, schema.get("items") or {}) for item in items]
        else:
            value = cast_text(raw[-1], schema)
        validator = self.validator.schemas.validator(f"{param.pointer}/schema", schema)
        if validator.is_valid(value):
            return None
        enum = (schema.get("items") or {}).get("enum") if schema.get("type") == "array" else schema.get("enum")
        if enum and isinstance(value, list):
            unknown = [v for v in value if v not in enum]
            if unknown:
                return f"Could not find a property named '{unknown[0]}' for {param.name}; expected one of {', '.join(map(str, enum))}."
        return f"Invalid value for the {param.location} parameter '{param.name}': {json.dumps(value)[:80]}."

    def _success(self, operation: Operation, path: str, query: str) -> _Reply:
        success = sorted(
            (r for r in operation.responses if r.is_success and r.status.isdigit()), key=lambda r: r.status
        )
        recorded = self._recorded.get((operation.key, path.lower()))
        if recorded is not None:
            body = recorded.json_body() if recorded.content_type and "json" in recorded.content_type else None
            return _Reply(recorded.status, self._select(operation, body, query))
        if not success:
            return _Reply(200)
        response = success[0]
        for media in response.content.values():
            if media.examples:
                return self._with_headers(
                    response,
                    _Reply(
                        int(response.status), self._select(operation, self._example(operation, media.examples), query)
                    ),
                )
        for media in response.content.values():
            if media.schema is not None and "json" in media.name:
                body = instance(self.spec, media.schema)
                return self._with_headers(response, _Reply(int(response.status), self._select(operation, body, query)))
        return self._with_headers(response, _Reply(int(response.status)))

    def _with_headers(self, response: DocumentedResponse, reply: _Reply) -> _Reply:
        """Headers the spec requires on this response, with values built from their schemas."""
        for header in response.headers:
            if header.required and header.name.lower() not in reply.headers:
                value = instance(self.spec, header.schema)
                reply.headers[header.name.lower()] = "" if value is None else str(value)
        return reply

    def _example(self, operation: Operation, examples: Mapping[str, Any]) -> Any:
        """The example whose name the operation mentions, else one chosen by seed: stable per operation."""
        words = f"{operation.operation_id or ''} {operation.path}".lower()
        named = [name for name in examples if name.lower() in words]
        if named:
            return json.loads(json.dumps(examples[named[0]]))
        names = sorted(examples)
        digest = hashlib.sha256(f"{self.config.seed}|{operation.key}".encode()).digest()
        return json.loads(json.dumps(examples[names[digest[0] % len(names)]]))

    def _select(self, operation: Operation, body: Any, query: str) -> Any:
        """OData `$select`: only the members asked for, with annotations and required members kept."""
        chosen = [v for k, v in parse_qsl(query) if k == "$select"]
        if not chosen or not isinstance(body, dict) or not any(p.name == "$select" for p in operation.parameters):
            return body
        wanted = {member for value in chosen for member in value.split(",")}
        response = operation.response_for(200)
        required: set[str] = set()
        if response is not None:
            for media in response.content.values():
                required |= set(self.validator.schemas.resolve(media.schema or {}).get("required") or [])
        return {k: v for k, v in body.items() if k in wanted or k in required or k.startswith("@odata.")}

    def _self_check(
        self, method: str, raw_path: str, query: str, reply: _Reply, content: bytes
    ) -> tuple[int, dict[str, str], bytes] | None:
        """The mock never sends what breaks the contract: such a response becomes a 500 and a log line."""
        exchange = Exchange(
            method,
            raw_path + (f"?{query}" if query else ""),
            reply.status,
            response_headers=reply.headers,
            body=content or None,
        )
        if content == b"":
            exchange = Exchange(method, exchange.url, reply.status, response_headers=reply.headers)
        result = self.validator.validate(exchange)
        if result.operation is None or result.ok:
            return None
        for violation in result.violations:
            if violation.severity == "error":
                log.error(
                    "qrcontract mock: refusing to send a response that breaks the contract: %s",
                    text_line(result, violation),
                )
        body = {
            "error": {
                "code": "generalException",
                "message": "The mock's response would break the contract; see the mock's log.",
            }
        }
        return (
            500,
            {**{k: v for k, v in reply.headers.items() if k != "retry-after"}, "content-type": "application/json"},
            json.dumps(body).encode(),
        )


def _error(status: int, code: str, message: str) -> _Reply:
    return _Reply(status, {"error": {"code": code, "message": message}})


def build_app(spec: Spec, config: MockConfig | None = None) -> Starlette:
    """The mock as a Starlette ASGI application (serve it with uvicorn, or in-process for tests and fuzzing)."""
    server = MockServer(spec, config)

    async def endpoint(request: Request) -> Response:
        headers = {k.lower(): v for k, v in request.headers.items()}
        body = await request.body()
        status, response_headers, content = server.handle(
            request.method, request.url.path, request.url.query, headers, body
        )
        return Response(content, status_code=status, headers=response_headers)

    app = Starlette(routes=[Route("/{path:path}", endpoint, methods=ALL_METHODS)])
    app.state.mock = server
    return app
