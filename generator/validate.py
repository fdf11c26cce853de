"""Hold one exchange against the contract and say, precisely, what does not conform.

`ContractValidator` is built once per spec (validators compile lazily and are cached); each
`validate(exchange)` returns an `ExchangeResult` of typed `Violation`s. Conformance is JSON Schema
validation of the body plus status, content type and headers; on top of it sit Graph's rules of
judgement: unknown members and unknown enum members are warnings (Graph types and enums are open),
and a body wrapped in `{"value": ...}` where the spec says a bare entity is one clear error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import InputError
from .exchange import NO_BODY, Exchange
from .schemas import SchemaIndex, Shape, cast_text
from .secrets import find_secrets, secret_members
from .spec import MediaType, Operation, Response, Spec

__all__ = ["ContractValidator", "ExchangeResult", "Violation", "validate_exchange", "validate_paths"]

ERROR = "error"
WARNING = "warning"
_RANK = {"type": 0, "required": 1, "format": 2, "pattern": 3}


@dataclass(frozen=True)
class Violation:
    """One way an exchange departs from the contract.

    `rule` is a stable id (`type`, `format`, `required`, `unknown-member`, `value-wrapper`, ...);
    `pointer` is a JSON pointer into the response body (or `/headers/<name>`); `spec_location` is the
    `file:line` of the schema that was broken, when known.
    """

    rule: str
    severity: str
    pointer: str
    message: str
    expected: str | None = None
    actual: str | None = None
    spec_location: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": self.severity,
            "pointer": self.pointer,
            "message": self.message,
        }
        for key, value in (("expected", self.expected), ("actual", self.actual), ("spec", self.spec_location)):
            if value is not None:
                data[key] = value
        return data


@dataclass(frozen=True)
class ExchangeResult:
    exchange: Exchange
    operation: Operation | None
    path: str
    violations: tuple[Violation, ...] = field(default=())

    @property
    def ok(self) -> bool:
        """True exactly when no violation is an error (warnings do not fail an exchange)."""
        return not any(v.severity == ERROR for v in self.violations)

    @property
    def errors(self) -> int:
        return sum(v.severity == ERROR for v in self.violations)

    @property
    def warnings(self) -> int:
        return sum(v.severity == WARNING for v in self.violations)


@dataclass(frozen=True)
class _Route:
    operation: Operation
    pattern: re.Pattern[str]
    literal: bool


class ContractValidator:
    """Validates exchanges against one spec. Build it once; `validate` is the hot path.

    `strict` turns `unknown-member` and `unknown-enum-member` warnings into errors.
    `check_secrets` reports credentials held in recorded fixtures (`secret-in-fixture`).
    """

    def __init__(self, spec: Spec, *, strict: bool = False, check_secrets: bool = False) -> None:
        self.spec = spec
        self.strict = strict
        self.check_secrets = check_secrets
        self.schemas = SchemaIndex(spec)
        self._prefix = spec.server_path
        self._routes = self._compile_routes(spec)
        self._secret_members = secret_members(spec)

    @staticmethod
    def _compile_routes(spec: Spec) -> list[_Route]:
        routes = []
        for op in spec.operations:
            parts = re.split(r"(\{[^}/]+\})", op.path)
            regex = "".join("[^/]+" if p.startswith("{") and p.endswith("}") else re.escape(p) for p in parts)
            routes.append(_Route(op, re.compile(f"^{regex}/?$"), "{" not in op.path))
        # A literal path beats a template that also matches it (`/users/me` before `/users/{id}`).
        return sorted(routes, key=lambda r: not r.literal)

    def route(self, method: str, url: str) -> tuple[Operation | None, str, list[str]]:
        """The operation for a request, the path as the spec writes it, and the methods that path allows."""
        path = _path_of(url)
        if self._prefix and (path == self._prefix or path.startswith(self._prefix + "/")):
            path = path[len(self._prefix) :] or "/"
        allowed: list[str] = []
        template = path
        for route in self._routes:
            if route.pattern.match(path):
                template = route.operation.path
                if route.operation.method == method.upper():
                    return route.operation, template, []
                allowed.append(route.operation.method)
        return None, template, allowed

    def validate(self, exchange: Exchange) -> ExchangeResult:
        violations: list[Violation] = []
        if self.check_secrets:
            violations += find_secrets(exchange, self._secret_members)
        operation, path, allowed = self.route(exchange.method, exchange.url)
        if operation is None:
            if allowed:
                message = (
                    f"the spec has no {exchange.method.upper()} for {path} (it has {', '.join(sorted(set(allowed)))})"
                )
            else:
                message = f"no operation in the spec has the path {path}"
            violations.append(Violation("unknown-operation", ERROR, "", message))
            return ExchangeResult(exchange, None, path, tuple(violations))
        response = operation.response_for(exchange.status)
        if response is None:
            documented = ", ".join(r.status for r in operation.responses)
            violations.append(
                Violation(
                    "undocumented-status",
                    ERROR,
                    "",
                    f"status {exchange.status} is not documented for {operation.operation_id or operation.key} "
                    f"(documented: {documented})",
                    expected=documented,
                    actual=str(exchange.status),
                    spec_location=self.spec.where(f"{operation.pointer}/responses"),
                )
            )
            return ExchangeResult(exchange, operation, path, tuple(violations))
        violations += self._headers(response, exchange)
        violations += self._body(response, exchange)
        return ExchangeResult(exchange, operation, path, tuple(violations))

    def _headers(self, response: Response, exchange: Exchange) -> Iterator[Violation]:
        for header in response.headers:
            if header.name.lower() == "content-type":
                continue  # described by the media types, not as a header (OpenAPI says to ignore it)
            pointer = f"/headers/{header.name}"
            value = exchange.response_headers.get(header.name.lower())
            if value is None:
                if header.required:
                    yield Violation(
                        "missing-header",
                        ERROR,
                        pointer,
                        f"required header {header.name} is missing",
                        spec_location=self.spec.where(header.pointer),
                    )
                continue
            if not header.schema:
                continue
            validator = self.schemas.validator(f"{header.pointer}/schema", header.schema)
            cast = cast_text(value, header.schema)
            if not validator.is_valid(cast):
                yield Violation(
                    "header",
                    ERROR,
                    pointer,
                    f"header {header.name}: expected {_describe(header.schema)}, got {value!r}",
                    expected=_describe(header.schema),
                    actual=value,
                    spec_location=self.spec.where(header.pointer),
                )

    def _body(self, response: Response, exchange: Exchange) -> Iterator[Violation]:
        has_body = exchange.body is not NO_BODY and not (
            not exchange.decoded and isinstance(exchange.body, (str, bytes)) and not exchange.body
        )
        if not response.content:
            if has_body:
                yield Violation(
                    "content-type",
                    ERROR,
                    "",
                    f"the spec declares no body for {response.status}, but one was sent",
                    spec_location=self.spec.where(response.pointer),
                )
            return
        media = _media_for(response, exchange.content_type)
        if media is None:
            declared = ", ".join(response.content)
            yield Violation(
                "content-type",
                ERROR,
                "",
                f"content type {exchange.content_type or '(none)'} is not declared (declared: {declared})",
                expected=declared,
                actual=exchange.content_type,
                spec_location=self.spec.where(response.pointer),
            )
            return
        if media.schema is None or not _is_json(media.name):
            return
        if not has_body:
            yield Violation("invalid-json", ERROR, "", "the response has no body; the spec declares a JSON body")
            return
        try:
            body = exchange.json_body()
        except (ValueError, UnicodeDecodeError) as exc:
            yield Violation("invalid-json", ERROR, "", f"the body is not JSON: {str(exc).splitlines()[0][:120]}")
            return
        yield from self.check_body(media, body)

    def check_body(self, media: MediaType, body: Any) -> Iterator[Violation]:
        """Schema conformance of a decoded body, with Graph's judgement applied."""
        pointer = f"{media.pointer}/schema"
        assert media.schema is not None
        wrapped = self._value_wrapper(media.schema, body)
        if wrapped is not None:
            yield wrapped
            return
        validator = self.schemas.validator(pointer, media.schema)
        if not validator.is_valid(body):
            found: dict[str, Violation] = {}
            for error in validator.iter_errors(body):
                for violation in self._explain(error, media.schema, pointer, body):
                    # One violation a place: a date with a space breaks both format and pattern; say it once.
                    kept = found.get(violation.pointer)
                    if kept is None or _RANK.get(violation.rule, 9) < _RANK.get(kept.rule, 9):
                        found[violation.pointer] = violation
            yield from found.values()
        yield from self._unknown_members(self.schemas.shape(media.schema), body, "")

    def _value_wrapper(self, schema: Mapping[str, Any], body: Any) -> Violation | None:
        """Graph's doc page wraps a single entity as {"value": {...}}; the service does not."""
        if not isinstance(body, dict) or not isinstance(body.get("value"), dict):
            return None
        if any(key != "value" and not key.startswith("@odata.") for key in body):
            return None
        shape = self.schemas.shape(schema)
        if "value" in shape.properties or not shape.properties:
            return None
        title = self.schemas.resolve(schema).get("title") or "entity"
        return Violation(
            "value-wrapper",
            ERROR,
            "/value",
            f'the {title} is wrapped in {{"value": ...}}; the spec says the response is the bare {title}',
            expected=f"a bare {title}",
            actual='{"value": {...}}',
        )

    def _explain(self, error: Any, root: Mapping[str, Any], root_pointer: str, body: Any) -> Iterator[Violation]:
        kind = type(error.kind).__name__
        pointer = _pointer(error.instance_path)
        schema, schema_pointer = self.schemas.schema_at(root, root_pointer, list(error.schema_path))
        location = self.spec.where(schema_pointer)
        if kind in ("AnyOf", "OneOfNotValid"):
            yield from self._explain_branches(error, root, root_pointer, location)
            return
        value = error.instance
        if kind == "Required":
            missing = _missing_member(error.message)
            yield Violation(
                "required",
                ERROR,
                f"{pointer}/{missing}" if missing else pointer,
                f"missing required member {json.dumps(missing)}" if missing else error.message,
                expected=missing,
                spec_location=location,
            )
            return
        parent, _ = self.schemas.schema_at(root, root_pointer, list(error.schema_path)[:-1])
        parent = parent if isinstance(parent, Mapping) else {}
        if kind == "Enum" and isinstance(value, str) and all(isinstance(v, str) or v is None for v in schema or []):
            listed = ", ".join(json.dumps(v) for v in schema)
            yield Violation(
                "unknown-enum-member",
                ERROR if self.strict else WARNING,
                pointer,
                f"{json.dumps(value)} is not a listed member ({listed}); an evolvable enum may gain members",
                expected=listed,
                actual=json.dumps(value),
                spec_location=location,
            )
            return
        if kind in ("Type", "Format", "Minimum", "Maximum", "Pattern", "Enum"):
            expected = _describe(parent)
            rule = "format" if kind in ("Minimum", "Maximum") and parent.get("format") else kind.lower()
            suffix = " (out of range)" if kind in ("Minimum", "Maximum") else ""
            yield Violation(
                rule,
                ERROR,
                pointer,
                f"expected {expected}, got {_short(value)}{suffix}",
                expected=expected,
                actual=_short(value),
                spec_location=location,
            )
            return
        yield Violation(_rule_name(kind), ERROR, pointer, error.message, actual=_short(value), spec_location=location)

    def _explain_branches(
        self, error: Any, root: Mapping[str, Any], root_pointer: str, location: str
    ) -> Iterator[Violation]:
        """For anyOf/oneOf, report the branch that got furthest, not 'not valid under any of the schemas'."""
        context = list(getattr(error.kind, "context", None) or [])
        path = list(error.schema_path)
        here = list(error.instance_path)
        deeper = [
            branch
            for branch in context
            if branch and not all(type(e.kind).__name__ == "Type" and list(e.instance_path) == here for e in branch)
        ]
        if len(deeper) == 1:
            for sub in deeper[0]:
                yield from self._explain(sub, root, root_pointer, None)
            return
        branches = []
        for index in range(len(context)):
            branch, _ = self.schemas.schema_at(root, root_pointer, [*path, index])
            branches.append(_describe(self.schemas.resolve(branch)))
        expected = " or ".join(dict.fromkeys(branches))
        yield Violation(
            "type",
            ERROR,
            _pointer(error.instance_path),
            f"expected {expected}, got {_short(error.instance)}",
            expected=expected,
            actual=_short(error.instance),
            spec_location=location,
        )

    def _unknown_members(self, shape: Shape, value: Any, pointer: str) -> Iterator[Violation]:
        if isinstance(value, dict):
            if not shape.properties and not shape.closed_by_spec:
                return  # a free-form object: nothing is unknown
            for key, member in value.items():
                child = f"{pointer}/{_escape(key)}"
                if key in shape.properties:
                    sub = shape.properties[key]
                    if sub is not None and isinstance(member, (dict, list)):
                        yield from self._unknown_members(sub, member, child)
                elif not shape.closed_by_spec:
                    yield Violation(
                        "unknown-member",
                        ERROR if self.strict else WARNING,
                        child,
                        f"member {json.dumps(key)} is not in the spec (drift to look at: Graph types are open)",
                        actual=_short(member),
                    )
        elif isinstance(value, list) and shape.items is not None:
            for index, item in enumerate(value):
                yield from self._unknown_members(shape.items, item, f"{pointer}/{index}")


