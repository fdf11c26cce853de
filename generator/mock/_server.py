"""The mock's behaviour, independent of any server: a request in, the answer the spec documents out.

Answers come from recorded fixtures, else the spec's examples, else a value built from the schema.
Refusals (401/403 from `security`, 400 for a parameter or body that breaks its schema, 415 for an
undeclared media type, 404 for an id no fixture or example knows, 429 past `--throttle`) are built
from what the operation documents for that status (the exact status, else a range such as `4XX`,
else `default`): its media type, its example or its schema. A refusal the operation cannot document
is not invented: the documented success is served instead. Before sending, every answer is held
against the contract with the project's own validator; one that would break it becomes a 500 and
a log line. The same request always gives the same bytes.
"""

from __future__ import annotations

import email.parser
import email.policy
import hashlib
import json
import logging
import threading
import uuid
import xml.parsers.expat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from http.cookies import CookieError, SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

from ..errors import InputError
from ..exchanges import NO_BODY, Exchange, read_exchanges
from ..findings import Severity
from ..limits import REQUEST_READ_TIMEOUT
from ..redaction import redact_text
from ..schema import SampleError, cast_text, errors_of, sample
from ..spec import MediaType, Operation, Parameter, Spec, is_json_media
from ..spec import Response as Documented
from ..validation import ContractValidator
from ._auth import Credentials, Verdict, authorize
from ._tokens import Bucket, Token

__all__ = ["MockConfig", "MockServer"]

log = logging.getLogger("qrcontract.mock")


@dataclass(frozen=True)
class MockConfig:
    fixtures: tuple[Path, ...] = ()
    tokens: Mapping[str, Token] = field(default_factory=dict)
    only_credentials: frozenset[str] = frozenset()  # fuzz mode: nothing else is a valid credential
    throttle: float | None = None  # requests per second; None: never throttle
    seed: int = 0
    read_timeout: float = REQUEST_READ_TIMEOUT  # seconds for a request head or body to arrive


@dataclass
class _Reply:
    status: int
    body: Any = NO_BODY
    headers: dict[str, str] = field(default_factory=dict)
    media: str | None = None
    unchecked: bool = False  # an answer the contract says nothing about (see `_refusal`, `_success`)


class _NotDocumented(Exception):
    """A refusal the operation does not document: the mock serves the success instead."""


