"""Regular expressions in a spec: written for ECMA-262, run by Python and Rust engines.

A `pattern` valid in ECMA-262 (what OpenAPI names) may not compile in Python: `[\\w-.]` (a class
escape beside a hyphen, a literal hyphen in ECMA), `(?<name>...)`, `\\k<name>`, `[^]`. Where the
ECMA meaning is clear, the pattern is rewritten once at load into the same regular expression in
Python syntax, so every consumer (validators, the generated models, the differ) reads one spelling.
Anything else is refused with the pointer and line of the pattern and the engine's reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, MutableMapping
from typing import Any

__all__ = ["PatternError", "normalise_patterns", "python_pattern"]

_CLASS_ESCAPES = frozenset("wWdDsS")
# Keys whose values are data, not schemas: a "pattern" member of an example is not a regex.
_DATA_KEYS = frozenset({"example", "examples", "default", "const", "enum", "value"})
# Keys whose values map names to objects: there, "example" or "pattern" is a name, not a keyword.
_NAME_MAPS = frozenset(
    {
        "properties",
        "patternProperties",
        "dependentSchemas",
        "$defs",
        "definitions",
        "schemas",
        "mapping",
        "headers",
        "content",
        "responses",
        "requestBodies",
        "parameters",
        "securitySchemes",
        "callbacks",
        "links",
        "encoding",
        "paths",
        "webhooks",
        "pathItems",
    }
)


class PatternError(ValueError):
    def __init__(self, pointer: str, pattern: str, reason: str) -> None:
        self.pointer = pointer
        super().__init__(f"pattern {pattern!r} at {pointer} is not a regular expression: {reason}")


def python_pattern(pattern: str) -> str:
    """`pattern` in Python syntax; raises `re.error` (Python's reason) when it has no clear meaning."""
    try:
        re.compile(pattern)
        return pattern
    except re.error as exc:
        first = exc
    translated = _translate(pattern)
    try:
        re.compile(translated)
    except re.error:
        raise first from None
    return translated


def _translate(pattern: str) -> str:
    out: list[str] = []
    i, in_class, class_start = 0, False, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\" and i + 1 < len(pattern):
            escape = pattern[i : i + 2]
            if not in_class and pattern.startswith("\\k<", i):
                end = pattern.find(">", i)
                if end > 0:
                    out.append(f"(?P={pattern[i + 3 : end]})")
                    i = end + 1
                    continue
            out.append(escape)
            i += 2
            class_start = False
            continue
        if in_class:
            if char == "]" and not class_start:
                in_class = False
            elif char == "-" and _beside_class_escape(pattern, i):
                out.append("\\-")
                i += 1
                class_start = False
                continue
            out.append(char)
            class_start = False
            i += 1
            continue
        if pattern.startswith("[^]", i):
            out.append("[\\s\\S]")
            i += 3
            continue
        if pattern.startswith("(?<", i) and not pattern.startswith(("(?<=", "(?<!"), i):
            out.append("(?P<")
            i += 3
            continue
        if char == "[":
            in_class, class_start = True, True
            out.append(char)
            i += 1
            if pattern.startswith("^", i):
                out.append("^")
                i += 1
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _beside_class_escape(pattern: str, i: int) -> bool:
    before = i >= 2 and pattern[i - 2] == "\\" and pattern[i - 1] in _CLASS_ESCAPES
    after = pattern[i + 1 : i + 2] == "\\" and pattern[i + 2 : i + 3] in _CLASS_ESCAPES
    return before or after


def normalise_patterns(data: Any) -> None:
    """Rewrite, in place, every schema `pattern` (and `patternProperties` key) into Python syntax.

    Raises `PatternError` for the first one that has no clear meaning.
    """
    for node, key, pointer in _patterns(data, ""):
        value = node[key] if key is not None else None
        try:
            if key is not None and isinstance(value, str):
                node[key] = python_pattern(value)
        except re.error as exc:
            raise PatternError(pointer, str(value), str(exc)) from None
    for holder, pointer in _pattern_maps(data, ""):
        for name in list(holder):
            try:
                fixed = python_pattern(str(name))
            except re.error as exc:
                raise PatternError(f"{pointer}/{name}", str(name), str(exc)) from None
            if fixed != name:
                holder[fixed] = holder.pop(name)


def _walk(data: Any, pointer: str) -> Iterator[tuple[MutableMapping[str, Any], str]]:
    """Every object that may be a schema (not data, not extensions, not a map of names)."""
    stack: list[tuple[Any, str, bool]] = [(data, pointer, False)]
    while stack:
        node, where, names = stack.pop()
        if isinstance(node, list):
            stack.extend((item, f"{where}/{index}", False) for index, item in enumerate(node))
        elif isinstance(node, MutableMapping):
            if not names:
                yield node, where
            for key, value in node.items():
                if not names and (str(key) in _DATA_KEYS or str(key).startswith("x-")):
                    continue
                if isinstance(value, (list, MutableMapping)):
                    child = f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}"
                    stack.append((value, child, not names and str(key) in _NAME_MAPS))


def _patterns(data: Any, pointer: str) -> Iterator[tuple[MutableMapping[str, Any], str | None, str]]:
    for node, where in _walk(data, pointer):
        if isinstance(node.get("pattern"), str):
            yield node, "pattern", f"{where}/pattern"


def _pattern_maps(data: Any, pointer: str) -> Iterator[tuple[MutableMapping[str, Any], str]]:
    for node, where in _walk(data, pointer):
        if isinstance(node.get("patternProperties"), MutableMapping):
            yield node["patternProperties"], f"{where}/patternProperties"
