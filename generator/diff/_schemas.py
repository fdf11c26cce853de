"""Two schemas compared aspect by aspect, then their children: oasdiff's schema rules.

`compare` walks a pair of `SchemaView`s (the toolkit's one normaliser) top-down. At each node every
aspect in `ASPECTS` looks at one thing (type, nullability, enum, bounds, pattern, properties,
composition, JSON Schema 2020-12 keywords, discriminator, deprecation) and reports through the
`Site`, which names the rule after the subject (body, property, parameter, header). Then the walk
goes on into what both revisions share: properties, items, matched `anyOf`/`oneOf`/`allOf`
branches, `additionalProperties`, `prefixItems` and the other subschema keywords. What one side
lacks is reported by the aspect that owns it (a property removed, a branch added), not walked.

The direction decides the level: a request that accepts less breaks clients, a response that may
send more breaks them. `readOnly` properties are not sent, so request rules skip them (oasdiff has
`request-read-only-property-*` INFO ids for some); `writeOnly` properties are not received, so
response rules skip them (`response-*-write-only-*` INFO ids for some).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

from ..errors import SpecError
from ..limits import MAX_DIFF_NODES
from ..names import snake_case
from ..schema import SUBSCHEMA_KEYWORDS, SchemaView, Views
from ._lifecycle import sunset_of
from ._pairs import branch_name, pair_branches
from ._rules import is_rule, level_of
from ._site import Report, Site
from ._types import format_changed, list_of_types, request_type_verdict, response_type_verdict, type_changed

__all__ = ["ASPECTS", "SchemaDiffer"]

Aspect = Callable[["SchemaDiffer", SchemaView, SchemaView, Site], None]


class SchemaDiffer:
    """Compares schema pairs into one `Report`; `classes` names generated models for client messages."""

    def __init__(
        self,
        report: Report,
        old_views: Views,
        new_views: Views,
        classes: Mapping[str, str],
        today: dt.date,
        source: str,
    ) -> None:
        self.report = report
        self.old_views = old_views
        self.new_views = new_views
        self.classes = classes
        self.today = today
        self.source = source
        self._active: set[tuple[int, int]] = set()
        self._quiet: set[tuple[int, int, str, bool]] = set()
        self._visits = 0

    def compare(self, old: SchemaView, new: SchemaView, site: Site) -> None:
        key = (id(old), id(new))
        quiet_key = (id(old), id(new), site.prefix, site.strong)
        if key in self._active or quiet_key in self._quiet:
            return  # a recursive schema, or a shared one already found unchanged here
        self._visits += 1
        if self._visits > MAX_DIFF_NODES:
            raise SpecError(self.source, f"the schemas expand to more than {MAX_DIFF_NODES:,} nodes to compare")
        before = len(self.report.changes)
        self._active.add(key)
        try:
            for aspect in ASPECTS:
                aspect(self, old, new, site)
            if site.kind != "header":  # oasdiff compares a response header's own schema only
                for old_child, new_child, child_site in _children(self, old, new, site):
                    self.compare(old_child, new_child, child_site)
        finally:
            self._active.discard(key)
        if len(self.report.changes) == before:
            self._quiet.add(quiet_key)

    def class_of(self, node: SchemaView) -> str | None:
        return self.classes.get(node.name) if node.name else None

    def emit(self, site: Site, suffix: str, text: str, client: str | None = None, *, guarded: bool = False) -> bool:
        """Report `{subject}-{suffix}` if oasdiff has that rule for the subject.

        A breaking change to a node that is not sent this way is dropped: always for writeOnly response
        properties; for readOnly request properties where oasdiff's rule says so (`guarded`).
        """
        rule = site.rule(suffix)
        if not is_rule(rule):
            return False
        if site.hidden and level_of(rule).rank > 0 and (guarded or site.side == "response"):
            return False
        return self.report.at(site, suffix, text, client)

    def emit_rule(self, rule: str, site: Site, text: str, client: str | None = None) -> None:
        self.report.add(rule, site.operation, site.location, text, client)


# What lies one level down, on both sides.


def _children(
    differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site
) -> Iterator[tuple[SchemaView, SchemaView, Site]]:
    model = differ.class_of(new) or differ.class_of(old)
    for name in sorted(set(old.properties) & set(new.properties)):
        child = site.child(name, f"properties/{name}", client=f"{model}.{snake_case(name)}" if model else None)
        yield old.properties[name], new.properties[name], _flags(child, new.properties[name])
    if old.items is not None and new.items is not None:
        yield old.items, new.items, site.child("items", "items", client=site.client)
    for keyword, attribute in (("allOf", "all_of"), ("anyOf", "any_of"), ("oneOf", "one_of")):
        before, after = getattr(old, attribute), getattr(new, attribute)
        for i, j in pair_branches(before, after).matched:
            label = branch_name(before[i], i)
            yield before[i], after[j], site.child(f"{keyword}[{label}]", f"{keyword}/{j}")
    if old.prefix_items and new.prefix_items:
        for i, j in pair_branches(old.prefix_items, new.prefix_items).matched:
            label = branch_name(old.prefix_items[i], i)
            yield old.prefix_items[i], new.prefix_items[j], site.child(f"prefixItems[{label}]", f"prefixItems/{j}")
    for keyword in SUBSCHEMA_KEYWORDS:
        a, b = old.subschemas.get(keyword), new.subschemas.get(keyword)
        if a is not None and b is not None and a.boolean is None and b.boolean is None:
            yield a, b, site.child(keyword, keyword)
    for keyword in ("patternProperties", "dependentSchemas"):
        before_map, after_map = old.schema_maps.get(keyword, {}), new.schema_maps.get(keyword, {})
        for key in sorted(set(before_map) & set(after_map)):
            yield before_map[key], after_map[key], site.child(f"{keyword}[{key}]", f"{keyword}/{key}")


def _flags(site: Site, node: SchemaView) -> Site:
    """A readOnly property is never sent in a request, a writeOnly one never received in a response."""
    hidden = node.read_only if site.side == "request" else node.write_only
    return replace(site, hidden=hidden) if hidden else site


# Aspects. Each compares one thing and reports through `differ.emit` (or a fixed rule id).


def _text(value: Any) -> str:
    return json.dumps(value, default=str)


def _type(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    if old.boolean is not None or new.boolean is not None:
        return
    if not (type_changed(old, new) or format_changed(old, new)) or _list_of_types_change(old, new):
        return
    if _wrapped_in_one_of(old, new):
        return
    if site.kind == "parameter" and not site.root:
        strong = request_type_verdict(old, new, strong=True) == "changed"
        weak = request_type_verdict(old, new, strong=False) == "changed"
        verdict = "changed" if strong != weak else "specialized" if strong else "generalized"
    elif site.side == "request":
        verdict = request_type_verdict(old, new, strong=site.strong) or "generalized"
        if site.kind == "parameter":
            verdict = "generalized" if verdict == "compatible" or _exploded_array(old, new, site) else verdict
    else:
        verdict = response_type_verdict(old, new, strong=site.strong and site.kind == "body") or "specialized"
    text = f"type of {site.subject} changed from {old.describe()} to {new.describe()}"
    differ.emit(site, f"type-{verdict}", text, _client(site, f"changes type to {new.describe()}"))


def _exploded_array(old: SchemaView, new: SchemaView, site: Site) -> bool:
    """A scalar query parameter that became an array sent as `?q=a&q=b`: every old request is still valid."""
    param = site.parameter
    if param is None or new.types != {"array"} or len(old.types) != 1 or new.items is None:
        return False
    return param.style == "form" and param.explode and new.items.types == old.types


def _list_of_types_change(old: SchemaView, new: SchemaView) -> tuple[frozenset[str], frozenset[str]] | None:
    a, b = list_of_types(old), list_of_types(new)
    if a is None or b is None or a == b or "list" not in (a[0], b[0]):
        return None
    return b[1] - a[1], a[1] - b[1]


def _list_of_types(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    change = _list_of_types_change(old, new)
    if change is None:
        return
    added, deleted = change
    widened = not deleted if site.side == "request" else bool(added)
    types = ", ".join(sorted((list_of_types(new) or ("", frozenset()))[1]))
    verb = "widened" if widened else "narrowed"
    differ.emit(site, f"list-of-types-{verb}", f"the types {site.subject} may be were {verb} to {types}", guarded=True)


def _nullable(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    if old.nullable == new.nullable or old.boolean is not None or new.boolean is not None:
        return
    if new.nullable:
        differ.emit(site, "became-nullable", f"{site.subject} became nullable", _client(site, "may now be None"))
    else:
        differ.emit(
            site, "became-not-nullable", f"{site.subject} became not nullable", _client(site, "may no longer be None")
        )


def _enum(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    if site.side == "request":
        _request_enum(differ, old, new, site)
    else:
        _response_enum(differ, old, new, site)
    before, after = old.values.get("x-extensible-enum"), new.values.get("x-extensible-enum")
    if site.side == "request" and isinstance(before, list) and isinstance(after, list):
        for value in before:
            if value not in after:
                differ.emit(
                    site,
                    "x-extensible-enum-value-removed",
                    f"x-extensible-enum value {_text(value)} removed from {site.subject}",
                )


def _request_enum(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    """A value no longer accepted breaks; oasdiff counts dropping the whole enum as removing each value."""
    if old.enum is None and new.enum is None:
        return
    if old.enum is None:
        differ.emit(site, "became-enum", f"{site.subject} became an enum", _client(site, "accepts fewer values"))
        if (
            site.kind == "parameter"
            and site.root
            and site.parameter is not None
            and site.parameter.location == "header"
        ):
            differ.emit_rule("request-header-property-became-enum", site, f"{site.subject} became an enum")
        return
    for value in old.enum or ():
        if new.enum is None or value not in new.enum:
            text = f"enum value {_text(value)} removed from {site.subject}"
            if site.kind == "body" and not site.root and new.read_only:
                differ.emit_rule("request-read-only-property-enum-value-removed", site, text)
            else:
                differ.emit(site, "enum-value-removed", text, _client(site, "accepts fewer values"))
    for value in new.enum or ():
        if value not in (old.enum or ()):
            differ.emit(site, "enum-value-added", f"enum value {_text(value)} added to {site.subject}")


def _response_enum(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    if old.enum is None or new.enum is None:
        return
    removed = [value for value in old.enum if value not in new.enum]
    added = [value for value in new.enum if value not in old.enum]
    if site.kind == "body" and site.root:
        for value in removed:
            differ.emit_rule(
                "response-mediatype-enum-value-removed", site, f"enum value {_text(value)} removed from {site.subject}"
            )
        return
    for value in removed:
        differ.emit(site, "enum-value-removed", f"enum value {_text(value)} removed from {site.subject}")
    for value in added:
        text = f"enum value {_text(value)} added to {site.subject}"
        if new.write_only:
            differ.emit_rule("response-write-only-property-enum-value-added", site, text)
        else:
            differ.emit(
                site, "enum-value-added", text, _client(site, f"may hold {_text(value)}, which its enum does not list")
            )


@dataclass(frozen=True)
class Bound:
    """A numeric keyword oasdiff compares: `upper` bounds narrow when lowered; some read 0 as no bound."""

    keyword: str
    noun: str
    upper: bool
    zero_is_unset: bool = False


BOUNDS = (
    Bound("maximum", "max", upper=True),
    Bound("exclusiveMaximum", "exclusive-max", upper=True),
    Bound("minimum", "min", upper=False),
    Bound("exclusiveMinimum", "exclusive-min", upper=False),
    Bound("maxLength", "max-length", upper=True),
    Bound("minLength", "min-length", upper=False, zero_is_unset=True),
    Bound("maxItems", "max-items", upper=True),
    Bound("minItems", "min-items", upper=False, zero_is_unset=True),
    Bound("maxProperties", "max-properties", upper=True),
    Bound("minProperties", "min-properties", upper=False, zero_is_unset=True),
    Bound("minContains", "min-contains", upper=False),
    Bound("maxContains", "max-contains", upper=True),
)


def _number(value: Any) -> float | None:
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _bounds(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    """Every bound in `BOUNDS`: set, unset, raised, lowered; the rule table says which exist for which subject."""
    for bound in BOUNDS:
        a, b = _number(old.constraints.get(bound.keyword)), _number(new.constraints.get(bound.keyword))
        if a is None and b is None and bound.keyword == "maxItems" and site.kind == "parameter" and site.root:
            a, b = (_number(n.items.constraints.get("maxItems")) if n.items else None for n in (old, new))
        if bound.zero_is_unset:  # absent is 0: a bound set from nothing is a bound raised (oasdiff at 4553c69d)
            a, b = a or 0, b or 0
            a_set = b_set = True
        else:
            a_set, b_set = a is not None, b is not None
        events = []
        if b_set and not a_set:
            events.append(("set", f"{bound.keyword} of {site.subject} set to {b}"))
        elif a_set and not b_set:
            events.append(("unset", f"{bound.keyword} of {site.subject} removed (was {a})"))
        if a is not None and b is not None and a != b:
            verb = "increased" if b > a else "decreased"
            events.append((verb, f"{bound.keyword} of {site.subject} {verb} from {a} to {b}"))
        for event, text in events:
            suffix = f"{bound.noun}-{event}"
            if site.side == "request" and site.kind == "body" and not site.root and new.read_only:
                differ.report.add_if_rule(f"request-read-only-property-{suffix}", site.operation, site.location, text)
                continue
            narrows = (event == "set") or (event == "decreased") == bound.upper
            differ.emit(site, suffix, text, _client(site, "accepts fewer values") if narrows else None, guarded=True)


def _pattern(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    a, b = old.pattern, new.pattern
    if a == b:
        return
    if b is None:
        differ.emit(site, "pattern-removed", f"pattern {a!r} removed from {site.subject}")
    elif a is None:
        differ.emit(
            site, "pattern-added", f"pattern {b!r} added to {site.subject}", _client(site, "accepts fewer values")
        )
    elif site.side == "request" and b == ".*":
        differ.emit(site, "pattern-generalized", f"pattern of {site.subject} relaxed from {a!r} to '.*'")
    else:
        differ.emit(site, "pattern-changed", f"pattern of {site.subject} changed from {a!r} to {b!r}")


def _properties(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    if site.kind == "body" and site.side == "request":
        _request_properties(differ, old, new, site)
    elif site.kind == "body":
        _response_properties(differ, old, new, site)
    elif site.kind == "parameter" and site.parameter is not None and site.parameter.location == "header":
        _header_properties(differ, old, new, site)


def _member(site: Site, name: str) -> str:
    return f"{site.path}/{name}" if site.path else name


def _moved(old: SchemaView, new: SchemaView) -> frozenset[str]:
    """Properties that moved into the alternatives of a `oneOf` the schema was wrapped in."""
    if not _wrapped_in_one_of(old, new):
        return frozenset()
    return frozenset(name for name in old.properties if any(name in branch.properties for branch in new.one_of))


def _request_properties(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    moved = _moved(old, new)
    for name in new.properties.keys() - old.properties.keys():
        sub = new.properties[name]
        if sub.read_only:
            continue
        where = site.child(name, f"properties/{name}")
        if name in new.required:
            rule = (
                "new-required-request-property-with-default"
                if "default" in sub.values
                else "new-required-request-property"
            )
            differ.emit_rule(rule, where, f"required request property '{_member(site, name)}' added")
        else:
            differ.emit_rule(
                "new-optional-request-property", where, f"optional request property '{_member(site, name)}' added"
            )
    for name in old.properties.keys() - new.properties.keys():
        if old.properties[name].read_only or name in moved:
            continue
        differ.emit_rule(
            "request-property-removed",
            site.child(name, f"properties/{name}"),
            f"request property '{_member(site, name)}' removed",
        )
    for name in sorted(old.properties.keys() & new.properties.keys()):
        before, after = old.properties[name], new.properties[name]
        where = site.child(name, f"properties/{name}")
        _mutability(differ, before, after, where, "request", name in old.required)
        if after.read_only:
            continue
        if name in new.required and name not in old.required:
            rule = (
                "request-property-became-required-with-default"
                if "default" in after.values
                else "request-property-became-required"
            )
            differ.emit_rule(rule, where, f"request property '{where.path}' became required")
        elif name in old.required and name not in new.required:
            differ.emit_rule(
                "request-property-became-optional", where, f"request property '{where.path}' became optional"
            )


def _response_properties(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    moved = _moved(old, new)
    model = differ.class_of(new) or differ.class_of(old)
    for name in sorted(old.properties.keys() - new.properties.keys()):
        if name in moved:
            continue
        sub = old.properties[name]
        where = site.child(name, f"properties/{name}", client=f"{model}.{snake_case(name)}" if model else None)
        kind = "required" if name in old.required else "optional"
        rule = f"response-{kind}-{'write-only-' if sub.write_only else ''}property-removed"
        differ.emit_rule(
            rule,
            where,
            f"{kind} response property '{where.path}' removed ({site.status})",
            _client(where, "is removed"),
        )
    for name in sorted(new.properties.keys() - old.properties.keys()):
        sub = new.properties[name]
        where = site.child(name, f"properties/{name}")
        kind = "required" if name in new.required else "optional"
        rule = f"response-{kind}-{'write-only-' if sub.write_only else ''}property-added"
        differ.emit_rule(rule, where, f"{kind} response property '{where.path}' added ({site.status})")
    for name in sorted(old.properties.keys() & new.properties.keys()):
        before, after = old.properties[name], new.properties[name]
        where = site.child(name, f"properties/{name}", client=f"{model}.{snake_case(name)}" if model else None)
        _mutability(differ, before, after, where, "response", name in old.required)
        write_only = (after if site.root else before).write_only
        if name in old.required and name not in new.required:
            rule = "response-write-only-property-became-optional" if write_only else "response-property-became-optional"
            differ.emit_rule(
                rule,
                where,
                f"response property '{where.path}' became optional ({site.status})",
                _client(where, "may now be None"),
            )
        elif name in new.required and name not in old.required:
            rule = "response-write-only-property-became-required" if write_only else "response-property-became-required"
            differ.emit_rule(rule, where, f"response property '{where.path}' became required ({site.status})")


def _mutability(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site, side: str, required: bool) -> None:
    kind = "required" if required else "optional"
    for flag, attribute in (("write-only", "write_only"), ("read-only", "read_only")):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            rule = f"{side}-{kind}-property-became-{'' if after else 'not-'}{flag}"
            differ.emit_rule(rule, site, f"{side} property '{site.path}' became {'' if after else 'not '}{flag}")


def _header_properties(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    param = site.parameter.name if site.parameter else ""
    for name in sorted(new.properties.keys() - old.properties.keys()):
        if name in new.required and not new.properties[name].read_only:
            where = site.child(name, f"properties/{name}")
            differ.emit_rule(
                "new-required-request-header-property",
                where,
                f"required property '{where.path}' added to header '{param}'",
            )
    for name in sorted(old.properties.keys() & new.properties.keys()):
        if name in new.required and name not in old.required and not new.properties[name].read_only:
            where = site.child(name, f"properties/{name}")
            differ.emit_rule(
                "request-header-property-became-required",
                where,
                f"property '{where.path}' of header '{param}' became required",
            )


_ANNOTATIONS = frozenset({"title", "description", "example", "examples", "default", "externalDocs", "$comment"})


def _annotation_only(node: SchemaView) -> bool:
    return isinstance(node.source, Mapping) and node.ref is None and set(node.source) <= _ANNOTATIONS


def _composition(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    wrapped = _wrapped_in_one_of(old, new)
    if wrapped and site.kind == "body" and site.root:
        differ.emit_rule(f"{site.side}-body-wrapped-in-one-of", site, f"{site.subject} was wrapped in a oneOf")
    for keyword, attribute, noun in (
        ("allOf", "all_of", "all-of"),
        ("anyOf", "any_of", "any-of"),
        ("oneOf", "one_of", "one-of"),
    ):
        before, after = getattr(old, attribute), getattr(new, attribute)
        if not before and not after:
            continue
        if keyword != "allOf" and _list_of_types_change(old, new) is not None:
            continue
        if keyword == "oneOf" and wrapped and site.root:
            continue
        pairing = pair_branches(before, after)
        for verb, side, indexes in (("added", after, pairing.added), ("removed", before, pairing.removed)):
            if not indexes:
                continue
            groups = {False: [i for i in indexes if not (keyword == "allOf" and _annotation_only(side[i]))]}
            groups[True] = [i for i in indexes if i not in groups[False]]
            for annotation_only, chosen in groups.items():
                if chosen:
                    names = ", ".join(branch_name(side[i], i) for i in chosen)
                    suffix = f"{noun}-{verb}{'-annotation-only' if annotation_only else ''}"
                    differ.emit(site, suffix, f"{keyword} branches {verb} in {site.subject}: {names}")
    if old.prefix_items is not None or new.prefix_items is not None:
        pairing = pair_branches(old.prefix_items or (), new.prefix_items or ())
        if pairing.added:
            names = ", ".join(branch_name((new.prefix_items or ())[j], j) for j in pairing.added)
            differ.emit(site, "prefix-items-added", f"prefixItems added to {site.subject}: {names}")
        if pairing.removed:
            names = ", ".join(branch_name((old.prefix_items or ())[i], i) for i in pairing.removed)
            differ.emit(site, "prefix-items-removed", f"prefixItems removed from {site.subject}: {names}")


def _wrapped_in_one_of(old: SchemaView, new: SchemaView) -> bool:
    """An object whose properties moved into the alternatives of a `oneOf` (oasdiff's "wrapped in oneOf")."""
    if not old.properties or old.one_of or not new.one_of or new.properties or new.types:
        return False
    return any(name in branch.properties for name in old.properties for branch in new.one_of)


_KEYWORD_NOUNS = (
    ("if", "if"),
    ("then", "then"),
    ("else", "else"),
    ("contains", "contains"),
    ("propertyNames", "property-names"),
    ("unevaluatedItems", "unevaluated-items"),
    ("unevaluatedProperties", "unevaluated-properties"),
    ("contentSchema", "content-schema"),
)


def _keywords(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    """JSON Schema 2020-12 keywords: a subschema added constrains more, removed constrains less."""
    for keyword, noun in _KEYWORD_NOUNS:
        a, b = old.subschemas.get(keyword), new.subschemas.get(keyword)
        had, has = a is not None and a.boolean is None, b is not None and b.boolean is None
        if has and not had:
            differ.emit(site, f"{noun}-added", f"{keyword} added to {site.subject}")
        elif had and not has:
            differ.emit(site, f"{noun}-removed", f"{keyword} removed from {site.subject}")
    for keyword, noun in (("patternProperties", "pattern-property"), ("dependentSchemas", "dependent-schema")):
        before, after = old.schema_maps.get(keyword, {}), new.schema_maps.get(keyword, {})
        for key in sorted(after.keys() - before.keys()):
            differ.emit(site, f"{noun}-added", f"{keyword} {key!r} added to {site.subject}")
        for key in sorted(before.keys() - after.keys()):
            differ.emit(site, f"{noun}-removed", f"{keyword} {key!r} removed from {site.subject}")
    _dependent_required(differ, old.values.get("dependentRequired"), new.values.get("dependentRequired"), site)
    for keyword, noun in (("contentMediaType", "content-media-type"), ("contentEncoding", "content-encoding")):
        a, b = old.values.get(keyword), new.values.get(keyword)
        if a != b:
            differ.emit(site, f"{noun}-changed", f"{keyword} of {site.subject} changed from {_text(a)} to {_text(b)}")
    _value_change(differ, old, new, site, "const", "const")
    if site.kind == "body":
        _value_change(differ, old, new, site, "default", "default-value")


def _dependent_required(differ: SchemaDiffer, before: Any, after: Any, site: Site) -> None:
    before = before if isinstance(before, Mapping) else {}
    after = after if isinstance(after, Mapping) else {}
    for key in sorted(after.keys() - before.keys()):
        differ.emit(site, "dependent-required-added", f"dependentRequired {key!r} added to {site.subject}")
    for key in sorted(before.keys() - after.keys()):
        differ.emit(site, "dependent-required-removed", f"dependentRequired {key!r} removed from {site.subject}")
    for key in sorted(before.keys() & after.keys()):
        if before[key] != after[key]:
            differ.emit(site, "dependent-required-changed", f"dependentRequired {key!r} of {site.subject} changed")


def _value_change(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site, keyword: str, noun: str) -> None:
    had, has = keyword in old.values, keyword in new.values
    a, b = old.values.get(keyword), new.values.get(keyword)
    if has and not had:
        differ.emit(site, f"{noun}-added", f"{keyword} {_text(b)} added to {site.subject}")
    elif had and not has:
        differ.emit(site, f"{noun}-removed", f"{keyword} {_text(a)} removed from {site.subject}")
    elif had and a != b:
        differ.emit(site, f"{noun}-changed", f"{keyword} of {site.subject} changed from {_text(a)} to {_text(b)}")


def _discriminator(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    if site.kind != "body":
        return
    a, b = old.values.get("discriminator"), new.values.get("discriminator")
    a = a if isinstance(a, Mapping) else None
    b = b if isinstance(b, Mapping) else None
    if a is None and b is None:
        return
    if a is None:
        differ.emit(site, "discriminator-added", f"discriminator added to {site.subject}")
        return
    if b is None:
        differ.emit(site, "discriminator-removed", f"discriminator removed from {site.subject}")
        return
    if a.get("propertyName") != b.get("propertyName"):
        text = f"discriminator property of {site.subject} changed from {_text(a.get('propertyName'))} to {_text(b.get('propertyName'))}"
        differ.emit(site, "discriminator-property-name-changed", text)
    before: Mapping[str, Any] = a["mapping"] if isinstance(a.get("mapping"), Mapping) else {}
    after: Mapping[str, Any] = b["mapping"] if isinstance(b.get("mapping"), Mapping) else {}
    if after.keys() - before.keys():
        differ.emit(
            site,
            "discriminator-mapping-added",
            f"discriminator mapping {sorted(after.keys() - before.keys())} added to {site.subject}",
        )
    if before.keys() - after.keys():
        differ.emit(
            site,
            "discriminator-mapping-deleted",
            f"discriminator mapping {sorted(before.keys() - after.keys())} removed from {site.subject}",
        )
    for key in sorted(before.keys() & after.keys()):
        if before[key] != after[key]:
            differ.emit(
                site, "discriminator-mapping-changed", f"discriminator mapping {key!r} of {site.subject} changed"
            )


def _deprecation(differ: SchemaDiffer, old: SchemaView, new: SchemaView, site: Site) -> None:
    if site.kind != "body" or site.root or old.deprecated == new.deprecated:
        return
    if not new.deprecated:
        differ.emit(site, "reactivated", f"{site.subject} is no longer deprecated")
        return
    sunset = sunset_of(new.values)
    if not sunset.present:
        differ.emit(site, "deprecated", f"{site.subject} deprecated")
    elif sunset.error:
        differ.emit(site, "deprecated-sunset-invalid", f"{site.subject} deprecated: {sunset.error}")
    elif (sunset.days_left(differ.today) or 0) < 0:
        differ.emit(
            site, "sunset-date-too-small", f"{site.subject} deprecated with a sunset date in the past ({sunset.date})"
        )
    else:
        differ.emit(site, "deprecated-with-sunset", f"{site.subject} deprecated, sunset {sunset.date}")


def _client(site: Site, what: str) -> str | None:
    return f"{site.client} {what}" if site.client else None


ASPECTS: tuple[Aspect, ...] = (
    _type,
    _list_of_types,
    _nullable,
    _enum,
    _bounds,
    _pattern,
    _properties,
    _composition,
    _keywords,
    _discriminator,
    _deprecation,
)
