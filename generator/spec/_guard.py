"""References resolve inside the document, or the document is refused before any library reads it.

A spec comes from a pull request. The libraries that read it (openapi-spec-validator,
datamodel-code-generator, schemathesis, openapi-core) follow references wherever they point: to
local files, to URLs. So every keyword that carries a URI is checked here first, and the
libraries get a view of the document in which nothing can lead outside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..documents import Document, escape_pointer, follow_pointer
from ..errors import SpecError

__all__ = ["check_references"]

_DIALECTS = frozenset(
    {
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2019-09/schema",
        "http://json-schema.org/draft-07/schema#",
        "http://json-schema.org/draft-07/schema",
        "http://json-schema.org/draft-04/schema#",
        "https://spec.openapis.org/oas/3.1/dialect/base",
        "https://spec.openapis.org/oas/3.1/dialect/2024-11-10",
    }
)
_URI_KEYWORDS = frozenset(
    {"$ref", "$dynamicRef", "$recursiveRef", "$id", "$schema", "$vocabulary", "externalValue", "operationRef"}
)
# Keys whose value maps names (not keywords) to objects: a property may be called `$ref` or `x-id`.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "$defs",
        "definitions",
        "dependentSchemas",
        "paths",
        "webhooks",
        "schemas",
        "responses",
        "parameters",
        "requestBodies",
        "securitySchemes",
        "pathItems",
        "callbacks",
        "content",
        "headers",
        "links",
        "encoding",
        "variables",
        "mapping",
        "scopes",
        "examples",
    }
)


def check_references(document: Document, source: str) -> Mapping[str, Any]:
    """Refuse a URI that leads outside the document; return the view libraries may read.

    Extensions (`x-...`) are opaque: they are never refused, but any that holds a reference is
    left out of the libraries' view, so no library follows it.
    """
    data = document.data
    hidden: list[tuple[Any, str]] = []
    chains: dict[str, None] = {}
    stack: list[tuple[Any, str, bool]] = [(data, "", False)]
    while stack:
        node, pointer, names = stack.pop()
        if isinstance(node, list):
            stack.extend((item, f"{pointer}/{index}", False) for index, item in enumerate(node))
            continue
        if not isinstance(node, Mapping):
            continue
        for key, value in node.items():
            child = f"{pointer}/{escape_pointer(key)}"
            if names:
                stack.append((value, child, False))
                continue
            if key.startswith("x-"):
                if _holds_uri(value):
                    hidden.append((node, key))
                continue
            if key in _URI_KEYWORDS:
                _check_keyword(document, source, key, value, child, chains)
            elif key == "mapping" and isinstance(value, Mapping) and pointer.endswith("/discriminator"):
                for name, target in value.items():
                    _check_mapping(document, source, target, f"{child}/{escape_pointer(name)}")
            stack.append((value, child, key in _NAME_MAPS and isinstance(value, Mapping)))
    if not hidden:
        return data  # type: ignore[no-any-return]
    return _copy_without(data, {(id(owner), key) for owner, key in hidden})  # type: ignore[no-any-return]


def _refuse(document: Document, source: str, pointer: str, reason: str) -> SpecError:
    line = document.line_of(pointer)
    return SpecError(source, f"{reason} (at {pointer or '/'})", str(line) if line else None)


def _check_keyword(
    document: Document, source: str, key: str, value: Any, pointer: str, chains: dict[str, None]
) -> None:
    if key in ("$ref", "operationRef"):
        if not isinstance(value, str):
            raise _refuse(document, source, pointer, f"{key} is not a string")
        if not value.startswith("#"):
            raise _refuse(
                document,
                source,
                pointer,
                f"{key} {value!r} points outside this file; only references inside the document ('#/...') are followed",
            )
        _check_target(document, source, value, pointer, chains)
    elif key == "$schema":
        if value not in _DIALECTS:
            raise _refuse(document, source, pointer, f"$schema {value!r} is not a JSON Schema dialect qrcontract knows")
    elif key == "externalValue":
        raise _refuse(document, source, pointer, "externalValue points outside this file; give the example's value")
    else:
        raise _refuse(
            document,
            source,
            pointer,
            f"{key} is not supported: qrcontract resolves only '$ref's inside the document",
        )


def _check_target(document: Document, source: str, ref: str, pointer: str, chains: dict[str, None]) -> None:
    """The reference resolves, and a chain of references ends somewhere (`A -> B -> A` loops forever)."""
    seen: list[str] = []
    current = ref
    while current not in chains:
        if current in seen:
            cycle = " -> ".join([*seen[seen.index(current) :], current])
            raise _refuse(document, source, pointer, f"$ref cycle: {cycle}")
        seen.append(current)
        try:
            target = follow_pointer(document.data, current)
        except KeyError:
            raise _refuse(document, source, pointer, f"$ref {current!r} does not resolve") from None
        following = target.get("$ref") if isinstance(target, Mapping) else None
        if not isinstance(following, str) or not following.startswith("#"):
            break
        current = following
    for item in seen:
        chains[item] = None


def _check_mapping(document: Document, source: str, target: Any, pointer: str) -> None:
    """A discriminator mapping value is a schema name, or a reference that must stay in the document."""
    if not isinstance(target, str):
        raise _refuse(document, source, pointer, "a discriminator mapping value is not a string")
    if "/" in target or "#" in target or ":" in target:
        if not target.startswith("#"):
            raise _refuse(document, source, pointer, f"discriminator mapping {target!r} points outside this file")
        try:
            follow_pointer(document.data, target)
        except KeyError:
            raise _refuse(document, source, pointer, f"discriminator mapping {target!r} does not resolve") from None


def _holds_uri(node: Any) -> bool:
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            if any(key in _URI_KEYWORDS for key in item):
                return True
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _copy_without(data: Any, hidden: set[tuple[int, str]]) -> Any:
    """A copy of the document without the hidden extension members, in one pass (aliases stay shared)."""
    copies: dict[int, Any] = {}

    def copy_of(node: Any) -> Any:
        if not isinstance(node, (Mapping, list)):
            return node
        if id(node) in copies:
            return copies[id(node)]
        if isinstance(node, list):
            result: Any = []
            copies[id(node)] = result
            result.extend(copy_of(item) for item in node)
            return result
        result = {}
        copies[id(node)] = result
        for key, value in node.items():
            if (id(node), key) not in hidden:
                result[key] = copy_of(value)
        return result

    return copy_of(data)
