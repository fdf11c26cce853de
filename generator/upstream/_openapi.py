"""Microsoft's OpenAPI description, sliced without loading it: only the paths and schemas a fragment covers.

The published description is hundreds of megabytes; parsing it whole takes minutes and gigabytes.
It is block-style YAML, so one pass over its lines finds what is needed: the path items asked for
(their text is kept) and where every entry of `components` starts (a byte offset, not its text).
References are then followed by seeking to those offsets, and each small block is parsed on its
own. Memory grows with the number of component names, not with the file; every line number in the
slice is the line in the original file, so findings point into it.

A JSON description is read the same way in spirit with ijson: only the path items asked for and the
components they reach are built.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..documents import DepthLimitedReader, escape_pointer, parse_document
from ..errors import InputError

__all__ = ["OpenApiSlice", "slice_openapi"]

_REF = re.compile(r"""\$ref['"]?\s*:\s*['"]?#/components/([^/'"\s]+)/([^'"\s]+?)['"]?\s*$""")
_MAX_BLOCK_BYTES = 64 * 1024 * 1024


@dataclass
class OpenApiSlice:
    """The part of an upstream OpenAPI description a fragment covers, with original line numbers."""

    source: str
    paths: dict[str, Any] = field(default_factory=dict)
    components: dict[str, dict[str, Any]] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # JSON pointer -> line in the original file
    openapi: str = "3.0.4"

    def document(self) -> dict[str, Any]:
        return {"openapi": self.openapi, "paths": self.paths, "components": self.components}

    def line_of(self, pointer: str) -> int | None:
        while pointer:
            if pointer in self.lines:
                return self.lines[pointer]
            pointer = pointer.rpartition("/")[0]
        return None

    def resolve(self, node: Any) -> Any:
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and node["$ref"] not in seen:
            seen.add(node["$ref"])
            parts = node["$ref"].split("/")
            if len(parts) != 4 or parts[:2] != ["#", "components"]:
                return {}
            node = self.components.get(parts[2], {}).get(parts[3], {})
        return node


def slice_openapi(
    path: Path, wanted_paths: Iterable[str], wanted_schemas: Iterable[str] = (), *, label: str | None = None
) -> OpenApiSlice:
    """The path items named in `wanted_paths` (upstream spelling), the schemas named in `wanted_schemas`,
    and every component they reference."""
    source = label or str(path)
    wanted = set(wanted_paths)
    seeds = {("schemas", name) for name in wanted_schemas}
    try:
        with open(path, "rb") as stream:
            head = stream.read(4096).lstrip()
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    if head.startswith(b"{"):
        return _slice_json(path, source, wanted, seeds)
    return _slice_yaml(path, source, wanted, seeds)


# YAML: one pass over lines, then seeks.


def _key(line: bytes) -> str:
    text = line.decode("utf-8", "replace").strip()
    if text.endswith(":"):
        text = text[:-1]
    elif ": " in text:
        text = text.split(": ", 1)[0]
    text = text.strip()
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        if text[0] == "'":
            return text[1:-1].replace("''", "'")
        try:
            return str(json.loads(text))
        except ValueError:
            raise _BadLine("a quoted key that is not valid YAML") from None
    return text


class _BadLine(ValueError):
    """A line the slicer cannot take as YAML: named with its file and line by the caller."""


def _indent(line: bytes) -> int:
    return len(line) - len(line.lstrip(b" "))


def _is_key(line: bytes) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith((b"#", b"-")) and (stripped.endswith(b":") or b": " in stripped)


def _slice_yaml(path: Path, source: str, wanted: set[str], seeds: set[tuple[str, str]]) -> OpenApiSlice:
    result = OpenApiSlice(source)
    offsets: dict[tuple[str, str], tuple[int, int]] = {}  # (section, name) -> (byte offset, line)
    blocks: dict[str, tuple[int, list[bytes]]] = {}
    top = ""
    section = ""
    current: list[bytes] | None = None
    offset = 0
    number = 0
    try:
        with open(path, "rb") as stream:
            for number, line in enumerate(stream, 1):
                start = offset
                offset += len(line)
                first = line[:1]
                if first == b"\t":
                    raise _BadLine("a tab indents the line (YAML indents with spaces)")
                if first not in (b" ", b"\n", b"\r", b"#", b"-") and first:
                    current = None
                    top = _key(line)
                    if top == "openapi":
                        _, colon, version = line.decode("utf-8", "replace").partition(":")
                        if not colon:
                            raise _BadLine("`openapi` without a value")
                        result.openapi = version.strip().strip("'\"")
                    continue
                if top == "paths":
                    if line.startswith(b"  ") and _indent(line) == 2 and _is_key(line):
                        name = _key(line)
                        current = None
                        if name in wanted:
                            current = []
                            blocks[name] = (number, current)
                        continue
                    if current is not None:
                        current.append(line)
                elif top == "components" and _is_key(line):
                    depth = _indent(line)
                    if depth == 2:
                        section = _key(line)
                    elif depth == 4 and section:
                        offsets[(section, _key(line))] = (start, number)
    except _BadLine as exc:
        raise InputError(source, f"not YAML this reader can take: {exc}", str(number)) from None
    for name, (line_number, body) in blocks.items():
        pointer = f"/paths/{escape_pointer(name)}"
        result.paths[name] = _parse_block(source, b"".join(body), line_number, pointer, result.lines)
    _follow_yaml(path, source, result, offsets, seeds)
    return result


def _parse_block(source: str, body: bytes, first_line: int, pointer: str, lines: dict[str, int]) -> Any:
    """Parse one entry's indented body; record its lines, shifted to the original file."""
    if len(body) > _MAX_BLOCK_BYTES:
        raise InputError(source, f"the entry at {pointer} is larger than {_MAX_BLOCK_BYTES:,} bytes", str(first_line))
    try:
        document = parse_document(body.decode("utf-8", "replace"), source)
    except InputError as exc:
        raise InputError(source, f"cannot read the entry at {pointer}: {exc.reason}", str(first_line)) from None
    lines[pointer] = first_line
    for inner, line in document.lines.items():
        if inner:
            lines[pointer + inner] = first_line + line
    return document.data if document.data is not None else {}


def _refs(node: Any) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            ref = item.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                parts = ref.split("/")
                if len(parts) == 4:
                    found.add((parts[2], parts[3]))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _follow_yaml(
    path: Path,
    source: str,
    result: OpenApiSlice,
    offsets: Mapping[tuple[str, str], tuple[int, int]],
    seeds: set[tuple[str, str]],
) -> None:
    pending = set(seeds).union(*(_refs(item) for item in result.paths.values()))
    done: set[tuple[str, str]] = set()
    with open(path, "rb") as stream:
        while pending:
            key = pending.pop()
            done.add(key)
            if key not in offsets:
                continue
            start, line_number = offsets[key]
            stream.seek(start)
            stream.readline()  # the entry's own key line
            body: list[bytes] = []
            size = 0
            for line in stream:
                if line.strip() and _indent(line) <= 4 and not line.lstrip().startswith(b"#"):
                    break
                body.append(line)
                size += len(line)
                if size > _MAX_BLOCK_BYTES:
                    break
            pointer = f"/components/{escape_pointer(key[0])}/{escape_pointer(key[1])}"
            node = _parse_block(source, b"".join(body), line_number, pointer, result.lines)
            result.components.setdefault(key[0], {})[key[1]] = node
            pending |= _refs(node) - done


# JSON: ijson, building only what is asked for.


def _slice_json(path: Path, source: str, wanted: set[str], seeds: set[tuple[str, str]]) -> OpenApiSlice:
    import ijson

    result = OpenApiSlice(source)
    try:
        with open(path, "rb") as stream:
            for name, item in ijson.kvitems(DepthLimitedReader(stream, source), "paths", use_float=True):
                if name in wanted:
                    result.paths[name] = item
        pending = set(seeds).union(*(_refs(item) for item in result.paths.values()))
        done: set[tuple[str, str]] = set()
        while pending:
            batch, pending = pending, set()
            done |= batch
            for section in sorted({section for section, _ in batch}):
                with open(path, "rb") as stream:
                    nodes = ijson.kvitems(DepthLimitedReader(stream, source), f"components.{section}", use_float=True)
                    for name, node in nodes:
                        if (section, name) in batch:
                            result.components.setdefault(section, {})[name] = node
                            pending |= _refs(node) - done
    except (ijson.JSONError, ValueError) as exc:
        raise InputError(source, f"not JSON: {exc}") from None
    return result
