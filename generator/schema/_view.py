"""A schema as its meaning, not its spelling: `$ref`s resolved, combinators flattened, nullability unified.

The differ, the docs checker and validation messages read these views, so reordering keys, moving
a schema into `components`, or writing "nullable" another way is no change at all. Every
nullability encoding is read as the same thing: OpenAPI 3.0 `nullable: true`; 3.1
`type: [..., "null"]`; a `null` branch of `anyOf`/`oneOf`; and the three ways Microsoft's published
descriptions wrote a nullable reference: `anyOf: [$ref, {type: object, nullable: true}]` (2024),
`nullable: true` beside `anyOf: [$ref]` (January 2026), and `anyOf: [$ref, {enum: [null]}]` (July 2026).

`allOf` is merged into one view by default (what an instance must satisfy). The differ keeps the
branches of an `allOf` apart (`Views(spec, merge_all_of=False)`), as oasdiff compares them branch
by branch, unless asked to flatten them (`diff --flatten-allof`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Protocol

from ..spec import Spec

__all__ = ["CONSTRAINTS", "SUBSCHEMA_KEYWORDS", "Resolver", "SchemaView", "Views", "merged", "view"]

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
    "minProperties",
    "maxProperties",
    "multipleOf",
    "uniqueItems",
    "minContains",
    "maxContains",
)
# Keywords whose value is one schema.
SUBSCHEMA_KEYWORDS = (
    "additionalProperties",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "if",
    "then",
    "else",
    "not",
    "contentSchema",
)
# Keywords compared by value: annotations and assertions that hold data rather than schemas.
_VALUE_KEYWORDS = (
    "default",
    "const",
    "discriminator",
    "contentMediaType",
    "contentEncoding",
    "dependentRequired",
    "title",
)
_SCHEMA_MAPS = ("patternProperties", "dependentSchemas")


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
    any_of: tuple[SchemaView, ...] = ()
    one_of: tuple[SchemaView, ...] = ()
    all_of: tuple[SchemaView, ...] = ()  # only when allOf branches are kept apart
    name: str | None = None  # the component it came from, for naming generated classes
    ref: str | None = None  # the `$ref` it was reached through, if any
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    values: dict[str, Any] = field(default_factory=dict)  # `_VALUE_KEYWORDS`, and `x-` extensions
    subschemas: dict[str, SchemaView] = field(default_factory=dict)  # `SUBSCHEMA_KEYWORDS`
    schema_maps: dict[str, dict[str, SchemaView]] = field(default_factory=dict)  # `_SCHEMA_MAPS`
    prefix_items: tuple[SchemaView, ...] | None = None
    boolean: bool | None = None  # a boolean schema (`true`, `false`, `additionalProperties: false`)
    source: Any = None  # the node as written, for telling identical inline schemas apart

    @property
    def variants(self) -> tuple[SchemaView, ...]:
        """The alternatives an instance may be: `oneOf` if given, else `anyOf`."""
        return self.one_of or self.any_of

    @property
    def pattern(self) -> str | None:
        """The pattern, if any; `pattern: ''` matches everything and so is no pattern."""
        value = self.constraints.get("pattern")
        return value if isinstance(value, str) and value else None

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
        elif detail and self.pattern and not self.format:
            kinds = [f"{k} matching {self.pattern}" for k in kinds]
        text = " or ".join(dict.fromkeys(kinds))
        return f"{text} or null" if self.nullable else text


class Resolver(Protocol):
    """What a view needs of a document: following a `$ref` (a `Spec`, or an upstream slice)."""

    def resolve(self, node: Any) -> Any: ...


class Views:
    """Views of one document's schemas, each referenced schema built once (specs reuse components a lot)."""

    def __init__(self, spec: Resolver, *, merge_all_of: bool = True) -> None:
        self.spec = spec
        self.merge_all_of = merge_all_of
        self._by_ref: dict[str, SchemaView] = {}
        self._building: set[str] = set()

    def __call__(self, schema: Any) -> SchemaView:
        return _view(self, schema)


def merged(node: SchemaView) -> SchemaView:
    """`node` with the branches of its `allOf` folded in, as `Views(spec)` builds it."""
    if not node.all_of:
        return node
    result = _copy(node)
    result.all_of = ()
    for part in node.all_of:
        _merge(result, part)
    return result