class MockServer:
    """The mock's behaviour, independent of any server: `handle` maps a request to a response."""

    def __init__(self, spec: Spec, config: MockConfig | None = None) -> None:
        self.spec = spec
        self.config = config or MockConfig()
        self.validator = ContractValidator(spec)
        self.credentials = Credentials(self.config.tokens, self.config.only_credentials)
        self._bucket = Bucket(self.config.throttle) if self.config.throttle else None
        self._recorded: dict[tuple[str, str], Exchange] = {}
        self._known: dict[str, set[str]] = {}
        self._deleted: dict[str, None] = {}  # resources a DELETE removed (the newest 10,000): later requests get 404
        self._lock = threading.Lock()
        for operation in spec.operations:
            for param in operation.parameters_in("path"):
                if param.example is not None:
                    self._known.setdefault(param.name, set()).add(str(param.example).lower())
        if self.config.fixtures:
            self._load_fixtures(self.config.fixtures)

    def _load_fixtures(self, paths: tuple[Path, ...]) -> None:
        for item in read_exchanges(paths):
            if isinstance(item, InputError):
                raise item
            if not isinstance(item, Exchange) or not 200 <= item.status < 300:
                continue
            match = self.spec.router.match(item.method, item.url)
            if match.operation is None:
                continue
            path, _ = self.spec.router.relative(item.url)
            self._recorded.setdefault((match.operation.key, path.lower()), item)
            for name, value in match.values.items():
                self._known.setdefault(name, set()).add(value.lower())

    # The request, step by step.

    def handle(
        self, method: str, raw_path: str, query: str, headers: Mapping[str, str], body: bytes = b""
    ) -> tuple[int, dict[str, str], bytes]:
        client_request_id = headers.get("client-request-id") or ""
        seed = f"{self.config.seed}|{method}|{raw_path}?{query}|{client_request_id}|{headers.get('authorization', '')}"
        request_id = str(uuid.UUID(bytes=hashlib.sha256(seed.encode()).digest()[:16], version=4))
        match = self.spec.router.match(method, raw_path)
        operation = match.operation
        resource = self.spec.router.relative(raw_path)[0].rstrip("/").lower()
        try:
            reply = self._reply(method, operation, match, query, headers, body, resource)
        except SampleError as exc:
            log.error("qrcontract mock: cannot build an answer for %s %s: %s", method, redact_text(raw_path), exc)
            reply = _plain_error(500, "generalException", f"The mock cannot build an answer: {exc}")
        reply.headers = {
            "request-id": request_id,
            "client-request-id": client_request_id or request_id,
            **reply.headers,
        }
        if reply.status >= 400 and isinstance(reply.body, dict) and isinstance(reply.body.get("error"), dict):
            reply.body["error"].setdefault("innerError", {})
            if isinstance(reply.body["error"]["innerError"], dict):
                reply.body["error"]["innerError"].update(
                    {"request-id": request_id, "client-request-id": reply.headers["client-request-id"]}
                )
            if operation is not None:
                self._fit_error(operation, reply)
        if operation is not None and 200 <= reply.status < 300:
            with self._lock:
                if method.upper() == "DELETE":
                    self._deleted[resource] = None
                    if len(self._deleted) > 10_000:
                        del self._deleted[next(iter(self._deleted))]
                elif method.upper() in ("PUT", "POST"):
                    # What a PUT writes, or a POST creates under a collection, exists again (the mock's
                    # answers reuse ids, so a created resource may carry a deleted one's id).
                    for deleted in [d for d in self._deleted if d == resource or d.startswith(resource + "/")]:
                        del self._deleted[deleted]
        content = _encode(reply)
        if content or reply.body is not NO_BODY:
            reply.headers["content-type"] = reply.media or "application/json"
        checked = (
            self._self_check(method, raw_path, query, reply, content)
            if operation is not None and not reply.unchecked
            else None
        )
        if checked is not None:
            return checked
        return reply.status, reply.headers, b"" if method.upper() == "HEAD" else content

    def _reply(
        self,
        method: str,
        operation: Operation | None,
        match: Any,
        query: str,
        headers: Mapping[str, str],
        body: bytes,
        resource: str,
    ) -> _Reply:
        if not match.in_server:
            return _plain_error(404, "Request_ResourceNotFound", "Resource not found: this service lives elsewhere.")
        if operation is None:
            if match.allowed:
                reply = _plain_error(405, "Request_BadRequest", f"The HTTP method '{method}' is not allowed here.")
                reply.headers["allow"] = ", ".join(match.allowed)
                return reply
            return _plain_error(
                404, "Request_ResourceNotFound", f"Resource not found for the segment '{match.template}'."
            )
        refusals: tuple[Callable[[], _Reply | None], ...] = (
            lambda: self._throttled(operation),
            lambda: self._authorized(operation, headers, query),
            lambda: self._check_parameters(operation, match.values, query, headers),
            lambda: self._check_body(operation, headers, body),
            lambda: self._known_ids(operation, match.values),
            lambda: self._gone(operation, resource),
        )
        for refusal in refusals:
            try:
                refused = refusal()
            except _NotDocumented:
                continue
            if refused is not None:
                return refused
        return self._success(operation, match.values, query)

    def _throttled(self, operation: Operation) -> _Reply | None:
        if self._bucket is None or operation.response_for(429) is None:
            return None
        wait = self._bucket.take()
        if wait is None:
            return None
        reply = self._error(operation, 429, "TooManyRequests", "Please retry again later.")
        reply.headers["retry-after"] = str(max(1, int(wait + 0.999)))
        return reply

    def _authorized(self, operation: Operation, headers: Mapping[str, str], query: str) -> _Reply | None:
        verdict = authorize(self.spec, operation, headers, query, self.credentials)
        if verdict is Verdict.ALLOWED:
            return None
        # A request without the credentials the operation declares has left the contract first: it is
        # refused even where the operation documents no 401/403 (serving data would ignore `security`).
        if verdict is Verdict.UNAUTHENTICATED:
            message = "Access token is empty." if not headers.get("authorization") else "The credential is not valid."
            return self._refusal(operation, 401, "InvalidAuthenticationToken", message)
        return self._refusal(
            operation, 403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation."
        )

    def _gone(self, operation: Operation, resource: str) -> _Reply | None:
        """A resource an earlier DELETE removed stays removed (until a PUT or POST makes it again)."""
        with self._lock:
            gone = any(resource == deleted or resource.startswith(deleted + "/") for deleted in self._deleted)
        if not gone or operation.method in ("PUT", "POST"):
            return None
        return self._error(operation, 404, "Request_ResourceNotFound", "The resource was deleted.")

    def _known_ids(self, operation: Operation, values: Mapping[str, str]) -> _Reply | None:
        for name, value in values.items():
            known = self._known.get(name)
            if known and value.lower() not in known:
                return self._error(
                    operation,
                    404,
                    "Request_ResourceNotFound",
                    f"Resource '{value}' does not exist or one of its queried reference-property objects are not present.",
                )
        return None

    def _refusal(self, operation: Operation, status: int, code: str, message: str) -> _Reply:
        """An auth refusal: as documented when the operation documents it, else a plain one, unchecked."""
        try:
            return self._error(operation, status, code, message)
        except _NotDocumented:
            reply = _plain_error(status, code, message)
            reply.unchecked = True
            return reply

    def _error(self, operation: Operation, status: int, code: str, message: str) -> _Reply:
        """The refusal as the operation documents it; `_NotDocumented` when it documents nothing that fits.

        A malformed request (400, 413, 415) the operation has no status for is refused with the client
        error it does document (422, 409, 404, ...): the document allows that answer, and only that.
        """
        documented = operation.response_for(status)
        if documented is None and status in (400, 413, 415):
            others = sorted(
                (r for r in operation.responses if r.status.isdigit() and r.status.startswith("4")),
                key=lambda r: (r.status not in ("400", "422"), r.status),
            )
            if others:
                documented, status = others[0], int(others[0].status)
        if documented is None:
            raise _NotDocumented
        reply = _plain_error(status, code, message)
        media = _pick_media(documented)
        if media is None:
            reply.body = NO_BODY
            return self._with_headers(documented, reply)
        reply.media = _concrete(media.name, reply.body)
        if not is_json_media(reply.media):
            reply.body = message if reply.media.startswith("text/") else NO_BODY
        return self._with_headers(documented, reply)

    def _fit_error(self, operation: Operation, reply: _Reply) -> None:
        """Graph's OData error body, unless the spec documents this error otherwise: another schema wins."""
        documented = operation.response_for(reply.status)
        media = _pick_media(documented) if documented is not None else None
        if media is None or media.schema is None or not is_json_media(reply.media or media.name):
            return
        if not self.validator.schemas.validator(f"{media.pointer}/schema", media.schema).is_valid(reply.body):
            example = next(iter(media.examples.values()), None)
            reply.body = example if example is not None else sample(self.spec, media.schema)

    # Parameters and bodies

    def _check_parameters(
        self, operation: Operation, path_values: Mapping[str, str], query: str, headers: Mapping[str, str]
    ) -> _Reply | None:
        pairs = parse_qsl(query, keep_blank_values=True)
        declared = {p.name for p in operation.parameters_in("query")}
        for name, _ in pairs:
            if name.startswith("$") and name not in declared:
                return self._error(
                    operation, 400, "BadRequest", f"Query option '{name}' is not allowed for this resource."
                )
        cookies = _cookies(headers.get("cookie", ""))
        for param in operation.parameters:
            raw = _raw_values(param, path_values, pairs, headers, cookies)
            if raw is None:
                if param.required:
                    return self._error(
                        operation, 400, "BadRequest", f"The {param.location} parameter '{param.name}' is required."
                    )
                continue
            problem = self._parameter_problem(param, raw)
            if problem is not None:
                return self._error(operation, 400, "BadRequest", problem)
        return None

    def _parameter_problem(self, param: Parameter, raw: list[str]) -> str | None:
        schema = param.schema
        if not schema:
            return None
        kind = schema.get("type")
        if kind == "array" or (isinstance(kind, list) and "array" in kind):
            items_schema = self.spec.resolve(schema.get("items") or {})
            separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(param.style, ",")
            explode = param.explode and param.location in ("query", "cookie")
            items = [v for value in raw for v in ([value] if explode else value.split(separator)) if value != ""]
            value: Any = [cast_text(item, items_schema) for item in items]
        elif kind == "object" and param.style == "deepObject":
            return None  # deepObject members are checked by their own names, which the wire spreads out
        else:
            value = cast_text(raw[-1], schema)
        validator = self.validator.schemas.validator(param.schema_pointer or f"{param.pointer}/schema", schema)
        if validator.is_valid(value):
            return None
        items_enum = self.spec.resolve(schema.get("items") or {}).get("enum") if isinstance(value, list) else None
        if items_enum and isinstance(value, list):
            unknown = [v for v in value if v not in items_enum]
            if unknown:
                listed = ", ".join(map(str, items_enum))
                return f"Could not find a property named '{unknown[0]}' for {param.name}; expected one of {listed}."
        return f"Invalid value for the {param.location} parameter '{param.name}': {json.dumps(value)[:80]}."

    def _check_body(self, operation: Operation, headers: Mapping[str, str], body: bytes) -> _Reply | None:
        """A request body must be declared, of a declared media type, and valid against its schema."""
        if not operation.request_body:
            return None
        if not body:
            if operation.request_body_required:
                return self._error(operation, 400, "BadRequest", "A request body is required.")
            return None
        content_type = headers.get("content-type", "")
        media = _accepting(operation.request_body, content_type)
        if media is None:
            shown = content_type.split(";", 1)[0].strip() or "(none)"
            return self._error(operation, 415, "UnsupportedMediaType", f"Content type '{shown}' is not accepted here.")
        try:
            value = _decode_request(media, content_type, body, self.spec)
        except ValueError as exc:
            return self._error(operation, 400, "BadRequest", f"The request body is not valid: {exc}"[:300])
        if value is NO_BODY or media.schema is None:
            return None
        validator = self.validator.schemas.validator(f"{media.pointer}/schema", media.schema)
        if not validator.is_valid(value):
            try:
                first = errors_of(validator, value)[0]
            except RecursionError:
                return self._error(operation, 400, "BadRequest", "The request body nests too deeply to check.")
            where = "".join(f"/{p}" for p in first.instance_path) or "/"
            return self._error(operation, 400, "BadRequest", f"Invalid request body at {where}: {first.message}"[:300])
        return None

    # Success

    def _success(self, operation: Operation, values: Mapping[str, str], query: str) -> _Reply:
        path_key = operation.path
        for name, value in values.items():
            path_key = path_key.replace("{" + name + "}", value)
        recorded = self._recorded.get((operation.key, path_key.lower()))
        if recorded is not None and recorded.content_type and "json" in recorded.content_type:
            try:
                body = recorded.json_body()
            except ValueError:
                body = NO_BODY
            if body is not NO_BODY:
                return _Reply(recorded.status, self._select(operation, body, query), media=recorded.content_type)
        responses = operation.success_responses
        if not operation.responses:
            return _Reply(200, unchecked=True)  # nothing is documented: there is no contract to break
        if not responses:
            return _Reply(200)
        documented = responses[0]
        status = int(documented.status) if documented.status.isdigit() else 200
        media = _pick_media(documented)
        if media is None:
            return self._with_headers(documented, _Reply(status))
        if media.examples:
            body = self._example(operation, media.examples)
        elif media.schema is not None:
            body = sample(self.spec, media.schema)
        else:
            body = NO_BODY
        reply = _Reply(status, self._select(operation, body, query), media=_concrete(media.name, body))
        if body is not NO_BODY and not is_json_media(reply.media or "") and not isinstance(body, (str, bytes)):
            reply.body = "" if body is None else str(body)
        return self._with_headers(documented, reply)

    def _with_headers(self, documented: Documented, reply: _Reply) -> _Reply:
        """Headers the spec requires on this response, with values built from their schemas."""
        for header in documented.headers:
            if header.required and header.name.lower() not in reply.headers:
                value = sample(self.spec, header.schema) if header.schema else "x"
                reply.headers[header.name.lower()] = _header_text(value)
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
        required: set[str] = set()
        for documented in operation.success_responses:
            for media in documented.content.values():
                resolved = self.spec.resolve(media.schema or {})
                required |= set(resolved.get("required") or []) if isinstance(resolved, Mapping) else set()
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
            body=content if content or reply.body is not NO_BODY else NO_BODY,
        )
        result = self.validator.validate(exchange)
        if result.operation is None or result.ok:
            return None
        for violation in result.violations:
            if violation.severity is Severity.ERROR:
                log.error(
                    "qrcontract mock: refusing to send a response that breaks the contract: %s",
                    redact_text(result.line(violation)),
                )
        body = {
            "error": {
                "code": "generalException",
                "message": "The mock's response would break the contract; see the mock's log.",
            }
        }
        headers = {k: v for k, v in reply.headers.items() if k not in ("retry-after", "content-type")}
        return 500, {**headers, "content-type": "application/json"}, json.dumps(body).encode()


