"""A small, deterministic value that satisfies a schema: the mock's answer when no example or fixture exists.

It is not a fuzzer (schemathesis is): one plain value, the same every time, that the mock's own
validator then checks before it is sent. It is bounded (items, length, depth, total size), because
a schema from a pull request may ask for `minItems: 200000000` or refer to itself forever; a schema
that cannot be met within the bounds raises `SampleError` instead of blocking the server.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# The stdlib's own regex parser builds the tree a sample is read from: no third-party guesswork.
from re import _constants as c
from re import _parser as parser
from typing import Any

from ..limits import MAX_SAMPLE_DEPTH, MAX_SAMPLE_ITEMS, MAX_SAMPLE_LENGTH
from ..spec import Spec

__all__ = ["SampleError", "sample", "sample_for_pattern"]

_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "duration": "PT1H",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "someone@example.com",
    "idn-email": "someone@example.com",
    "uri": "https://example.com/",
    "iri": "https://example.com/",
    "uri-reference": "/",
    "iri-reference": "/",
    "uri-template": "/",
    "url": "https://example.com/",
    "hostname": "example.com",
    "idn-hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "base64url": "AA",
    "byte": "AA==",
    "binary": "",
    "json-pointer": "",
    "relative-json-pointer": "0",
    "regex": ".*",
}
_NODE_BUDGET = 5_000


class SampleError(ValueError):
    """The schema cannot be met by a value within qrcontract's bounds (see `limits`)."""


def sample(spec: Spec, schema: Any) -> Any:
    """A value for `schema`: its example, default, const or first enum member, else one built from its type."""
    return _Sampler(spec).value(schema, 0, frozenset())


class _Sampler:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.nodes = 0

    def value(self, schema: Any, depth: int, refs: frozenset[str]) -> Any:
        self.nodes += 1
        if self.nodes > _NODE_BUDGET:
            raise SampleError(f"the value would have more than {_NODE_BUDGET} parts")
        if depth > MAX_SAMPLE_DEPTH:
            raise SampleError(f"the schema nests deeper than {MAX_SAMPLE_DEPTH} levels")
        if isinstance(schema, Mapping) and isinstance(schema.get("$ref"), str):
            refs = refs | {schema["$ref"]}
        node = self.spec.resolve(schema)
        if node is True or node == {}:
            return None
        if not isinstance(node, Mapping):
            raise SampleError("the schema admits no value")
        for key in ("example", "default", "const"):
            if key in node:
                return node[key]
        examples = node.get("examples")
        if isinstance(examples, list) and examples:
            return examples[0]
        enum = node.get("enum")
        if isinstance(enum, list) and enum:
            return next((v for v in enum if v is not None), enum[0])
        if node.get("allOf"):
            merged: dict[str, Any] = {}
            for sub in node["allOf"]:
                part = self.value(sub, depth + 1, refs)
                if isinstance(part, dict):
                    merged.update(part)
                elif part is not None:
                    return part
            return merged
        for keyword in ("anyOf", "oneOf"):
            branches = [b for b in node.get(keyword) or () if _type_of(self.spec.resolve(b)) != "null"]
            if branches:
                return self.value(branches[0], depth + 1, refs)
        kind = _type_of(node)
        if kind == "object" or (kind is None and "properties" in node):
            return self._object(node, depth, refs)
        if kind == "array":
            return self._array(node, depth, refs)
        if kind in ("integer", "number"):
            return _number(node, kind)
        if kind == "boolean":
            return False
        if kind == "string":
            return _string(node)
        return None

    def _object(self, node: Mapping[str, Any], depth: int, refs: frozenset[str]) -> dict[str, Any]:
        found = node.get("properties")
        properties: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        required = set(node.get("required") or ())
        result: dict[str, Any] = {}
        for name, sub in properties.items():
            # Optional members are filled near the top only, and never by following a reference
            # back into a schema being built: an optional self-reference ends here.
            optional_ref = isinstance(sub, Mapping) and sub.get("$ref") in refs
            if name in required or (depth < 2 and not optional_ref):
                try:
                    result[name] = self.value(sub, depth + 1, refs)
                except SampleError:
                    if name in required:
                        raise
        for name in required - set(result):
            result[name] = "string"  # required but undescribed: any value will do
        return result

    def _array(self, node: Mapping[str, Any], depth: int, refs: frozenset[str]) -> list[Any]:
        count = _whole(node.get("minItems"), 0)
        if count > MAX_SAMPLE_ITEMS:
            raise SampleError(f"minItems {count} is more than the {MAX_SAMPLE_ITEMS} items a sample may have")
        found = node.get("prefixItems")
        prefix: list[Any] = found if isinstance(found, list) else []
        items = [self.value(sub, depth + 1, refs) for sub in prefix[:count]]
        return items + [self.value(node.get("items") or {}, depth + 1, refs) for _ in range(count - len(items))]


