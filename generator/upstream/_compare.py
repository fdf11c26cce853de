"""The fragment held against an upstream source: each mapped schema and path, member by member.

The mapping is written in the spec, where reviewers see it: `x-odata-type: microsoft.graph.user`
on a component schema, `x-upstream-path: /users/{user-id}/...` on a path item. Types are compared
by meaning (`SchemaView`): `number` + `int32` is `integer` + `int32`, every nullable spelling is
nullable, a reference compares by the upstream type it maps to. Each finding names both places:
the fragment's `file:line` and the upstream's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from ..documents import escape_pointer
from ..findings import Finding, Severity
from ..schema import SchemaView, Views
from ..spec import Spec
from ._csdl import Csdl
from ._openapi import OpenApiSlice
from ._types import UpstreamType

__all__ = ["Mapping_", "compare_paths_csdl", "compare_paths_openapi", "compare_types", "mapping_of"]

ERROR, WARNING, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO
_INTEGER_FORMATS = frozenset({"int8", "uint8", "int16", "int32", "int64"})
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


@dataclass(frozen=True)
class Mapping_:
    """What the fragment says it covers upstream: schema key -> OData type, path -> upstream path."""

    types: dict[str, str]
    paths: dict[str, str]


def mapping_of(spec: Spec) -> Mapping_:
    types = {
        str(key): schema["x-odata-type"]
        for key, schema in spec.schemas.items()
        if isinstance(schema, Mapping) and isinstance(schema.get("x-odata-type"), str)
    }
    raw_paths: Mapping[str, Any] = spec.raw["paths"] if isinstance(spec.raw.get("paths"), Mapping) else {}
    paths = {
        str(path): item["x-upstream-path"]
        for path, item in raw_paths.items()
        if isinstance(item, Mapping) and isinstance(item.get("x-upstream-path"), str)
    }
    return Mapping_(types, paths)


class _Here:
    """Builds findings that name the fragment's place and the upstream's."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec

    def finding(self, rule: str, severity: Severity, pointer: str, message: str, upstream: str) -> Finding:
        return Finding(
            rule, severity, str(self.spec.path), self.spec.document.line_of(pointer), message, {"upstream": upstream}
        )


def _kind(node: SchemaView, names: Mapping[str, str]) -> str:
    """What a member is, spelled the same for both sides: `integer/int32`, `microsoft.graph.x`, `array of ...`."""
    if node.name and (node.properties or node.enum is not None or node.variants):
        return names.get(node.name, node.name)
    if "array" in node.types and node.items is not None:
        return f"array of {_kind(node.items, names)}"
    types = set(node.types)
    if types == {"number"} and node.format in _INTEGER_FORMATS:
        types = {"integer"}
    base = "/".join(sorted(types)) or "any"
    return f"{base}/{node.format}" if node.format else base


def compare_types(
    spec: Spec, mapping: Mapping_, upstream: Mapping[str, UpstreamType], source: str
) -> Iterator[Finding]:
    """Each mapped schema against its upstream type: members, types, nullability, enum members, key, required."""
    here = _Here(spec)
    views = Views(spec)
    names = dict(mapping.types)  # fragment key -> upstream name; upstream names map to themselves
    for key, odata in mapping.types.items():
        pointer = f"/components/schemas/{escape_pointer(key)}"
        other = upstream.get(odata)
        if other is None:
            yield here.finding(
                "type-missing", ERROR, pointer, f"{source} has no type {odata} (x-odata-type of {key})", source
            )
            continue
        mine = views({"$ref": f"#/components/schemas/{key}"})
        yield from _members(here, key, pointer, mine, other, names)
        yield from _enum(here, pointer, mine, other)
        declared = spec.schemas[key].get("x-odata-key") if isinstance(spec.schemas[key], Mapping) else None
        if other.key is not None and isinstance(declared, list) and tuple(map(str, declared)) != other.key:
            yield here.finding(
                "key-changed",
                ERROR,
                f"{pointer}/x-odata-key",
                f"{key}: the key is {list(other.key)} upstream, {declared} here",
                other.where,
            )