def _plain_error(status: int, code: str, message: str) -> _Reply:
    return _Reply(status, {"error": {"code": code, "message": message}}, media="application/json")


def _pick_media(documented: Documented | None) -> MediaType | None:
    """The media type to answer with: JSON first, else the first declared."""
    if documented is None or not documented.content:
        return None
    for name, media in documented.content.items():
        if is_json_media(name):
            return media
    return next(iter(documented.content.values()))


def _concrete(name: str, body: Any) -> str:
    """A sendable Content-Type for a declared one (`*/*`, `text/*`, `application/json; charset=utf-8`)."""
    base = name.split(";", 1)[0].strip().lower()
    if base in ("*/*", "application/*"):
        return (
            "application/json" if not isinstance(body, (str, bytes)) or body is NO_BODY else "application/octet-stream"
        )
    if base.endswith("/*"):
        return base[:-1] + ("plain" if base.startswith("text/") else "octet-stream")
    return base


def _encode(reply: _Reply) -> bytes:
    if reply.body is NO_BODY:
        return b""
    if isinstance(reply.body, bytes):
        return reply.body
    media = reply.media or "application/json"
    if is_json_media(media):
        return json.dumps(reply.body, ensure_ascii=False, separators=(",", ":")).encode()
    if isinstance(reply.body, str):
        return reply.body.encode()
    return json.dumps(reply.body, ensure_ascii=False).encode()


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return ",".join(_header_text(v) for v in value)
    return str(value)


