"""Upstream types, from either source, as the toolkit's one normaliser reads them (`SchemaView`).

The CSDL is turned into the OpenAPI that Microsoft's converter would write for it (Edm.Int32 ->
`number` + `int32`, Edm.DateTimeOffset -> `string` + `date-time`, a nullable complex type ->
`anyOf [$ref, {type: null}]`, a collection -> an array), so a CSDL type and an OpenAPI schema
become the same kind of view, and the fragment is compared with both by one comparison.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ..documents import escape_pointer
from ..schema import SchemaView, Views
from ._csdl import Csdl, _strip_collection
from ._openapi import OpenApiSlice

__all__ = ["UpstreamType", "csdl_types", "openapi_types"]

_EDM: dict[str, dict[str, str]] = {
    "Edm.String": {"type": "string"},
    "Edm.Boolean": {"type": "boolean"},
    "Edm.Byte": {"type": "number", "format": "uint8"},
    "Edm.SByte": {"type": "number", "format": "int8"},
    "Edm.Int16": {"type": "number", "format": "int16"},
    "Edm.Int32": {"type": "number", "format": "int32"},
    "Edm.Int64": {"type": "number", "format": "int64"},
    "Edm.Single": {"type": "number", "format": "float"},
    "Edm.Double": {"type": "number", "format": "double"},
    "Edm.Decimal": {"type": "number", "format": "decimal"},
    "Edm.DateTimeOffset": {"type": "string", "format": "date-time"},
    "Edm.Date": {"type": "string", "format": "date"},
    "Edm.TimeOfDay": {"type": "string", "format": "time"},
    "Edm.Duration": {"type": "string", "format": "duration"},
    "Edm.Guid": {"type": "string", "format": "uuid"},
    "Edm.Binary": {"type": "string", "format": "base64url"},
    "Edm.Stream": {"type": "string", "format": "base64url"},
}
_PREFIX = "#/components/schemas/"


@dataclass
class UpstreamType:
    """One upstream type: its view, where it is declared, and where each of its members is."""

    name: str
    view: SchemaView
    where: str
    members: dict[str, str] = field(default_factory=dict)  # property or enum member -> "source:line"
    key: tuple[str, ...] | None = None  # the CSDL key; OpenAPI does not say


class _CsdlDocument:
    """A CSDL read as the OpenAPI components Microsoft's converter would write; `$ref`s resolve into it."""

    def __init__(self, csdl: Csdl) -> None:
        self.csdl = csdl
        self._schemas: dict[str, dict[str, Any]] = {}

    def resolve(self, node: Any) -> Any:
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        if isinstance(ref, str) and ref.startswith(_PREFIX):
            return self.schema(ref[len(_PREFIX) :])
        return node

    def schema(self, name: str) -> dict[str, Any]:
        if name not in self._schemas:
            kind = self.csdl.types.get(name)
            if kind is None:
                self._schemas[name] = {}
            elif kind.kind == "enum":
                self._schemas[name] = {"type": "string", "enum": list(kind.members)}
            else:
                properties = {p.name: _property(p.type, p.nullable) for p in self.csdl.all_properties(name).values()}
                self._schemas[name] = {"type": "object", "properties": properties}
        return self._schemas[name]


def _property(type_name: str, nullable: bool) -> dict[str, Any]:
    inner, collection = _strip_collection(type_name)
    base: dict[str, Any] = (
        dict(_EDM[inner]) if inner in _EDM else {} if inner.startswith("Edm.") else {"$ref": _PREFIX + inner}
    )
    if collection:
        return {"type": "array", "items": base}
    if not nullable:
        return base
    if "$ref" in base:
        return {"anyOf": [base, {"type": "null"}]}
    return {**base, "nullable": True} if base else base


def csdl_types(csdl: Csdl, names: Iterable[str]) -> dict[str, UpstreamType]:
    document = _CsdlDocument(csdl)
    views = Views(document)
    found: dict[str, UpstreamType] = {}
    for name in names:
        kind = csdl.types.get(name)
        if kind is None:
            continue
        members = {p.name: f"{csdl.source}:{p.line}" for p in csdl.all_properties(name).values()}
        members.update({member: f"{csdl.source}:{line}" for member, line in kind.members.items()})
        view = views({"$ref": _PREFIX + name})
        key = csdl.key_of(name) if kind.kind == "entity" else None
        found[name] = UpstreamType(name, view, f"{csdl.source}:{kind.line}", members, key)
    return found


def openapi_types(upstream: OpenApiSlice, names: Iterable[str]) -> dict[str, UpstreamType]:
    views = Views(upstream)  # allOf merged: inheritance (`entity` gives `id`) is part of the type
    schemas = upstream.components.get("schemas", {})
    found: dict[str, UpstreamType] = {}
    for name in names:
        if name not in schemas:
            continue
        pointer = f"/components/schemas/{escape_pointer(name)}"
        view = views({"$ref": _PREFIX + name})
        members: dict[str, str] = {}
        for member in list(view.properties) + [str(v) for v in view.enum or ()]:
            line = _member_line(upstream, name, member)
            members[member] = f"{upstream.source}:{line}" if line else upstream.source
        line = upstream.line_of(pointer)
        found[name] = UpstreamType(name, view, f"{upstream.source}:{line}" if line else upstream.source, members)
    return found


def _member_line(upstream: OpenApiSlice, name: str, member: str) -> int | None:
    """The line of a property in the type's own schema or in a base type it inherits through allOf."""
    suffix = f"/properties/{escape_pointer(member)}"
    pending, seen = [name], set()
    while pending:
        current = pending.pop(0)
        if current in seen:
            continue
        seen.add(current)
        prefix = f"/components/schemas/{escape_pointer(current)}"
        for pointer, line in upstream.lines.items():
            if pointer.startswith(prefix + "/") and pointer.endswith(suffix):
                return line
        schema = upstream.components.get("schemas", {}).get(current, {})
        for part in schema.get("allOf", []) if isinstance(schema, Mapping) else []:
            ref = part.get("$ref") if isinstance(part, Mapping) else None
            if isinstance(ref, str) and ref.startswith(_PREFIX):
                pending.append(ref[len(_PREFIX) :])
    return None
