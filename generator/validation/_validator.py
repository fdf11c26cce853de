"""Hold one exchange against the contract and say, precisely, what does not conform.

`ContractValidator` is built once per spec (validators compile lazily and are cached); each
`validate(exchange)` returns an `ExchangeResult` of typed `Violation`s. Conformance is JSON Schema
validation of the body plus status, content type and headers; on top of it sit the rules of
judgement for evolvable APIs such as Graph: unknown members and unknown enum members are warnings,
and a body wrapped in `{"value": ...}` where the spec says a bare entity is one clear error.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import Any

from ..documents import escape_pointer, pointer_from_path, unescape_pointer
from ..exchanges import Exchange
from ..findings import Severity
from ..redaction import Redactor, redact_text, secret_members
from ..schema import SchemaIndex, Shape, Views, cast_text, errors_of
from ..spec import Header, MediaType, Operation, Response, Spec, is_json_media
from ._violation import ExchangeResult, Violation

__all__ = ["ContractValidator", "validate_exchange"]

ERROR, WARNING = Severity.ERROR, Severity.WARNING
_RANK = {"type": 0, "required": 1, "format": 2, "pattern": 3}
_HIDDEN = "(a credential: not shown)"


_ROUTE_CACHE = 4096
_SCALARS = frozenset({str, int, float, bool})
_REMEMBERED_TEXT = 2048  # a URL, media type or body place longer than this is worked out each time, never kept


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
        self.views = Views(spec)
        self.secret_members = secret_members(spec)
        self.redactor = Redactor(self.secret_members)
        self._secret_keys = {m.lower() for m in self.secret_members}
        # Recordings repeat themselves: the same URLs, the same statuses. Routing and the response an
        # operation documents for a status are looked up once each (bounded, so a hostile file cannot
        # grow them without end).
        self._routes: dict[tuple[str, str], Any] = {}
        self._responses: dict[tuple[int, int], Response | None] = {}
        self._media: dict[tuple[int, str | None], tuple[MediaType | None, bool]] = {}
        self._plans: dict[int, list[tuple[Header, str, str, Any]]] = {}
        self._body_plans: dict[int, tuple[str, Any, Shape]] = {}
        self._facts: dict[tuple[str, tuple[str | int, ...]], tuple[Any, str, Mapping[str, Any], str]] = {}
        self._shown_scalars: dict[tuple[type, Any], str] = {}
        self._explanations: dict[tuple[Any, ...], list[Violation]] = {}

    def validate(self, exchange: Exchange) -> ExchangeResult:
        try:
            return self._validate(exchange)
        except RecursionError:
            match = self.spec.router.match(exchange.method, exchange.url)
            violation = Violation("invalid-json", ERROR, "", "the body nests too deeply to validate")
            return ExchangeResult(exchange, match.operation, match.template, (violation,))

    def _validate(self, exchange: Exchange) -> ExchangeResult:
        # The hot path: straight-line code and lists, no generators; most exchanges add nothing here.
        violations: list[Violation] = (
            self._secrets(exchange) if self.check_secrets and not self.redactor.is_clean(exchange) else []
        )
        match = self._routes.get((exchange.method, exchange.url)) or self._route(exchange.method, exchange.url)
        operation, path = match.operation, match.template
        if operation is None:
            if match.allowed:
                message = f"the spec has no {exchange.method.upper()} for {path} (it has {', '.join(match.allowed)})"
            else:
                message = f"no operation in the spec has the path {path}"
            violations.append(Violation("unknown-operation", ERROR, "", message))
            return ExchangeResult(exchange, None, path, tuple(violations))
        key = (id(operation), exchange.status)
        try:
            response = self._responses[key]
        except KeyError:
            response = self._responses[key] = operation.response_for(exchange.status)
        if response is None:
            violations.append(self._undocumented(operation, exchange.status))
            return ExchangeResult(exchange, operation, path, tuple(violations))
        if response.headers:
            violations += self._headers(response, exchange)
        if exchange.status != 304 and exchange.method.upper() != "HEAD":
            violations += self._body(response, exchange)
        return ExchangeResult(exchange, operation, path, tuple(violations) if violations else ())

    def _secrets(self, exchange: Exchange) -> list[Violation]:
        return [
            Violation("secret-in-fixture", ERROR, change.location, f"{change.reason}; redact it")
            for change in self.redactor.exchange(exchange)[1]
        ]

    def _undocumented(self, operation: Operation, status: int) -> Violation:
        documented = ", ".join(r.status for r in operation.responses)
        # A 304 answers a conditional request: HTTP's business, not the operation's contract.
        severity = WARNING if status == 304 and not self.strict else ERROR
        return Violation(
            "undocumented-status",
            severity,
            "",
            f"status {status} is not documented for {operation.label} (documented: {documented})",
            expected=documented,
            actual=str(status),
            spec_location=self.spec.where(f"{operation.pointer}/responses"),
        )

    def _route(self, method: str, url: str) -> Any:
        key = (method, url)
        match = self._routes.get(key)
        if match is None:
            match = self.spec.router.match(method, url)
            # Full: a recording whose URLs never repeat routes each anew. A long URL is never kept.
            if len(self._routes) < _ROUTE_CACHE and len(url) <= _REMEMBERED_TEXT:
                self._routes[key] = match
        return match

    def _header_plan(self, response: Response) -> list[tuple[Header, str, str, Any]]:
        """Per documented header: its lower-case name, pointer and compiled validator (once per response)."""
        plan = self._plans.get(id(response))
        if plan is None:
            plan = []
            for header in response.headers:
                lowered = header.name.lower()
                if lowered == "content-type":
                    continue  # described by the media types, not as a header (OpenAPI says to ignore it)
                validator = None
                if header.schema and not _any_text(header.schema):
                    validator = self.schemas.validator(f"{header.pointer}/schema", header.schema)
                plan.append((header, lowered, f"/headers/{escape_pointer(lowered)}", validator))
            self._plans[id(response)] = plan
        return plan

    def _headers(self, response: Response, exchange: Exchange) -> list[Violation]:
        found: list[Violation] = []
        headers = exchange.response_headers
        for header, lowered, pointer, validator in self._header_plan(response):
            value = headers.get(lowered)
            if value is None:
                if header.required:
                    found.append(
                        Violation(
                            "missing-header",
                            ERROR,
                            pointer,
                            f"required header {header.name} is missing",
                            spec_location=self.spec.where(header.pointer),
                        )
                    )
                continue
            if validator is None or validator.is_valid(cast_text(value, header.schema)):
                continue
            expected = self.views(header.schema).describe(detail=True)
            shown = self.redactor.header(header.name, value)
            found.append(
                Violation(
                    "header",
                    ERROR,
                    pointer,
                    f"header {header.name}: expected {expected}, got {shown!r}",
                    expected=expected,
                    actual=shown,
                    spec_location=self.spec.where(header.pointer),
                )
            )
        return found

    def _body(self, response: Response, exchange: Exchange) -> list[Violation]:
        if not response.content:
            if exchange.has_body:
                message = f"the spec declares no body for {response.status}, but one was sent"
                return self._about(response, "content-type", message)
            return []
        content_type = exchange.content_type
        if content_type is None and not exchange.has_body:
            if any(media.schema is not None for media in response.content.values()) and exchange.status != 204:
                message = f"the response has no body; the spec declares {', '.join(response.content)}"
                return self._about(response, "missing-body", message)
            return []
        key = (id(response), content_type)
        try:
            media, json_media = self._media[key]
        except KeyError:
            media = response.media_for(content_type)
            json_media = media is not None and is_json_media(content_type or media.name)
            if content_type is None or len(content_type) <= _REMEMBERED_TEXT:
                if len(self._media) >= _ROUTE_CACHE:
                    self._media.clear()
                self._media[key] = media, json_media
        if media is None:
            declared = ", ".join(response.content)
            message = f"content type {content_type or '(none)'} is not declared (declared: {declared})"
            return self._about(response, "content-type", message, expected=declared, actual=content_type)
        if media.schema is None or not (json_media or exchange.decoded):
            return []
        if not exchange.has_body:
            return [Violation("invalid-json", ERROR, "", "the response has no body; the spec declares a JSON body")]
        try:
            body = exchange.json_body()
        except ValueError as exc:
            return [Violation("invalid-json", ERROR, "", f"the body is not JSON: {str(exc).splitlines()[0][:120]}")]
        try:
            return self._check_body(media, body)
        except RecursionError:
            return [Violation("invalid-json", ERROR, "", "the body nests too deeply to validate")]

    def _about(
        self, response: Response, rule: str, message: str, expected: str | None = None, actual: str | None = None
    ) -> list[Violation]:
        """One error about the response as a whole, pointing at where the spec documents it."""
        location = self.spec.where(response.pointer)
        return [Violation(rule, ERROR, "", message, expected=expected, actual=actual, spec_location=location)]

    def check_body(self, media: MediaType, body: Any) -> list[Violation]:
        """Schema conformance of a decoded body, with the judgement rules applied."""
        try:
            return self._check_body(media, body)
        except RecursionError:
            return [Violation("invalid-json", ERROR, "", "the body nests too deeply to validate")]

    def _check_body(self, media: MediaType, body: Any) -> list[Violation]:
        assert media.schema is not None
        if isinstance(body, dict) and "value" in body:
            wrapped = self._value_wrapper(media.schema, body)
            if wrapped is not None:
                return [wrapped]
        plan = self._body_plans.get(id(media))
        if plan is None:
            pointer = f"{media.pointer}/schema"
            validator = self.schemas.validator(pointer, media.schema)
            plan = self._body_plans[id(media)] = (pointer, validator, self.schemas.shape(media.schema))
        pointer, validator, shape = plan
        violations: list[Violation] = []
        if not validator.is_valid(body):
            found: dict[str, Violation] = {}
            for error in errors_of(validator, body):
                for violation in self._explained(error, media.schema, pointer):
                    # One violation a place: a date with a space breaks both format and pattern; say it once.
                    kept = found.get(violation.pointer)
                    if kept is None or _RANK.get(violation.rule, 9) < _RANK.get(kept.rule, 9):
                        found[violation.pointer] = violation
            violations = list(found.values())
        if isinstance(body, (dict, list)):
            violations += self._unknown_members(shape, body, "")
        return violations

    def _explained(self, error: Any, root: Mapping[str, Any], root_pointer: str) -> list[Violation]:
        """`_explain`, masked, worked out once per drift: the same wrong scalar at the same place breaking
        the same keyword (a drift repeats in every response of a recording) is explained once."""
        value = error.instance
        key = None
        path = tuple(error.instance_path)
        if (value is None or (type(value) in _SCALARS and (type(value) is not str or len(value) <= 256))) and sum(
            len(part) if type(part) is str else 1 for part in path
        ) <= _REMEMBERED_TEXT:
            kind = type(error.kind).__name__
            exact = repr(value) if type(value) is float else value  # -0.0 == 0.0, but is not shown the same
            key = (root_pointer, kind, path, tuple(error.schema_path), type(value), exact)
            known = self._explanations.get(key)
            if known is not None:
                return known
        explained = [self._masked(v) for v in self._explain(error, root, root_pointer)]
        if key is not None:
            if len(self._explanations) >= _ROUTE_CACHE:
                self._explanations.clear()
            self._explanations[key] = explained
        return explained

    def _masked(self, violation: Violation) -> Violation:
        """A violation inside a member named like a credential never quotes its value, in any words."""
        names = (unescape_pointer(part) for part in violation.pointer.split("/")[1:])
        if not any(self.redactor.is_secret_name(name) for name in names):
            return violation
        if violation.expected is not None:
            message = f"expected {violation.expected}, got {_HIDDEN}"
        else:
            message = f"the value breaks `{violation.rule}` {_HIDDEN}"
        return Violation(
            violation.rule,
            violation.severity,
            violation.pointer,
            message,
            violation.expected,
            _HIDDEN if violation.actual is not None else None,
            violation.spec_location,
        )

    def _shown(self, value: Any) -> str:
        """A value as a message quotes it: members named like credentials replaced, then shortened (a drifted
        scalar repeats across a recording: each is worked out once)."""
        if value is None or (type(value) in _SCALARS and (type(value) is not str or len(value) <= 256)):
            key = (type(value), repr(value) if type(value) is float else value)  # -0.0 == 0.0, shown apart
            shown = self._shown_scalars.get(key)
            if shown is None:
                if len(self._shown_scalars) >= _ROUTE_CACHE:
                    self._shown_scalars.clear()
                shown = self._shown_scalars[key] = _short(self.redactor.json(value))
            return shown
        return _short(self.redactor.json(value))

    def _value_wrapper(self, schema: Mapping[str, Any], body: Any) -> Violation | None:
        """Graph's doc pages wrap a single entity as {"value": {...}}; the service does not."""
        if not isinstance(body, dict) or not isinstance(body.get("value"), dict):
            return None
        if any(key != "value" and not key.startswith("@odata.") for key in body):
            return None
        shape = self.schemas.shape(schema)
        if "value" in shape.properties or not shape.properties:
            return None
        resolved = self.schemas.resolve(schema)
        title = (resolved.get("title") if isinstance(resolved, Mapping) else None) or "entity"
        return Violation(
            "value-wrapper",
            ERROR,
            "/value",
            f'the {title} is wrapped in {{"value": ...}}; the spec says the response is the bare {title}',
            expected=f"a bare {title}",
            actual='{"value": {...}}',
        )

    def _explain(self, error: Any, root: Mapping[str, Any], root_pointer: str) -> Iterator[Violation]:
        kind = type(error.kind).__name__
        pointer = pointer_from_path(error.instance_path)
        schema, location, parent, expected = self._schema_facts(root, root_pointer, tuple(error.schema_path))
        if kind in ("AnyOf", "OneOfNotValid"):
            yield from self._explain_branches(error, root, root_pointer, location)
            return
        value = error.instance
        if kind == "Required":
            missing = _missing_member(error.message)
            yield Violation(
                "required",
                ERROR,
                f"{pointer}/{escape_pointer(missing)}" if missing else pointer,
                f"missing required member {json.dumps(missing)}" if missing else error.message,
                expected=missing,
                spec_location=location,
            )
            return
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
            rule = "format" if kind in ("Minimum", "Maximum") and parent.get("format") else kind.lower()
            suffix = " (out of range)" if kind in ("Minimum", "Maximum") else ""
            shown = self._shown(value)
            yield Violation(
                rule,
                ERROR,
                pointer,
                f"expected {expected}, got {shown}{suffix}",
                expected=expected,
                actual=shown,
                spec_location=location,
            )
            return
        shown = self._shown(value)
        # jsonschema-rs quotes the value in its message: only a value with nothing to hide may be quoted.
        message = _short_message(error.message) if self.redactor.json(value) == value else None
        yield Violation(
            _rule_name(kind),
            ERROR,
            pointer,
            message or f"the value breaks `{_rule_name(kind)}`: {shown}",
            actual=shown,
            spec_location=location,
        )

    def _schema_facts(
        self, root: Mapping[str, Any], root_pointer: str, schema_path: tuple[str | int, ...]
    ) -> tuple[Any, str, Mapping[str, Any], str]:
        """The keyword's value an error broke, its `file:line`, the schema holding it and how that schema is
        described: worked out once per place in the spec (a drift repeats in every response)."""
        key = (root_pointer, schema_path)
        facts = self._facts.get(key)
        if facts is None:
            schema, schema_pointer = self.schemas.schema_at(root, root_pointer, list(schema_path))
            parent, _ = self.schemas.schema_at(root, root_pointer, list(schema_path)[:-1])
            parent = parent if isinstance(parent, Mapping) else {}
            if len(self._facts) >= _ROUTE_CACHE:
                self._facts.clear()
            described = self.views(parent).describe(detail=True)
            facts = self._facts[key] = (schema, self.spec.where(schema_pointer), parent, described)
        return facts

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
                yield from self._explain(sub, root, root_pointer)
            return
        branches = []
        for index in range(len(context)):
            branch, _ = self.schemas.schema_at(root, root_pointer, [*path, index])
            branches.append(self.views(branch).describe(detail=True))
        expected = " or ".join(dict.fromkeys(branches))
        shown = self._shown(error.instance)
        yield Violation(
            "type",
            ERROR,
            pointer_from_path(here),
            f"expected {expected}, got {shown}",
            expected=expected,
            actual=shown,
            spec_location=location,
        )

    def _unknown_members(self, shape: Shape, value: Any, pointer: str) -> list[Violation]:
        """Members the spec does not declare, at every depth. The common case (every member declared) is
        settled by one set comparison and a look at the few members that may nest, in C."""
        if isinstance(value, dict):
            properties = shape.properties
            if not properties and not shape.closed_by_spec:
                return []  # a free-form object: nothing is unknown
            if shape.closed_by_spec or value.keys() <= properties.keys():
                nested = [key for key in shape.nested if isinstance(value.get(key), (dict, list))]
                if not nested:
                    return []
                if len(nested) > 1:
                    order = {key: index for index, key in enumerate(value)}
                    nested.sort(key=order.__getitem__)  # in the body's order, as a reader meets them
                found: list[Violation] = []
                for key in nested:
                    found += self._unknown_members(shape.nested[key], value[key], f"{pointer}/{escape_pointer(key)}")
                return found
            return self._unknown_in_order(shape, value, pointer)
        if isinstance(value, list) and shape.items is not None:
            found = []
            for index, item in enumerate(value):
                if isinstance(item, (dict, list)):
                    found += self._unknown_members(shape.items, item, f"{pointer}/{index}")
            return found
        return []

    def _unknown_in_order(self, shape: Shape, value: dict[str, Any], pointer: str) -> list[Violation]:
        found: list[Violation] = []
        for key, member in value.items():
            if key in shape.properties:
                sub = shape.properties[key]
                if sub is not None and isinstance(member, (dict, list)):
                    found += self._unknown_members(sub, member, f"{pointer}/{escape_pointer(key)}")
            else:
                found.append(
                    Violation(
                        "unknown-member",
                        ERROR if self.strict else WARNING,
                        f"{pointer}/{escape_pointer(key)}",
                        f"member {json.dumps(key)} is not in the spec (drift to look at: the type may have grown)",
                        actual=_HIDDEN if self.redactor.is_secret_name(key) else self._shown(member),
                    )
                )
        return found


def validate_exchange(spec: Spec, exchange: Exchange, *, strict: bool = False) -> ExchangeResult:
    """One-off validation. For many exchanges build a `ContractValidator` once and reuse it."""
    return ContractValidator(spec, strict=strict).validate(exchange)


def _any_text(schema: Mapping[str, Any]) -> bool:
    """`{"type": "string"}` and nothing that constrains it: every header value (text) conforms, unchecked."""
    return schema.get("type") == "string" and all(key in _ANNOTATIONS or key.startswith("x-") for key in schema)


_ANNOTATIONS = frozenset({"type", "description", "title", "example", "examples", "deprecated", "readOnly", "writeOnly"})


def _short(value: Any, limit: int = 60) -> str:
    """A value as a message quotes it: short, and with anything shaped like a credential removed."""
    text = redact_text(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _short_message(message: str, limit: int = 200) -> str:
    text = " ".join(message.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _missing_member(message: str) -> str | None:
    match = re.match(r'^"((?:[^"\\]|\\.)*)" is a required property', message)
    return json.loads(f'"{match.group(1)}"') if match else None


def _rule_name(kind: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "-", kind).lower()