def _cookies(text: str) -> dict[str, str]:
    try:
        cookie = SimpleCookie(text)
    except CookieError:
        return {}
    return {name: morsel.value for name, morsel in cookie.items()}


def _raw_values(
    param: Parameter,
    path_values: Mapping[str, str],
    pairs: list[tuple[str, str]],
    headers: Mapping[str, str],
    cookies: Mapping[str, str],
) -> list[str] | None:
    if param.location == "path":
        return [path_values[param.name]] if param.name in path_values else None
    if param.location == "query":
        if param.style == "deepObject":
            found = [v for k, v in pairs if k.startswith(f"{param.name}[")]
            return found or None
        return [v for k, v in pairs if k == param.name] or None
    if param.location == "header":
        return [headers[param.name.lower()]] if param.name.lower() in headers else None
    if param.location == "cookie":
        return [cookies[param.name]] if param.name in cookies else None
    return None


def _accepting(declared: Mapping[str, MediaType], content_type: str) -> MediaType | None:
    """The declared request media type a Content-Type falls under (exact, `type/*`, `*/*`)."""
    wanted = content_type.split(";", 1)[0].strip().lower()
    by_name = {name.split(";", 1)[0].strip().lower(): media for name, media in declared.items()}
    if not wanted:
        return by_name.get("*/*")
    return by_name.get(wanted) or by_name.get(wanted.split("/", 1)[0] + "/*") or by_name.get("*/*")