def _type_of(node: Any) -> str | None:
    if not isinstance(node, Mapping):
        return None
    kind = node.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        return kinds[0] if kinds else "null"
    return kind if isinstance(kind, str) else None


def _whole(value: Any, default: int) -> int:
    return int(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _number(node: Mapping[str, Any], kind: str) -> int | float:
    # 1, not 0: generated values often end up as ids, and ids usually start at 1.
    low = node.get("minimum", 1)
    low = low if isinstance(low, (int, float)) and not isinstance(low, bool) else 1
    exclusive = node.get("exclusiveMinimum")
    if isinstance(exclusive, (int, float)) and not isinstance(exclusive, bool):
        low = max(low, exclusive + 1)
    elif exclusive is True:
        low += 1
    high = node.get("maximum")
    if isinstance(high, (int, float)) and not isinstance(high, bool):
        low = min(low, high - 1 if node.get("exclusiveMaximum") is True else high)
    high_exclusive = node.get("exclusiveMaximum")
    if isinstance(high_exclusive, (int, float)) and not isinstance(high_exclusive, bool):
        low = min(low, high_exclusive - 1)
    step = node.get("multipleOf")
    if isinstance(step, (int, float)) and not isinstance(step, bool) and step > 0:
        low = (low // step + (1 if low % step else 0)) * step
    return int(low) if kind == "integer" else float(low)


def _string(node: Mapping[str, Any]) -> str:
    minimum = _whole(node.get("minLength"), 0)
    if minimum > MAX_SAMPLE_LENGTH:
        raise SampleError(f"minLength {minimum} is more than the {MAX_SAMPLE_LENGTH} characters a sample may have")
    pattern = node.get("pattern")
    text = _FORMATS.get(str(node.get("format")), "string")
    if isinstance(pattern, str) and "format" not in node:
        text = sample_for_pattern(pattern) or text
    maximum = node.get("maxLength")
    text = text.ljust(minimum, "x")
    return text[:maximum] if isinstance(maximum, int) and not isinstance(maximum, bool) else text


def sample_for_pattern(pattern: str) -> str | None:
    """A short string meant to match a regular expression, built from its parse tree; None when unsure.

    The pattern is never run: a spec's pattern may backtrack exponentially in Python's `re`. The
    mock's validator (jsonschema-rs, with a bounded regex engine) checks the value before it is sent.
    """
    if len(pattern) > MAX_SAMPLE_LENGTH:
        return None
    try:
        tree = parser.parse(pattern)
        text = _from_tree(tree, 0)
    except (re.error, _Unsure, RecursionError, OverflowError, ValueError):
        return None
    return text if len(text) <= MAX_SAMPLE_LENGTH else None


class _Unsure(Exception):
    pass


def _from_tree(tree: Any, depth: int) -> str:
    if depth > 20:
        raise _Unsure
    out = []
    for op, value in tree:
        if op is c.LITERAL:
            out.append(chr(value))
        elif op is c.NOT_LITERAL:
            out.append("a" if value != ord("a") else "b")
        elif op is c.ANY:
            out.append("a")
        elif op is c.IN:
            out.append(_from_set(value))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _, sub = value
            part = _from_tree(sub, depth + 1) if low else ""
            if low * len(part) > MAX_SAMPLE_LENGTH:
                raise _Unsure
            out.append(part * low)
        elif op is c.SUBPATTERN:
            out.append(_from_tree(value[-1], depth + 1))
        elif op is c.BRANCH:
            out.append(_from_tree(value[1][0], depth + 1))
        elif op is c.AT:
            continue
        elif op is c.CATEGORY:
            out.append(_from_category(value))
        else:
            raise _Unsure
    return "".join(out)


def _from_set(items: Any) -> str:
    if items and items[0][0] is c.NEGATE:
        raise _Unsure
    for op, value in items:
        if op is c.LITERAL:
            return chr(value)
        if op is c.RANGE:
            return chr(value[0])
        if op is c.CATEGORY:
            return _from_category(value)
    raise _Unsure


def _from_category(value: Any) -> str:
    known = {
        c.CATEGORY_DIGIT: "0",
        c.CATEGORY_WORD: "a",
        c.CATEGORY_SPACE: " ",
        c.CATEGORY_NOT_DIGIT: "a",
        c.CATEGORY_NOT_WORD: "-",
        c.CATEGORY_NOT_SPACE: "a",
    }
    if value not in known:
        raise _Unsure
    return known[value]
