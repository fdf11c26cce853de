"""A small, deterministic value that satisfies a schema: the mock's answer when no example or fixture exists.

It is not a fuzzer (schemathesis is): one plain instance, the same every time, that the mock's own
validator then checks before it is sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .spec import Spec

__all__ = ["instance"]

_FORMATS = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "00:00:00Z",
    "uuid": "00000000-0000-4000-8000-000000000000",
    "email": "someone@example.com",
    "uri": "https://example.com/",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "base64url": "AA",
    "byte": "AA==",
    "duration": "PT1H",
}


def instance(spec: Spec, schema: Any, depth: int = 0) -> Any:
    """A value for `schema`: its example, default, const or first enum member, else one built from its type."""
    node = spec.resolve(schema)
    if not isinstance(node, Mapping) or depth > 8:
        return None
    for key in ("example", "default", "const"):
        if key in node:
            return node[key]
    if isinstance(node.get("examples"), list) and node["examples"]:
        return node["examples"][0]
    if isinstance(node.get("enum"), list) and node["enum"]:
        return node["enum"][0]
    for keyword in ("allOf",):
        if node.get(keyword):
            merged: dict[str, Any] = {}
            for sub in node[keyword]:
                value = instance(spec, sub, depth + 1)
                if isinstance(value, dict):
                    merged.update(value)
            return merged
    for keyword in ("anyOf", "oneOf"):
        branches = [b for b in node.get(keyword) or () if spec.resolve(b).get("type") != "null"]
        if branches:
            return instance(spec, branches[0], depth + 1)
    kind = node.get("type")
    kinds = [k for k in kind if k != "null"] if isinstance(kind, list) else [kind]
    kind = kinds[0] if kinds else None
    if kind == "object" or (kind is None and "properties" in node):
        properties = node.get("properties") or {}
        return {name: instance(spec, properties[name], depth + 1) for name in properties}
    if kind == "array":
        count = int(node.get("minItems", 0))
        return [instance(spec, node.get("items") or {}, depth + 1) for _ in range(count)]
    if kind in ("integer", "number"):
        # 1, not 0: generated values often end up as ids, and ids usually start at 1.
        low = node.get("minimum", 1)
        if isinstance(node.get("exclusiveMinimum"), (int, float)) and not isinstance(
            node.get("exclusiveMinimum"), bool
        ):
            low = max(low, node["exclusiveMinimum"] + 1)
        high = node.get("maximum")
        value = min(low, high) if isinstance(high, (int, float)) else low
        return int(value) if kind == "integer" else float(value)
    if kind == "boolean":
        return False
    if kind == "string":
        text = _FORMATS.get(str(node.get("format")), "string")
        return text.ljust(int(node.get("minLength", 0)), "x")[: node.get("maxLength", None)]
    return None
