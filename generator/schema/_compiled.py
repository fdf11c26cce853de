"""OpenAPI schemas as compiled JSON Schema validators, built once per spec and reused.

OpenAPI 3.0 schemas are translated to JSON Schema 2020-12 (`nullable`, boolean exclusive bounds),
OpenAPI's integer formats get their bounds, and the formats Graph uses (`base64url`) get checkers.
Validators are compiled with jsonschema-rs on first use and cached; the hot path never re-reads
the spec. openapi-core stays the reference for what conforms (see `validation.OpenApiCoreReference`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import jsonschema_rs

from ..documents import escape_pointer
from ..spec import Spec

__all__ = ["FORMATS", "SchemaIndex", "Shape", "cast_text", "errors_of", "to_json_schema"]

_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*={0,2}$")
_BASE64 = re.compile(r"^[A-Za-z0-9+/]*={0,2}$")
_INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
_DROPPED = frozenset({"example", "discriminator", "xml", "externalDocs"})


def _base64url(value: object) -> bool:
    # Format checkers see every instance of a nullable string, null included (openapi-core passes it).
    return not isinstance(value, str) or bool(_BASE64URL.match(value))


def _base64(value: object) -> bool:
    return not isinstance(value, str) or (bool(_BASE64.match(value)) and len(value.rstrip("=")) % 4 != 1)


FORMATS: dict[str, Callable[[object], bool]] = {"base64url": _base64url, "byte": _base64}


def to_json_schema(node: Any, openapi_version: str) -> Any:
    """Translate an OpenAPI schema tree to JSON Schema 2020-12, keeping `$ref`s as they are."""
    return _translate(node, openapi_version.startswith("3.0"))


def _translate(node: Any, legacy: bool) -> Any:
    if isinstance(node, list):
        return [_translate(item, legacy) for item in node]
    if not isinstance(node, Mapping):
        return node
    out = {
        key: _translate(value, legacy)
        for key, value in node.items()
        if key not in _DROPPED and not key.startswith("x-")
    }
    if node.get("format") in _INT_BOUNDS and _is_integer(node):
        low, high = _INT_BOUNDS[node["format"]]
        out.setdefault("minimum", low)
        out.setdefault("maximum", high)
    if legacy:
        for bound, limit in (("exclusiveMinimum", "minimum"), ("exclusiveMaximum", "maximum")):
            if isinstance(out.get(bound), bool):
                exclusive = out.pop(bound)
                if exclusive and limit in out:
                    out[bound] = out.pop(limit)
        if out.pop("nullable", False) is True:
            _make_nullable(out)
    return out


def _is_integer(node: Mapping[str, Any]) -> bool:
    kind = node.get("type")
    return kind == "integer" or (isinstance(kind, list) and "integer" in kind)


def _make_nullable(schema: dict[str, Any]) -> None:
    kind = schema.get("type")
    if isinstance(kind, str):
        schema["type"] = [kind, "null"]
    elif isinstance(kind, list) and "null" not in kind:
        schema["type"] = [*kind, "null"]
    if "enum" in schema and None not in schema["enum"]:
        schema["enum"] = [*schema["enum"], None]
    # A nullable `$ref` or combinator: null must pass even though the referenced schema rejects it.
    if kind is None and any(k in schema for k in ("$ref", "anyOf", "oneOf", "allOf")):
        inner = {k: schema.pop(k) for k in list(schema) if k in ("$ref", "anyOf", "oneOf", "allOf")}
        schema["anyOf"] = [inner, {"type": "null"}]


def errors_of(validator: jsonschema_rs.Validator, instance: Any) -> list[Any]:
    """Every error of `instance`, or RecursionError when it nests past what jsonschema-rs walks (256
    levels: it says so with a ValueError, which callers would take for a bug)."""
    try:
        return list(validator.iter_errors(instance))
    except ValueError as exc:
        if "recursion limit" in str(exc).lower():
            raise RecursionError(str(exc)) from None
        raise


def cast_text(value: str, schema: Mapping[str, Any]) -> Any:
    """A header or query value (always text on the wire) as the JSON type its schema declares."""
    kind = schema.get("type")
    kinds = kind if isinstance(kind, list) else [kind]
    try:
        if "integer" in kinds:
            return int(value)
        if "number" in kinds:
            return float(value)
    except ValueError:
        return value
    if "boolean" in kinds and value in ("true", "false"):
        return value == "true"
    return value


@dataclass
class Shape:
    """The members a schema declares, merged across allOf/anyOf/oneOf, for finding unknown members."""

    properties: dict[str, Shape | None] = field(default_factory=dict)
    closed_by_spec: bool = False  # additionalProperties or patternProperties given: extra members are deliberate
    items: Shape | None = None

    @cached_property
    def nested(self) -> dict[str, Shape]:
        """The members that may hold members of their own (read once the shape is filled)."""
        return {name: sub for name, sub in self.properties.items() if sub is not None}


class SchemaIndex:
    """Everything compiled from the spec's schemas: validators and member shapes, cached by pointer."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._validators: dict[str, jsonschema_rs.Validator] = {}
        self._shapes: dict[int, Shape] = {}

    @cached_property
    def _root(self) -> dict[str, Any]:
        """What every validator carries so that `$ref`s resolve: the components, or the whole document
        when some reference points elsewhere in it."""
        raw = self.spec.library_document
        outside = _refs_outside_components(raw)
        part = raw if outside else {"components": raw.get("components") or {}}
        return {key: value for key, value in to_json_schema(dict(part), self.spec.openapi_version).items()}

    def validator(self, pointer: str, schema: Mapping[str, Any]) -> jsonschema_rs.Validator:
        """A compiled validator for the schema found at `pointer` of the spec."""
        compiled = self._validators.get(pointer)
        if compiled is None:
            root = dict(self._root)
            translated = to_json_schema(schema, self.spec.openapi_version)
            if isinstance(translated, Mapping):
                root.update(translated)
            root["$schema"] = "https://json-schema.org/draft/2020-12/schema"
            compiled = jsonschema_rs.Draft202012Validator(root, validate_formats=True, formats=FORMATS)
            self._validators[pointer] = compiled
        return compiled

    def resolve(self, node: Any) -> Any:
        return self.spec.resolve(node)

    def schema_at(self, root: Mapping[str, Any], root_pointer: str, path: list[str | int]) -> tuple[Any, str]:
        """The schema node a validator's `schema_path` names, and its pointer in the spec.

        jsonschema-rs reports paths after resolving `$ref`s: a path that starts at a top-level key of
        the document (`components`) is absolute in the spec; any other is relative to `root`.
        """
        if path and path[0] in self._root and path[0] not in root:
            node: Any = self.spec.raw
            pointer = ""
        else:
            node, pointer = root, root_pointer
        for step in path:
            child = _child(node, step)
            if child is _MISSING:
                break
            node = child
            pointer = f"{pointer}/{escape_pointer(step)}"
        return node, pointer

    def shape(self, schema: Any) -> Shape:
        """The merged member shape of `schema` (memoised: shapes are walked per exchange)."""
        known = self._shapes.get(id(schema))
        if known is not None:
            return known
        resolved = self.resolve(schema)
        key = id(resolved)
        cached = self._shapes.get(key)
        if cached is None:
            cached = Shape()
            self._shapes[key] = cached  # before filling: recursive schemas terminate
            self._fill(cached, resolved)
        self._shapes[id(schema)] = cached
        return cached

    def _fill(self, shape: Shape, schema: Any) -> None:
        for branch in self._branches(schema, set()):
            if "additionalProperties" in branch or "patternProperties" in branch or "unevaluatedProperties" in branch:
                shape.closed_by_spec = True
            for name, sub in (branch.get("properties") or {}).items():
                shape.properties[name] = self.shape(sub) if self._has_members(sub) else None
            items = branch.get("items")
            if isinstance(items, Mapping) and self._has_members(items):
                shape.items = self.shape(items)

    def _branches(self, schema: Any, seen: set[int]) -> Iterator[Mapping[str, Any]]:
        resolved = self.resolve(schema)
        if not isinstance(resolved, Mapping) or id(resolved) in seen:
            return
        seen.add(id(resolved))
        yield resolved
        for keyword in ("allOf", "anyOf", "oneOf"):
            for sub in resolved.get(keyword) or ():
                yield from self._branches(sub, seen)

    def _has_members(self, schema: Any) -> bool:
        for branch in self._branches(schema, set()):
            kinds = branch.get("type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if branch.get("properties") or branch.get("items") or "object" in kinds or "array" in kinds:
                return True
        return False


_MISSING = object()


def _child(node: Any, step: str | int) -> Any:
    if isinstance(node, Mapping):
        return node.get(step, _MISSING)
    if isinstance(node, list) and isinstance(step, int) and 0 <= step < len(node):
        return node[step]
    return _MISSING


def _refs_outside_components(raw: Mapping[str, Any]) -> bool:
    stack: list[Any] = [raw]
    while stack:
        node = stack.pop()
        if isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#/components/"):
                return True
            stack.extend(value for key, value in node.items() if not key.startswith("x-"))
        elif isinstance(node, list):
            stack.extend(node)
    return False