def _members(
    here: _Here, key: str, pointer: str, mine: SchemaView, other: UpstreamType, names: Mapping[str, str]
) -> Iterator[Finding]:
    theirs = other.view
    for member in sorted(theirs.properties.keys() - mine.properties.keys()):
        where = other.members.get(member, other.where)
        yield here.finding(
            "property-added",
            WARNING,
            pointer,
            f"{key}: upstream {other.name} has a property {member!r} that the fragment lacks",
            where,
        )
    for member in sorted(mine.properties.keys() - theirs.properties.keys()):
        if member.startswith("@"):
            continue  # an instance annotation (`@odata.context`): not part of the metadata
        yield here.finding(
            "property-removed",
            ERROR,
            f"{pointer}/properties/{escape_pointer(member)}",
            f"{key}.{member} is not a property of upstream {other.name}",
            other.where,
        )
    for member in sorted(mine.properties.keys() & theirs.properties.keys()):
        a, b = mine.properties[member], theirs.properties[member]
        at = f"{pointer}/properties/{escape_pointer(member)}"
        where = other.members.get(member, other.where)
        kind_a, kind_b = _kind(a, names), _kind(b, names)
        if kind_a != kind_b:
            yield here.finding("type-changed", ERROR, at, f"{key}.{member} is {kind_a} here, {kind_b} upstream", where)
        if b.nullable and not a.nullable:
            yield here.finding(
                "nullability-changed", ERROR, at, f"{key}.{member} may be null upstream, not here", where
            )
        elif a.nullable and not b.nullable:
            yield here.finding(
                "nullability-changed", WARNING, at, f"{key}.{member} is nullable here, not upstream", where
            )
    for member in sorted(theirs.required - mine.required):
        if member in mine.properties:
            at = f"{pointer}/properties/{escape_pointer(member)}"
            yield here.finding(
                "required-changed",
                WARNING,
                at,
                f"{key}.{member} is required upstream, optional here",
                other.members.get(member, other.where),
            )


def _enum(here: _Here, pointer: str, mine: SchemaView, other: UpstreamType) -> Iterator[Finding]:
    a, b = mine.enum, other.view.enum
    if a is None or b is None:
        return
    for value in b:
        if value not in a:
            where = other.members.get(str(value), other.where)
            yield here.finding(
                "enum-member-added",
                INFO,
                f"{pointer}/enum",
                f"upstream {other.name} has a member {value!r} (an evolvable enum: clients tolerate it)",
                where,
            )
    for value in a:
        if value not in b:
            yield here.finding(
                "enum-member-removed",
                ERROR,
                f"{pointer}/enum",
                f"{value!r} is no member of upstream {other.name}",
                other.where,
            )


def _fragment_operations(spec: Spec, path: str) -> dict[str, Any]:
    item = spec.raw.get("paths", {}).get(path, {})
    return (
        {m: op for m, op in item.items() if m in _METHODS and isinstance(op, Mapping)}
        if isinstance(item, Mapping)
        else {}
    )


def _success_type(spec_like: Any, operation: Mapping[str, Any]) -> str | None:
    """The `$ref` name of the schema of an operation's success response (200, 2XX, 201, ...)."""
    responses: Mapping[str, Any] = operation["responses"] if isinstance(operation.get("responses"), Mapping) else {}
    for status in sorted(responses, key=lambda s: (not str(s).startswith("2"), str(s))):
        if not str(status).startswith("2"):
            continue
        response = spec_like.resolve(responses[status])
        content = response.get("content") if isinstance(response, Mapping) else None
        for media in (content or {}).values():
            schema = media.get("schema") if isinstance(media, Mapping) else None
            while isinstance(schema, Mapping):
                ref = schema.get("$ref")
                if isinstance(ref, str):
                    return ref.rsplit("/", 1)[-1]
                branches = [
                    b for b in schema.get("anyOf", schema.get("oneOf", [])) if isinstance(b, Mapping) and "$ref" in b
                ]
                schema = branches[0] if branches else None
    return None


def compare_paths_openapi(spec: Spec, mapping: Mapping_, upstream: OpenApiSlice) -> Iterator[Finding]:
    here = _Here(spec)
    for path, upstream_path in mapping.paths.items():
        pointer = f"/paths/{escape_pointer(path)}"
        item = upstream.paths.get(upstream_path)
        if not isinstance(item, Mapping):
            yield here.finding(
                "path-missing",
                ERROR,
                f"{pointer}/x-upstream-path",
                f"{upstream.source} has no path {upstream_path}",
                upstream.source,
            )
            continue
        theirs = {m: op for m, op in item.items() if m in _METHODS and isinstance(op, Mapping)}
        mine = _fragment_operations(spec, path)
        upstream_at = f"/paths/{escape_pointer(upstream_path)}"
        for method in sorted(mine.keys() - theirs.keys()):
            line = upstream.line_of(upstream_at)
            yield here.finding(
                "method-missing",
                ERROR,
                f"{pointer}/{method}",
                f"{method.upper()} {path}: upstream has no {method.upper()} on {upstream_path}",
                f"{upstream.source}:{line}",
            )
        for method in sorted(theirs.keys() - mine.keys()):
            line = upstream.line_of(f"{upstream_at}/{method}")
            yield here.finding(
                "method-not-in-fragment",
                INFO,
                pointer,
                f"upstream has {method.upper()} {upstream_path}, which the fragment does not cover",
                f"{upstream.source}:{line}",
            )
        for method in sorted(mine.keys() & theirs.keys()):
            yield from _operation(
                here,
                spec,
                mapping,
                upstream,
                f"{pointer}/{method}",
                mine[method],
                theirs[method],
                f"{upstream_at}/{method}",
                f"{method.upper()} {path}",
            )


