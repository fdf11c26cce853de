"""Read YAML (or JSON) and remember the line of every node, keyed by JSON pointer.

Errors in a spec or a fixture must name the line a person can jump to; the plain
`yaml.safe_load` forgets positions, so we compose the node graph once and walk it.
"""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["Document", "escape_pointer", "load_yaml"]

try:
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


def escape_pointer(token: str | int) -> str:
    """One JSON pointer reference token (RFC 6901)."""
    return str(token).replace("~", "~0").replace("/", "~1")


class Document:
    """A parsed YAML document and the 1-based line of each JSON pointer in it."""

    __slots__ = ("data", "lines")

    def __init__(self, data: Any, lines: dict[str, int]) -> None:
        self.data = data
        self.lines = lines

    def line_of(self, pointer: str) -> int | None:
        """The line of `pointer`, or of its nearest ancestor that has one."""
        while True:
            if pointer in self.lines:
                return self.lines[pointer]
            if not pointer:
                return None
            pointer = pointer.rsplit("/", 1)[0]


def load_yaml(text: str, *, with_lines: bool = True) -> Document:
    """Parse `text`; raises `yaml.YAMLError` (with a `problem_mark`) on bad syntax."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, {})
        data = loader.construct_document(node)
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    if with_lines:
        _record_lines(node, "", lines, set())
    return Document(data, lines)


def _record_lines(node: yaml.Node, pointer: str, lines: dict[str, int], seen: set[int]) -> None:
    lines.setdefault(pointer, node.start_mark.line + 1)
    # YAML aliases reuse a node; walking it again under its new pointer is right,
    # but a node that contains itself would loop forever.
    if id(node) in seen:
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            child = f"{pointer}/{escape_pointer(key_node.value)}"
            lines.setdefault(child, key_node.start_mark.line + 1)
            _record_lines(value_node, child, lines, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_lines(item, f"{pointer}/{index}", lines, seen)
    seen.discard(id(node))
