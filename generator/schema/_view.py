"""A schema as its meaning, not its spelling: `$ref`s resolved, combinators flattened, nullability unified.

The differ compares these views, so reordering keys, moving a schema into `components`, or writing
"nullable" another way is no change at all. Every nullability encoding is read as the same thing:
OpenAPI 3.0 `nullable: true`; 3.1 `type: [..., "null"]`; and the three ways Microsoft's published
descriptions wrote a nullable reference: `anyOf: [$ref, {type: object, nullable: true}]` (2024),
`nullable: true` beside `anyOf: [$ref]` (January 2026), and `anyOf: [$ref, {enum: [null]}]` (July 2026).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from ..spec import Spec

__all__ = ["CONSTRAINTS", "SchemaView", "Views", "view"]

CONSTRAINTS = (
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minItems",
    "maxItems",
)
_COMBINED = ("anyOf", "oneOf")


@dataclass
class SchemaView:
    types: frozenset[str] = frozenset()
    nullable: bool = False
    format: str | None = None
    enum: tuple[Any, ...] | None = None
    properties: dict[str, SchemaView] = field(default_factory=dict)
    required: frozenset[str] = frozenset()
    items: SchemaView | None = None
    constraints: dict[str, Any] = field(default_factory=dict)
    variants: tuple[SchemaView, ...] = ()
    name: str | None = None  # the component it came from, for naming generated classes

    def describe(self, *, detail: bool = False) -> str:
        """The one vocabulary messages use: `int32 or null`, `date-time`, `string`, `object`.

        A format stands for its type; `detail` adds what narrows the type (an enum, a pattern).
        """
        if self.variants:
            kinds = [v.describe(detail=detail) for v in self.variants]
        elif self.format and self.types <= {"string", "integer", "number"}:
            kinds = [self.format]
        else:
            kinds = sorted(self.types) or ["any value"]
        if detail and self.enum is not None:
            kinds = ["one of " + ", ".join(json.dumps(v) for v in self.enum)]
        elif detail and "pattern" in self.constraints and not self.format:
            kinds = [f"{k} matching {self.constraints['pattern']}" for k in kinds]
        text = " or ".join(dict.fromkeys(kinds))
        return f"{text} or null" if self.nullable else text


class Views:
    """Views of one spec's schemas, each referenced schema built once (specs reuse components a lot)."""

    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self._by_ref: dict[str, SchemaView] = {}
        self._building: set[str] = set()

    def __call__(self, schema: Any) -> SchemaView:
        return _view(self, schema)


def view(spec: Spec, schema: Any) -> SchemaView:
    """The normalised view of `schema` (a node of `spec`). For many schemas of one spec, use `Views`."""
    return Views(spec)(schema)


def _view(views: Views, schema: Any) -> SchemaView:
    if not isinstance(schema, Mapping):
        return SchemaView()
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        target = views._by_ref.get(ref)
        if target is None:
            if ref in views._building:
                return SchemaView(name=name)  # a recursive schema: compared once, at its first appearance
            views._building.add(ref)
            target = _view(views, views.spec.resolve(schema))
            target.name = target.name or name
            views._building.discard(ref)
            views._by_ref[ref] = target
        siblings = {k: v for k, v in schema.items() if k != "$ref"}
        if siblings:  # 3.1 allows keywords beside $ref (nullable in the Microsoft January 2026 form)
            combined = _copy(target)
            _merge(combined, _view(views, siblings))
            return combined
        return target
    return _plain(views, schema)


def _plain(views: Views, schema: Mapping[str, Any]) -> SchemaView:
    """A schema that is not a `$ref`: its own keywords, then its combinators folded in."""
    result = SchemaView()
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
    if "null" in kinds:
        kinds.discard("null")
        result.nullable = True
    if schema.get("nullable") is True:
        result.nullable = True
    result.types = frozenset(kinds)
    result.format = schema.get("format")
    if isinstance(schema.get("enum"), list):
        values = schema["enum"]
        if None in values:
            result.nullable = True
        kept = tuple(v for v in values if v is not None)
        result.enum = kept or None
        if not kept and not kinds:
            result.types = frozenset({"null"})  # `{enum: [null]}`: the null branch of the July 2026 form
    for name, sub in (schema.get("properties") or {}).items():
        result.properties[str(name)] = _view(views, sub)
    result.required = frozenset(map(str, schema.get("required") or ()))
    if isinstance(schema.get("items"), Mapping):
        result.items = _view(views, schema["items"])
    result.constraints = {key: schema[key] for key in CONSTRAINTS if key in schema}
    for sub in schema.get("allOf") or ():
        _merge(result, _view(views, sub))
    for keyword in _COMBINED:
        if keyword in schema:
            branches = [_view(views, sub) for sub in schema[keyword]]
            real = [b for b in branches if not _is_null_branch(b)]
            if len(real) < len(branches):
                result.nullable = True
            if len(real) == 1:
                _merge(result, real[0])
                result.name = result.name or real[0].name
            elif real:
                result.variants = tuple(real)
    return result


def _copy(source: SchemaView) -> SchemaView:
    return replace(source, properties=dict(source.properties), constraints=dict(source.constraints))


def _is_null_branch(branch: SchemaView) -> bool:
    if branch.types == frozenset({"null"}):
        return True
    # Microsoft 2024: `{type: object, nullable: true}` beside the $ref meant "or null".
    return (
        branch.nullable
        and branch.types <= {"object"}
        and not branch.properties
        and branch.name is None
        and not branch.variants
    )


def _merge(into: SchemaView, other: SchemaView) -> None:
    """allOf, or a single real branch of anyOf/oneOf: the constraints of both hold."""
    if other.types:
        into.types = into.types & other.types if into.types else other.types
    into.nullable = into.nullable or other.nullable
    into.format = into.format or other.format
    into.enum = into.enum if into.enum is not None else other.enum
    for name, sub in other.properties.items():
        into.properties.setdefault(name, sub)
    into.required = into.required | other.required
    into.items = into.items or other.items
    for key, value in other.constraints.items():
        into.constraints.setdefault(key, value)
    into.variants = into.variants or other.variants
    into.name = into.name or other.name