def _operation(
    here: _Here,
    spec: Spec,
    mapping: Mapping_,
    upstream: OpenApiSlice,
    pointer: str,
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    upstream_at: str,
    label: str,
) -> Iterator[Finding]:
    line = upstream.line_of(upstream_at)
    where = f"{upstream.source}:{line}" if line else upstream.source
    a, b = _success_type(spec, mine), _success_type(upstream, theirs)
    mapped = mapping.types.get(a, a) if a else None
    if a and b and mapped != b:
        yield here.finding(
            "response-type-changed", ERROR, pointer, f"{label} returns {mapped} here, {b} upstream", where
        )
    names_mine = {
        (p.location, p.name)
        for op in spec.operations
        if op.pointer == pointer
        for p in op.parameters
        if p.location != "path"
    }
    names_theirs = set()
    for param in theirs.get("parameters", []) if isinstance(theirs.get("parameters"), list) else []:
        node = upstream.resolve(param)
        if isinstance(node, Mapping) and node.get("in") != "path":
            names_theirs.add((str(node.get("in")), str(node.get("name"))))
    for location, name in sorted(names_theirs - names_mine):
        yield here.finding(
            "parameter-added",
            INFO,
            pointer,
            f"{label}: upstream has a {location} parameter {name!r} the fragment does not declare",
            where,
        )
    for location, name in sorted(names_mine - names_theirs):
        yield here.finding(
            "parameter-removed",
            WARNING,
            pointer,
            f"{label}: the {location} parameter {name!r} is not declared upstream",
            where,
        )


def compare_paths_csdl(spec: Spec, mapping: Mapping_, csdl: Csdl) -> Iterator[Finding]:
    """Each upstream path must resolve through the entity container and navigation to the type returned."""
    here = _Here(spec)
    for path, upstream_path in mapping.paths.items():
        pointer = f"/paths/{escape_pointer(path)}"
        resolved, problem, line = _navigate(csdl, upstream_path)
        where = f"{csdl.source}:{line}" if line else csdl.source
        if resolved is None:
            yield here.finding(
                "path-missing",
                ERROR,
                f"{pointer}/x-upstream-path",
                f"{upstream_path} does not resolve in {csdl.source}: {problem}",
                where,
            )
            continue
        for method, operation in _fragment_operations(spec, path).items():
            if method != "get":
                continue
            returned = _success_type(spec, operation)
            mapped = mapping.types.get(returned, returned) if returned else None
            if mapped and mapped != resolved:
                yield here.finding(
                    "response-type-changed",
                    ERROR,
                    f"{pointer}/{method}",
                    f"GET {path} returns {mapped} here; {upstream_path} is {resolved} upstream",
                    where,
                )


def _navigate(csdl: Csdl, path: str) -> tuple[str | None, str, int]:
    segments = [s for s in path.split("/") if s]
    if not segments or segments[0] not in csdl.roots:
        return None, f"no entity set or singleton {segments[0] if segments else ''!r}", 0
    current, collection, line = csdl.roots[segments[0]]
    for segment in segments[1:]:
        if segment.startswith("{") and segment.endswith("}"):
            if not collection:
                return None, f"{segment} keys a single entity", line
            collection = False
            continue
        navigation = csdl.all_navigation(current)
        if segment not in navigation:
            return None, f"{current} has no navigation property {segment!r}", csdl.line_of(current)
        target = navigation[segment]
        line = target.line
        inner, collection = (
            (target.type[len("Collection(") : -1], True)
            if target.type.startswith("Collection(")
            else (target.type, False)
        )
        current = inner
    return (None, "the path ends at a collection", line) if collection else (current, "", line)