def validate_exchange(spec: Spec, exchange: Exchange, *, strict: bool = False) -> ExchangeResult:
    """One-off validation. For many exchanges build a `ContractValidator` once and reuse it."""
    return ContractValidator(spec, strict=strict).validate(exchange)


def _path_of(url: str) -> str:
    if "://" in url:
        url = url.split("://", 1)[1]
        url = "/" + url.split("/", 1)[1] if "/" in url else "/"
    return url.split("?", 1)[0].split("#", 1)[0] or "/"


def _media_for(response: Response, content_type: str | None) -> MediaType | None:
    if content_type is None:
        return None
    if content_type in response.content:
        return response.content[content_type]
    major = content_type.split("/", 1)[0]
    for name, media in response.content.items():
        if name in ("*/*", f"{major}/*"):
            return media
    return None


def _is_json(media: str) -> bool:
    return media == "application/json" or media.endswith("+json") or media == "*/*"


def _describe(schema: Mapping[str, Any]) -> str:
    """What a schema expects, in words a person reads: int32, date-time, string or null, ..."""
    if not isinstance(schema, Mapping):
        return "a value"
    if "enum" in schema:
        return "one of " + ", ".join(json.dumps(v) for v in schema["enum"])
    kinds = schema.get("type")
    kinds = list(kinds) if isinstance(kinds, list) else [kinds] if kinds else []
    fmt = schema.get("format")
    if fmt:
        kinds = [fmt if k not in ("null", None) else k for k in kinds] or [fmt]
    if schema.get("nullable") is True and "null" not in kinds:
        kinds.append("null")
    if "pattern" in schema and not fmt:
        kinds = [f"{k} matching {schema['pattern']}" for k in kinds if k != "null"] + [k for k in kinds if k == "null"]
    return " or ".join(str(k) for k in kinds) if kinds else "a value"


def _short(value: Any, limit: int = 60) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _escape(token: Any) -> str:
    return str(token).replace("~", "~0").replace("/", "~1")


def _pointer(path: Iterable[Any]) -> str:
    return "".join(f"/{_escape(p)}" for p in path)


def _missing_member(message: str) -> str | None:
    match = re.match(r'^"((?:[^"\\]|\\.)*)" is a required property', message)
    return json.loads(f'"{match.group(1)}"') if match else None


def _rule_name(kind: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower()


def validate_paths(
    spec: Spec, paths: Iterable[Any], *, strict: bool = False, check_secrets: bool = True
) -> Iterator[ExchangeResult | InputError]:
    """Validate every exchange in the files and folders named; unreadable files yield their error in place."""
    from .fixtures import read_exchanges

    validator = ContractValidator(spec, strict=strict, check_secrets=check_secrets)
    for item in read_exchanges(paths):
        yield item if isinstance(item, InputError) else validator.validate(item)
