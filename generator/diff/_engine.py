"""`qrcontract diff`: breaking changes between two revisions of a spec, in oasdiff's terms.

Each change carries oasdiff's rule id and level (ERR breaks clients, WARN may break, INFO is safe),
the operation, where in it, a sentence, and for breaking changes what the generated client will feel
(a method removed, a field's type changed). Both sides are loaded as `Spec`s, and schemas are
compared as `SchemaView`s, so spelling (key order, `$ref` indirection, nullability encodings) is
never a change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..names import method_name, pascal_case, snake_case
from ..schema import SchemaView, Views
from ..spec import Operation, Parameter, Spec
from ._change import BreakingChange, Level

__all__ = ["diff_specs"]

ERR, WARN, INFO = Level.ERR, Level.WARN, Level.INFO


def diff_specs(base: Spec, revision: Spec) -> list[BreakingChange]:
    """Every change from `base` to `revision`, most severe first, then by operation and location."""
    changes = list(_Differ(base, revision).run())
    return sorted(changes, key=lambda c: (-c.level.rank, c.operation, c.location, c.id))


def _path_key(path: str) -> str:
    return re.sub(r"\{[^}/]+\}", "{}", path)


class _Differ:
    def __init__(self, base: Spec, revision: Spec) -> None:
        self.base = base
        self.revision = revision
        self.old_view = Views(base)
        self.new_view = Views(revision)

    def run(self) -> Iterator[BreakingChange]:
        base_ops = {(op.method, _path_key(op.path)): op for op in self.base.operations}
        rev_ops = {(op.method, _path_key(op.path)): op for op in self.revision.operations}
        rev_paths = {_path_key(op.path) for op in self.revision.operations}
        for key, op in base_ops.items():
            if key in rev_ops:
                continue
            path_gone = key[1] not in rev_paths
            siblings = [o for k, o in base_ops.items() if k[1] == key[1]]
            deprecated = all(o.deprecated for o in siblings) if path_gone else op.deprecated
            if path_gone:
                rule = "api-path-removed-with-deprecation" if deprecated else "api-path-removed-without-deprecation"
            else:
                rule = "api-removed-with-deprecation" if op.deprecated else "api-removed-without-deprecation"
            yield self._change(
                rule,
                INFO if deprecated else ERR,
                op,
                "",
                f"{'path' if path_gone else 'operation'} removed{' after deprecation' if deprecated else ' without deprecation'}",
                f"Client.{_method(op)}() is removed",
            )
        for key, op in rev_ops.items():
            if key not in base_ops:
                yield self._change("endpoint-added", INFO, op, "", "operation added", f"Client.{_method(op)}() is new")
        for key, op in base_ops.items():
            if key in rev_ops:
                yield from self._operation(op, rev_ops[key])

    def _change(
        self, rule: str, level: Level, op: Operation, location: str, text: str, client: str | None = None
    ) -> BreakingChange:
        return BreakingChange(rule, level, f"{op.method} {op.path}", location, text, client if level != INFO else None)

    def _operation(self, old: Operation, new: Operation) -> Iterator[BreakingChange]:
        if new.deprecated and not old.deprecated:
            yield self._change("endpoint-deprecated", INFO, new, "", "operation deprecated")
        yield from self._parameters(old, new)
        yield from self._request_body(old, new)
        yield from self._responses(old, new)

    # Parameters

    def _parameters(self, old: Operation, new: Operation) -> Iterator[BreakingChange]:
        before = {_param_key(old, p): p for p in old.parameters}
        after = {_param_key(new, p): p for p in new.parameters}
        for key, param in after.items():
            if key in before:
                continue
            where = f"parameters/{param.location}/{param.name}"
            if param.location == "path":
                yield self._change(
                    "new-request-path-parameter",
                    ERR,
                    new,
                    where,
                    f"path parameter {param.name} added",
                    _arg(new, param, "is a new argument"),
                )
            elif param.required:
                yield self._change(
                    "new-required-request-parameter",
                    ERR,
                    new,
                    where,
                    f"required {param.location} parameter {param.name} added",
                    _arg(new, param, "is a new required argument"),
                )
            else:
                yield self._change(
                    "new-optional-request-parameter",
                    INFO,
                    new,
                    where,
                    f"optional {param.location} parameter {param.name} added",
                )
        for key, param in before.items():
            where = f"parameters/{param.location}/{param.name}"
            if key not in after:
                yield self._change(
                    "request-parameter-removed",
                    WARN,
                    new,
                    where,
                    f"{param.location} parameter {param.name} removed",
                    _arg(new, param, "is removed"),
                )
                continue
            current = after[key]
            if current.required and not param.required:
                yield self._change(
                    "request-parameter-became-required",
                    ERR,
                    new,
                    where,
                    f"{param.location} parameter {param.name} became required",
                    _arg(new, param, "is now required"),
                )
            elif param.required and not current.required:
                yield self._change(
                    "request-parameter-became-optional",
                    INFO,
                    new,
                    where,
                    f"{param.location} parameter {param.name} became optional",
                )
            yield from self._parameter_schema(
                new, param, self.old_view(param.schema), self.new_view(current.schema), where
            )

    def _parameter_schema(
        self, op: Operation, param: Parameter, old: SchemaView, new: SchemaView, where: str
    ) -> Iterator[BreakingChange]:
        prefix = "request-parameter"
        label = f"{param.location} parameter {param.name}"
        if _type_changed(old, new):
            yield self._change(
                f"{prefix}-type-changed",
                ERR,
                op,
                where,
                f"type of {label} changed from {old.describe()} to {new.describe()}",
                _arg(op, param, f"changes type to {new.describe()}"),
            )
        for old_node, new_node, suffix in ((old, new, ""), (old.items, new.items, "/items")):
            if old_node is None or new_node is None:
                continue
            yield from self._enum_request(
                op, old_node, new_node, where + suffix, prefix, label, _arg(op, param, "accepts fewer values")
            )
            yield from self._request_constraints(op, old_node, new_node, where + suffix, prefix, label)

    # Request body

    def _request_body(self, old: Operation, new: Operation) -> Iterator[BreakingChange]:
        if new.request_body_required and not old.request_body_required and new.request_body:
            yield self._change("request-body-became-required", ERR, new, "requestBody", "request body became required")
        for media in old.request_body:
            if media not in new.request_body:
                yield self._change(
                    "request-body-media-type-removed",
                    ERR,
                    new,
                    f"requestBody/content/{media}",
                    f"request media type {media} removed",
                )
                continue
            before, after = old.request_body[media].schema, new.request_body[media].schema
            if before is not None and after is not None:
                yield from self._request_schema(
                    new, self.old_view(before), self.new_view(after), f"requestBody/content/{media}/schema", ""
                )

    def _request_schema(
        self, op: Operation, old: SchemaView, new: SchemaView, where: str, pointer: str
    ) -> Iterator[BreakingChange]:
        subject = f"request property {pointer}" if pointer else "request body"
        prefix = "request-property" if pointer else "request-body"
        if _type_changed(old, new):
            yield self._change(
                f"{prefix}-type-changed",
                ERR,
                op,
                where,
                f"type of {subject} changed from {old.describe()} to {new.describe()}",
            )
        if old.nullable and not new.nullable:
            yield self._change(f"{prefix}-became-not-nullable", ERR, op, where, f"{subject} became not nullable")
        yield from self._enum_request(op, old, new, where, prefix, subject, None)
        yield from self._request_constraints(op, old, new, where, prefix, subject)
        for name, sub in new.properties.items():
            child = f"{pointer}/{name}"
            if name not in old.properties:
                if name in new.required:
                    yield self._change(
                        "new-required-request-property",
                        ERR,
                        op,
                        f"{where}/properties/{name}",
                        f"required request property {child} added",
                    )
                else:
                    yield self._change(
                        "new-optional-request-property",
                        INFO,
                        op,
                        f"{where}/properties/{name}",
                        f"optional request property {child} added",
                    )
            else:
                if name in new.required and name not in old.required:
                    yield self._change(
                        "request-property-became-required",
                        ERR,
                        op,
                        f"{where}/properties/{name}",
                        f"request property {child} became required",
                    )
                yield from self._request_schema(op, old.properties[name], sub, f"{where}/properties/{name}", child)
        for name in old.properties:
            if name not in new.properties:
                yield self._change(
                    "request-property-removed",
                    WARN,
                    op,
                    f"{where}/properties/{name}",
                    f"request property {pointer}/{name} removed",
                )
        if old.items is not None and new.items is not None:
            yield from self._request_schema(op, old.items, new.items, f"{where}/items", f"{pointer}/items")

    def _enum_request(
        self, op: Operation, old: SchemaView, new: SchemaView, where: str, prefix: str, label: str, client: str | None
    ) -> Iterator[BreakingChange]:
        if new.enum is not None and old.enum is None:
            yield self._change(f"{prefix}-became-enum", ERR, op, where, f"{label} became an enum", client)
        elif new.enum is not None and old.enum is not None:
            for value in old.enum:
                if value not in new.enum:
                    yield self._change(
                        f"{prefix}-enum-value-removed",
                        ERR,
                        op,
                        where,
                        f"enum value {value!r} removed from {label}",
                        client,
                    )
            for value in new.enum:
                if value not in old.enum:
                    yield self._change(
                        f"{prefix}-enum-value-added", INFO, op, where, f"enum value {value!r} added to {label}"
                    )

    def _request_constraints(
        self, op: Operation, old: SchemaView, new: SchemaView, where: str, prefix: str, label: str
    ) -> Iterator[BreakingChange]:
        """A request accepts less when a bound is set or tightened: ERR."""
        return self._bounds(op, old, new, where, prefix, label, request=True)

    # Responses

    def _responses(self, old: Operation, new: Operation) -> Iterator[BreakingChange]:
        before = {r.status: r for r in old.responses}
        after = {r.status: r for r in new.responses}
        for status, response in before.items():
            success = status.startswith("2")
            if status not in after:
                rule = "response-success-status-removed" if success else "response-non-success-status-removed"
                client = f"Client.{_method(new)}() raises UnexpectedStatusError on {status}" if success else None
                yield self._change(
                    rule,
                    ERR if success else INFO,
                    new,
                    f"responses/{status}",
                    f"{'success' if success else 'non-success'} status {status} removed",
                    client,
                )
                continue
            current = after[status]
            for media, content in response.content.items():
                where = f"responses/{status}/content/{media}"
                if media not in current.content:
                    yield self._change(
                        "response-media-type-removed",
                        ERR,
                        new,
                        where,
                        f"media type {media} removed from response {status}",
                    )
                    continue
                if content.schema is not None and current.content[media].schema is not None:
                    old_view = self.old_view(content.schema)
                    new_view = self.new_view(current.content[media].schema)
                    yield from self._response_schema(new, old_view, new_view, f"{where}/schema", "", status, None)
            for media in current.content:
                if media not in response.content:
                    yield self._change(
                        "response-media-type-added",
                        INFO,
                        new,
                        f"responses/{status}/content/{media}",
                        f"media type {media} added to response {status}",
                    )
        for status in after:
            if status not in before:
                rule = (
                    "response-success-status-added" if status.startswith("2") else "response-non-success-status-added"
                )
                yield self._change(rule, INFO, new, f"responses/{status}", f"status {status} added")

    def _response_schema(
        self,
        op: Operation,
        old: SchemaView,
        new: SchemaView,
        where: str,
        pointer: str,
        status: str,
        owner: tuple[str, str] | None,
    ) -> Iterator[BreakingChange]:
        """What a client reads may change: new values, a null, a missing member, a wider range."""
        subject = f"response property {pointer}" if pointer else f"response body ({status})"
        prefix = "response-property" if pointer else "response-body"
        client = _field(owner, new)
        if _type_changed(old, new):
            yield self._change(
                f"{prefix}-type-changed",
                ERR,
                op,
                where,
                f"type of {subject} changed from {old.describe()} to {new.describe()}",
                client and f"{client} changes type to {new.describe()}",
            )
        if new.nullable and not old.nullable:
            yield self._change(
                f"{prefix}-became-nullable",
                ERR,
                op,
                where,
                f"{subject} became nullable",
                client and f"{client} may now be None",
            )
        elif old.nullable and not new.nullable:
            yield self._change(f"{prefix}-became-not-nullable", INFO, op, where, f"{subject} became not nullable")
        if old.enum is not None and new.enum is not None:
            for value in new.enum:
                if value not in old.enum:
                    yield self._change(
                        "response-property-enum-value-added",
                        WARN,
                        op,
                        where,
                        f"enum value {value!r} added to {subject}",
                        client and f"{client} may hold {value!r}, which the client's enum does not list",
                    )
            for value in old.enum:
                if value not in new.enum:
                    yield self._change(
                        "response-property-enum-value-removed",
                        INFO,
                        op,
                        where,
                        f"enum value {value!r} removed from {subject}",
                    )
        elif new.enum is None and old.enum is not None and not _type_changed(old, new):
            yield self._change(
                f"{prefix}-enum-removed",
                ERR,
                op,
                where,
                f"{subject} is no longer an enum",
                client and f"{client} is no longer an enum",
            )
        yield from self._response_constraints(op, old, new, where, prefix, subject)
        holder = (new.name or old.name or (owner[0] if owner else "Response"), pointer)
        for name, sub in old.properties.items():
            child = f"{pointer}/{name}"
            member = f"{where}/properties/{name}"
            field_client = _field((holder[0], name), sub)
            if name not in new.properties:
                if name in old.required:
                    yield self._change(
                        "response-required-property-removed",
                        ERR,
                        op,
                        member,
                        f"required response property {child} removed",
                        field_client and f"{field_client} is removed",
                    )
                else:
                    yield self._change(
                        "response-optional-property-removed",
                        INFO,
                        op,
                        member,
                        f"optional response property {child} removed",
                    )
                continue
            if name in old.required and name not in new.required:
                yield self._change(
                    "response-property-became-optional",
                    ERR,
                    op,
                    member,
                    f"response property {child} became optional",
                    field_client and f"{field_client} may now be None",
                )
            elif name in new.required and name not in old.required:
                yield self._change(
                    "response-property-became-required", INFO, op, member, f"response property {child} became required"
                )
            yield from self._response_schema(op, sub, new.properties[name], member, child, status, (holder[0], name))
        for name in new.properties:
            if name not in old.properties:
                rule = (
                    "response-required-property-added" if name in new.required else "response-optional-property-added"
                )
                yield self._change(
                    rule, INFO, op, f"{where}/properties/{name}", f"response property {pointer}/{name} added"
                )
        if old.items is not None and new.items is not None:
            yield from self._response_schema(
                op, old.items, new.items, f"{where}/items", f"{pointer}/items", status, owner
            )
        if len(new.variants) > len(old.variants) and old.variants:
            yield self._change(f"{prefix}-any-of-added", ERR, op, where, f"{subject} gained a schema it may be")

    def _response_constraints(
        self, op: Operation, old: SchemaView, new: SchemaView, where: str, prefix: str, subject: str
    ) -> Iterator[BreakingChange]:
        """A response may send more when a bound is removed or loosened: ERR (the client may not cope)."""
        return self._bounds(op, old, new, where, prefix, subject, request=False)

    def _bounds(
        self, op: Operation, old: SchemaView, new: SchemaView, where: str, prefix: str, label: str, *, request: bool
    ) -> Iterator[BreakingChange]:
        """Constraints compared in one place: narrowing breaks requests, widening breaks responses."""

        if _type_changed(old, new):
            return  # bounds of another type compare nothing; the type change is the finding

        def level(narrows: bool) -> Level:
            return (ERR if narrows else INFO) if request else (INFO if narrows else ERR)

        a, b = old.constraints, new.constraints
        if "pattern" in b and "pattern" not in a:
            yield self._change(
                f"{prefix}-pattern-added", level(True), op, where, f"pattern {b['pattern']!r} added to {label}"
            )
        elif "pattern" in a and "pattern" not in b:
            yield self._change(f"{prefix}-pattern-removed", level(False), op, where, f"pattern removed from {label}")
        elif a.get("pattern") != b.get("pattern"):
            text = f"pattern of {label} changed from {a['pattern']!r} to {b['pattern']!r}"
            yield self._change(f"{prefix}-pattern-changed", WARN, op, where, text)
        for key, noun, is_max in _BOUNDS:
            if key in b and key not in a:
                yield self._change(f"{prefix}-{noun}-set", level(True), op, where, f"{key} of {label} set to {b[key]}")
            elif key in a and key not in b:
                yield self._change(f"{prefix}-{noun}-unset", level(False), op, where, f"{key} of {label} removed")
            elif key in a and _number(a[key]) and _number(b[key]) and a[key] != b[key]:
                narrows = b[key] < a[key] if is_max else b[key] > a[key]
                verb = "decreased" if b[key] < a[key] else "increased"
                text = f"{key} of {label} {verb} from {a[key]} to {b[key]}"
                yield self._change(f"{prefix}-{noun}-{verb}", level(narrows), op, where, text)


_BOUNDS = (
    ("maxLength", "max-length", True),
    ("maximum", "max", True),
    ("maxItems", "max-items", True),
    ("minLength", "min-length", False),
    ("minimum", "min", False),
    ("minItems", "min-items", False),
)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _param_key(op: Operation, param: Parameter) -> tuple[str, str]:
    """Path parameters match by position (renaming `{id}` to `{user-id}` changes nothing on the wire)."""
    if param.location == "path":
        names = re.findall(r"\{([^}/]+)\}", op.path)
        return ("path", f"#{names.index(param.name)}" if param.name in names else param.name)
    return (param.location, param.name.lower() if param.location == "header" else param.name)


def _type_changed(old: SchemaView, new: SchemaView) -> bool:
    """Type or format changed (oasdiff reports both as a type change); an untyped side compares as anything."""
    if old.types and new.types and old.types != new.types:
        return True
    return bool(old.format and new.format and old.format != new.format) or (
        bool(old.format) != bool(new.format) and bool(old.types and new.types)
    )


def _method(op: Operation) -> str:
    return method_name(op.operation_id, op.method, op.path)


def _arg(op: Operation, param: Parameter, what: str) -> str:
    return f"Client.{_method(op)}({snake_case(param.name)}=...) {what}"


def _field(owner: tuple[str, str] | None, node: SchemaView) -> str | None:
    if owner is None:
        return None
    model, member = owner
    return f"{pascal_case(model)}.{snake_case(member)}"