def view(spec: Spec, schema: Any) -> SchemaView:
    """The normalised view of `schema` (a node of `spec`). For many schemas of one spec, use `Views`."""
    return Views(spec)(schema)


def _view(views: Views, schema: Any) -> SchemaView:
    if isinstance(schema, bool):
        return SchemaView(boolean=schema, source=schema)
    if not isinstance(schema, Mapping):
        return SchemaView()
    ref = schema.get("$ref")
    if isinstance(ref, str):
        name = ref.rsplit("/", 1)[-1]
        target = views._by_ref.get(ref)
        if target is None:
            if ref in views._building:
                return SchemaView(name=name, ref=ref, source=schema)  # recursive: compared at its first appearance
            views._building.add(ref)
            target = _view(views, views.spec.resolve(schema))
            target.name = target.name or name
            target.ref = ref
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
    result = SchemaView(source=schema)
    kind = schema.get("type")
    kinds = set(kind) if isinstance(kind, list) else {kind} if isinstance(kind, str) else set()
    if "null" in kinds:
        kinds.discard("null")
        result.nullable = True
    if schema.get("nullable") is True:
        result.nullable = True
    result.types = frozenset(kinds)
    result.format = schema.get("format") if isinstance(schema.get("format"), str) else None
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
    if isinstance(schema.get("items"), (Mapping, bool)):
        result.items = _view(views, schema["items"])
    if isinstance(schema.get("prefixItems"), list):
        result.prefix_items = tuple(_view(views, sub) for sub in schema["prefixItems"])
    result.constraints = {key: schema[key] for key in CONSTRAINTS if key in schema}
    result.read_only = schema.get("readOnly") is True
    result.write_only = schema.get("writeOnly") is True
    result.deprecated = schema.get("deprecated") is True
    result.values = {k: v for k, v in schema.items() if k in _VALUE_KEYWORDS or str(k).startswith("x-")}
    _subschemas(views, schema, result)
    _combinators(views, schema, result)
    return result


def _subschemas(views: Views, schema: Mapping[str, Any], result: SchemaView) -> None:
    for keyword in SUBSCHEMA_KEYWORDS:
        if isinstance(schema.get(keyword), (Mapping, bool)):
            result.subschemas[keyword] = _view(views, schema[keyword])
    for keyword in _SCHEMA_MAPS:
        if isinstance(schema.get(keyword), Mapping):
            result.schema_maps[keyword] = {str(k): _view(views, v) for k, v in schema[keyword].items()}


def _combinators(views: Views, schema: Mapping[str, Any], result: SchemaView) -> None:
    parts = [_view(views, sub) for sub in schema.get("allOf") or ()]
    if views.merge_all_of:
        for part in parts:
            _merge(result, part)
    else:
        result.all_of = tuple(parts)
    for keyword in ("anyOf", "oneOf"):
        if keyword in schema:
            branches = [_view(views, sub) for sub in schema[keyword]]
            real = [b for b in branches if not _is_null_branch(b)]
            if len(real) < len(branches):
                result.nullable = True
            if len(real) == 1:
                _merge(result, real[0])
                result.name = result.name or real[0].name
            elif real and keyword == "anyOf":
                result.any_of = tuple(real)
            elif real:
                result.one_of = tuple(real)


def _copy(source: SchemaView) -> SchemaView:
    return replace(
        source,
        properties=dict(source.properties),
        constraints=dict(source.constraints),
        values=dict(source.values),
        subschemas=dict(source.subschemas),
        schema_maps=dict(source.schema_maps),
    )


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
    into.prefix_items = into.prefix_items if into.prefix_items is not None else other.prefix_items
    for key, value in other.constraints.items():
        into.constraints.setdefault(key, value)
    into.any_of = into.any_of or other.any_of
    into.one_of = into.one_of or other.one_of
    into.all_of = into.all_of or other.all_of
    into.name = into.name or other.name
    into.ref = into.ref or other.ref
    into.read_only = into.read_only or other.read_only
    into.write_only = into.write_only or other.write_only
    into.deprecated = into.deprecated or other.deprecated
    for key, value in other.values.items():
        into.values.setdefault(key, value)
    for key, sub in other.subschemas.items():
        into.subschemas.setdefault(key, sub)
    for key, subs in other.schema_maps.items():
        into.schema_maps.setdefault(key, subs)
    if into.boolean is None:
        into.boolean = other.boolean