def _decode_request(media: MediaType, content_type: str, body: bytes, spec: Spec) -> Any:
    """The request body as the JSON value its schema describes; ValueError when it cannot be read."""
    base = content_type.split(";", 1)[0].strip().lower()
    if is_json_media(base):
        try:
            return json.loads(body)
        except (ValueError, RecursionError):
            raise ValueError("it is not JSON") from None
    if base == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=bool(body))
        except (UnicodeDecodeError, ValueError):
            raise ValueError("it is not form data") from None
        return _form_object(pairs, media, spec)
    if base.startswith("multipart/"):
        return _form_object(_multipart(content_type, body), media, spec)
    if base in ("application/xml", "text/xml") or base.endswith("+xml"):
        root = _parse_xml(body)
        return _from_element(root, spec.resolve(media.schema or {}), spec, 0)
    return NO_BODY  # bytes and text: the media type was declared; the schema describes no structure to check


def _form_object(pairs: list[tuple[str, str]], media: MediaType, spec: Spec) -> dict[str, Any]:
    """Form fields as the object their schema describes: repeated names are an array (so is a single
    one, for an array property), and an array property sent with no value is the empty array (a form
    cannot say `[]`)."""
    schema = spec.resolve(media.schema or {})
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    properties = properties if isinstance(properties, Mapping) else {}
    value: dict[str, Any] = {}
    for name, text in pairs:
        sub = spec.resolve(properties.get(name) or {})
        sub = sub if isinstance(sub, Mapping) else {}
        items = spec.resolve(sub.get("items") or {}) if _is_array(sub) else None
        if _is_structured(sub) or (isinstance(items, Mapping) and _is_structured(items)):
            continue  # objects have no flat form spelling (without `encoding`): not held to their schema
        if items is not None:
            value.setdefault(name, []).append(cast_text(text, items))
        else:
            value[name] = cast_text(text, sub)
    for name, sub in properties.items():
        resolved = spec.resolve(sub)
        if name not in value and isinstance(resolved, Mapping) and (_is_array(resolved) or _is_structured(resolved)):
            value[name] = [] if _is_array(resolved) else {}
    return value


