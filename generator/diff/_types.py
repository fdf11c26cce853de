"""Is a type change a widening, a narrowing, or neither? oasdiff's lattice, with its direction.

A request accepts what it accepted before when its type widens (integer -> number, a format
dropped, int32 -> int64): "generalized". A response sends only what it sent before when its type
narrows: "specialized". Anything else breaks: "changed". Text bodies (not JSON) and parameters are
loosely typed, since everything on the wire there is a string: a swap that a string still carries
is "compatible" (bodies) or generalized (parameters).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..schema import SchemaView

__all__ = ["format_changed", "list_of_types", "request_type_verdict", "response_type_verdict", "type_changed"]

_WIDER_FORMATS = {
    "number": {("float", "double")},
    "integer": {("int32", "int64"), ("int32", "bigint"), ("int64", "bigint")},
    "string": {("date", "date-time"), ("time", "date-time")},
}


def type_changed(old: SchemaView, new: SchemaView) -> bool:
    return old.types != new.types


def format_changed(old: SchemaView, new: SchemaView) -> bool:
    return (old.format or "") != (new.format or "")


def _subtype(narrow: str, wide: str) -> bool:
    return narrow == wide or (narrow == "integer" and wide == "number")


def _covered(types: Iterable[str], by: frozenset[str]) -> bool:
    return all(any(_subtype(t, s) for s in by) for t in types)


def _type_contained(to: frozenset[str], source: frozenset[str], strong: bool) -> bool:
    """Does every value of the `source` types still fit in the `to` types?"""
    if len(to) == 1 and len(source) == 1 and _subtype(next(iter(source)), next(iter(to))):
        return True
    return not strong and (not to or to == {"string"})


def _format_contained(types: frozenset[str], to: str, source: str) -> bool:
    if not to:
        return True
    if len(types) != 1:
        return False
    return (source, to) in _WIDER_FORMATS.get(next(iter(types)), set())


def _breaking(
    added: frozenset[str],
    deleted: frozenset[str],
    formats: tuple[str, str] | None,
    to_types: frozenset[str],
    strong: bool,
) -> bool:
    """oasdiff's `typeFormatBreaking`: values of the old type or format no longer fit the new one."""
    if (added or deleted) and not to_types:
        return False  # the type constraint was dropped: everything fits
    type_breaks = bool(added or deleted) and not _type_contained(added, deleted, strong)
    format_breaks = formats is not None and not _format_contained(to_types, formats[1], formats[0])
    return type_breaks or format_breaks


def request_type_verdict(old: SchemaView, new: SchemaView, *, strong: bool) -> str | None:
    """`changed`, `generalized` or `compatible` for a request schema whose type or format changed; None if neither."""
    if not type_changed(old, new) and not format_changed(old, new):
        return None
    added, deleted = new.types - old.types, old.types - new.types
    widened = bool(old.types) and _covered(old.types, new.types)
    if widened:
        added = deleted = frozenset()
    formats = (old.format or "", new.format or "") if format_changed(old, new) else None
    if _breaking(added, deleted, formats, new.types, strong):
        return "changed"
    if type_changed(old, new) and old.types and new.types and not widened:
        return "compatible"
    return "generalized"


def response_type_verdict(old: SchemaView, new: SchemaView, *, strong: bool) -> str | None:
    """`changed`, `generalized`, `specialized` or `compatible` for a response schema; None if neither changed.

    The mirror of the request: judged toward the base, since a client reads what the base promised.
    """
    if not type_changed(old, new) and not format_changed(old, new):
        return None
    added, deleted = new.types - old.types, old.types - new.types
    narrowed = bool(new.types) and _covered(new.types, old.types)
    if narrowed:
        added = deleted = frozenset()
    formats = (new.format or "", old.format or "") if format_changed(old, new) else None
    if _breaking(deleted, added, formats, old.types, strong):
        widened = bool(old.types) and _covered(old.types, new.types)
        return "generalized" if widened and type_changed(old, new) else "changed"
    if type_changed(old, new) and old.types and new.types and not narrowed:
        return "compatible"
    return "specialized"


def list_of_types(node: SchemaView) -> tuple[str, frozenset[str]] | None:
    """The type pattern of a schema: ("single", {t}) for a typed schema, ("list", {...}) for a oneOf/anyOf of
    plain single-type schemas, None when it is neither (an object with properties, an allOf, a `not`)."""
    if node.all_of or node.properties or "not" in node.subschemas:
        return None
    branches = node.variants
    if branches and all(_simple(b) for b in branches):
        return "list", frozenset(next(iter(b.types)) for b in branches)
    if node.types and not branches:
        return "single", frozenset(sorted(node.types)[:1])
    return None


def _simple(node: SchemaView) -> bool:
    return len(node.types) == 1 and not node.properties and not node.variants and not node.all_of