def _is_structured(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind) or "properties" in schema


def _is_array(schema: Mapping[str, Any]) -> bool:
    kind = schema.get("type")
    return kind == "array" or (isinstance(kind, list) and "array" in kind)


def _multipart(content_type: str, body: bytes) -> list[tuple[str, str]]:
    parser = email.parser.BytesParser(policy=email.policy.HTTP)
    message = parser.parsebytes(b"Content-Type: " + content_type.encode("latin-1", "replace") + b"\r\n\r\n" + body)
    if not message.is_multipart():
        raise ValueError("it is not multipart data")
    pairs = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not name:
            raise ValueError("a part has no name")
        payload = part.get_payload(decode=True)
        payload = payload if isinstance(payload, bytes) else b""
        pairs.append((str(name), payload.decode("utf-8", "replace")))
    return pairs


def _parse_xml(body: bytes) -> Any:
    """Well-formed XML, without a DTD (no entities to expand, nothing external to fetch)."""
    import xml.etree.ElementTree as ET

    parser = xml.parsers.expat.ParserCreate()

    def refuse(*_: Any) -> None:
        raise ValueError("a DTD is not accepted")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse  # type: ignore[assignment]
    try:
        parser.Parse(body, True)
        return ET.fromstring(body)
    except (xml.parsers.expat.ExpatError, ET.ParseError) as exc:
        raise ValueError(f"it is not well-formed XML ({exc})") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _from_element(element: Any, schema: Any, spec: Spec, depth: int) -> Any:
    """An XML element read as the JSON value its schema describes (OpenAPI's `xml` names and wrapping)."""
    if depth > 64 or not isinstance(schema, Mapping):
        return element.text or ""
    properties = schema.get("properties")
    if isinstance(properties, Mapping) or schema.get("type") == "object":
        if len(element) == 0 and not element.attrib and (element.text or "").strip():
            return cast_text(element.text.strip(), {"type": ["boolean", "number"]})  # text where members belong
        value: dict[str, Any] = {}
        for name, raw in (properties or {}).items():
            sub = spec.resolve(raw)
            sub = sub if isinstance(sub, Mapping) else {}
            found_xml = sub.get("xml")
            xml_info: Mapping[str, Any] = found_xml if isinstance(found_xml, Mapping) else {}
            tag = str(xml_info.get("name") or name)
            if xml_info.get("attribute"):
                found = next((v for k, v in element.attrib.items() if _local(k) == tag), None)
                if found is not None:
                    value[name] = cast_text(found, sub)
            elif _is_array(sub):
                items = spec.resolve(sub.get("items") or {})
                items = items if isinstance(items, Mapping) else {}
                found_item_xml = items.get("xml")
                item_xml: Mapping[str, Any] = found_item_xml if isinstance(found_item_xml, Mapping) else {}
                item_tag = str(item_xml.get("name") or tag)
                container = element
                if xml_info.get("wrapped"):
                    container = next((c for c in element if _local(c.tag) == tag), None)
                if container is not None:
                    children = [c for c in container if _local(c.tag) == item_tag]
                    if children or xml_info.get("wrapped"):
                        value[name] = [_from_element(c, items, spec, depth + 1) for c in children]
            else:
                child = next((c for c in element if _local(c.tag) == tag), None)
                if child is not None:
                    value[name] = _from_element(child, sub, spec, depth + 1)
        return value
    return cast_text(element.text or "", schema)
