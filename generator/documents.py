"""Reading YAML and JSON documents safely, with the line of every JSON pointer.

Specs, recordings, token files and baselines are untrusted: a document is bounded in size, in
nesting, and in what its aliases expand to (a billion-laughs document is refused, not expanded),
and a recursive alias is refused. Errors name the line a person can jump to, which the plain
`yaml.safe_load` forgets; so the node graph is composed once, checked, then constructed.

For specs (`json_compatible=True`) the result is plain JSON data: mapping keys are always the
text written (`200:` is "200", `on:` is "on"), timestamps stay the text written, `!!binary` stays
its base64 text. JSON pointers (RFC 6901) live here too: one escaper, one resolver.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .errors import InputError
from .limits import (
    MAX_DEPTH,
    MAX_DOCUMENT_BYTES,
    MAX_NUMBER_DIGITS,
    MAX_STREAMED_DEPTH,
    MAX_STREAMED_KEY,
    MAX_YAML_NODES,
)

__all__ = [
    "DepthLimitedReader",
    "Document",
    "escape_pointer",
    "follow_pointer",
    "join_pointer",
    "parse_document",
    "pointer_from_path",
    "read_text",
    "unescape_pointer",
]

_Base: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def escape_pointer(token: str | int) -> str:
    """One JSON pointer reference token (RFC 6901): `~` -> `~0`, `/` -> `~1`."""
    return str(token).replace("~", "~0").replace("/", "~1")


def unescape_pointer(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join_pointer(pointer: str, *tokens: str | int) -> str:
    return pointer + "".join(f"/{escape_pointer(token)}" for token in tokens)


def pointer_from_path(path: Iterable[str | int]) -> str:
    """`["a", 0, "b/c"]` -> `/a/0/b~1c`."""
    return join_pointer("", *path)


def follow_pointer(root: Any, pointer: str) -> Any:
    """The node at `pointer` (`""` or `/a/0`, or a fragment `#/a/0`); raises KeyError when there is none."""
    text = pointer.removeprefix("#")
    if text and not text.startswith("/"):
        raise KeyError(pointer)
    node = root
    for raw in text.split("/")[1:] if text else []:
        token = unescape_pointer(raw)
        if isinstance(node, Mapping):
            if token not in node:
                raise KeyError(pointer)
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                raise KeyError(pointer)
            node = node[int(token)]
        else:
            raise KeyError(pointer)
    return node


class Document:
    """A parsed document and the 1-based line of each JSON pointer in it."""

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


class _JsonLoader(_Base):  # type: ignore[misc, valid-type]
    """Keys are the text written; timestamps and binary stay text: the result is JSON data."""

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        mapping: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a mapping key must be text, not a list or a mapping", key_node.start_mark
                )
            mapping[str(key_node.value)] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_timestamp(self, node: ScalarNode) -> str:
        return str(node.value)

    def construct_yaml_binary(self, node: ScalarNode) -> str:
        return "".join(str(node.value).split())

    def construct_undefined(self, node: Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {node.tag} is not plain YAML data and is not read", node.start_mark
        )


class _DataLoader(_Base):  # type: ignore[misc, valid-type]
    """Recordings: `!!binary` bodies are bytes (VCR writes them); keys may be any scalar.

    Old vcrpy cassettes carry `!!python/...` tags (`unicode`, `tuple`, `object:vcr.request.Request`).
    They are read as the plain data they are made of (text, lists, mappings); nothing is ever called.
    """

    def construct_undefined(self, node: Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None, None, f"the tag {node.tag} is not plain YAML data and is not read", node.start_mark
        )

    def construct_python_as_data(self, suffix: str, node: Node) -> Any:
        if isinstance(node, ScalarNode):
            return str(node.value)
        if isinstance(node, SequenceNode):
            return self.construct_sequence(node, deep=True)
        return self.construct_mapping(node, deep=True)


for _loader in (_JsonLoader, _DataLoader):
    _loader.add_constructor(None, _loader.construct_undefined)
# JSON's numbers with an exponent and no dot (`1e5`) are numbers; YAML 1.1 alone would read text.
_EXPONENT_FLOAT = re.compile(r"^[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+$")
for _loader in (_JsonLoader, _DataLoader):
    _loader.add_implicit_resolver("tag:yaml.org,2002:float", _EXPONENT_FLOAT, list("-+0123456789."))
_JsonLoader.add_constructor("tag:yaml.org,2002:timestamp", _JsonLoader.construct_yaml_timestamp)
_JsonLoader.add_constructor("tag:yaml.org,2002:binary", _JsonLoader.construct_yaml_binary)
_DataLoader.add_multi_constructor("tag:yaml.org,2002:python/", _DataLoader.construct_python_as_data)
for _tag in ("set", "omap", "pairs"):
    _JsonLoader.add_constructor(f"tag:yaml.org,2002:{_tag}", _JsonLoader.construct_undefined)


def read_text(path: Path, *, max_bytes: int = MAX_DOCUMENT_BYTES, what: str = "file") -> str:
    """A UTF-8 file's text (a BOM is dropped), or an `InputError` saying why not."""
    try:
        if path.is_dir():
            raise IsADirectoryError
        if path.exists() and not path.is_file():
            raise InputError(str(path), f"not a regular file (a FIFO or device is never opened), not a {what}")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except IsADirectoryError:
        raise InputError(str(path), f"is a folder, not a {what}") from None
    except OSError as exc:
        raise InputError(str(path), f"cannot read: {exc.strerror or exc}") from None
    if len(raw) > max_bytes:
        raise InputError(str(path), f"larger than the {max_bytes:,} bytes a {what} may be (see qrcontract.limits)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(str(path), "not UTF-8 text", str(line)) from None


def parse_document(text: str, source: str, *, lines: bool = True, json_compatible: bool = True) -> Document:
    """Parse YAML (JSON is YAML); raise `InputError` naming `source` and the line on any bad input."""
    loader = (_JsonLoader if json_compatible else _DataLoader)(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Document(None, {})
        _check_expansion(node, source, keys_as_text=json_compatible)
        data = loader.construct_document(node)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).strip().splitlines()[0]
        if "maximum nesting depth" in str(exc):
            problem = "nested more than 1,000 levels deep"
        raise InputError(source, f"not valid YAML: {problem}", str(mark.line + 1) if mark else None) from None
    except RecursionError:
        raise InputError(source, f"nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, TypeError, KeyError, OverflowError, AttributeError) as exc:
        # A tag whose text is not its type (`!!int abc`), a number past Python's 4,300 digits, ...
        reason = str(exc).strip().splitlines()[0][:150] if str(exc).strip() else exc.__class__.__name__
        raise InputError(source, f"not valid YAML data: {reason}") from None
    finally:
        loader.dispose()
    return Document(data, _lines(node) if lines else {})


def _children(node: Node) -> Iterator[Node]:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            yield key
            yield value
    elif isinstance(node, SequenceNode):
        yield from node.value


def _check_expansion(root: Node, source: str, *, keys_as_text: bool) -> None:
    """Refuse a document whose aliases expand too far or too deep, or refer to their own ancestor."""
    size: dict[int, int] = {}
    depth: dict[int, int] = {}
    visiting: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        key = id(node)
        if leaving:
            visiting.discard(key)
            if isinstance(node, MappingNode):
                _check_unique_keys(node, source, keys_as_text)
            children = list(_children(node))
            size[key] = 1 + sum(size[id(c)] for c in children)
            depth[key] = 1 + max((depth[id(c)] for c in children), default=0)
            if size[key] > MAX_YAML_NODES:
                raise InputError(
                    source,
                    f"the document expands to more than {MAX_YAML_NODES:,} nodes through its aliases",
                    str(node.start_mark.line + 1),
                )
            if depth[key] > MAX_DEPTH:
                raise InputError(source, f"nested more than {MAX_DEPTH} levels deep", str(node.start_mark.line + 1))
            continue
        if key in size:
            continue
        if key in visiting:
            raise InputError(source, "a YAML alias refers to a node that contains it", str(node.start_mark.line + 1))
        visiting.add(key)
        stack.append((node, True))
        for child in _children(node):
            if id(child) in visiting:
                raise InputError(
                    source, "a YAML alias refers to a node that contains it", str(child.start_mark.line + 1)
                )
            if id(child) not in size:
                stack.append((child, False))


def _check_unique_keys(node: MappingNode, source: str, keys_as_text: bool) -> None:
    """A key given twice is refused: YAML keeps the last one silently (a second `get:` would replace the first)."""
    seen: dict[tuple[str, str], int] = {}
    for key, _ in node.value:
        if isinstance(key, ScalarNode) and key.tag != "tag:yaml.org,2002:merge":
            line = key.start_mark.line + 1
            # `1` and `'1'` are two keys, unless keys become text (JSON-compatible documents); two `"<<"` are one.
            same = ("", key.value) if keys_as_text else (key.tag, key.value)
            if same in seen:
                where = f"lines {seen[same]} and {line}"
                raise InputError(source, f"the key {key.value!r} is given twice ({where})", str(line))
            seen[same] = line


def _lines(root: Node) -> dict[str, int]:
    lines: dict[str, int] = {}
    stack: list[tuple[Node, str]] = [(root, "")]
    while stack:
        node, pointer = stack.pop()
        lines.setdefault(pointer, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, ScalarNode):
                    continue
                child = f"{pointer}/{escape_pointer(key_node.value)}"
                lines.setdefault(child, key_node.start_mark.line + 1)
                stack.append((value_node, child))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}"))
    return lines


_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_NOT_BRACKET = bytes(b for b in range(256) if b not in b"[]{}")
_PARENS = bytes.maketrans(b"[]{}", b"()()")


def _peak(brackets: bytes, limit: int) -> int:
    """At least the deepest a chunk's brackets go: balanced pairs are removed a level per pass (a few
    passes in C), and what is left open counts whole."""
    text = brackets.translate(_PARENS)
    passes = 0
    while b"()" in text and passes <= limit:
        text = text.replace(b"()", b"")
        passes += 1
    return passes + text.count(b"(")


_DIGITS = bytes(ord("0") if ord("0") <= byte <= ord("9") else ord(".") for byte in range(256))
_LONG_NUMBER = b"0" * MAX_NUMBER_DIGITS

_KEY_END = re.compile(rb'([^"]*)"[ \t\r\n]*:')


class DepthLimitedReader:
    """A binary file that refuses JSON nesting deeper than `MAX_STREAMED_DEPTH` and keys longer than
    `MAX_STREAMED_KEY` as it is read, before a streaming parser sees it: ijson's C backend keeps the whole
    key path of every open level, so its memory grows with depth times the keys' length (60 KB of `[`,
    or 890 levels of long keys, take gigabytes). Each chunk is checked with a few passes of C-speed bytes
    operations: escapes removed, everything but quotes and brackets deleted, strings without brackets
    (almost all) dropped as `""` pairs; only a chunk that could pass the limit is walked byte by byte.
    A long key is found by one pattern that starts at quotes. A run of `MAX_NUMBER_DIGITS` digits or more
    is refused too (the C streamer crashes on one; Python refuses one): digits mapped to `0`, the rest to
    `.`, and a substring test, with the run carried across chunks."""

    def __init__(
        self, handle: IO[bytes], source: str, limit: int = MAX_STREAMED_DEPTH, max_key: int = MAX_STREAMED_KEY
    ) -> None:
        self._handle = handle
        self._source = source
        self._limit = limit
        self._long_key = re.compile(rb'"[^"]{%d,}"[ \t\r\n]*:' % max_key)  # starts with a literal: fast
        self._max_key = max_key
        self._run = 0  # bytes of the string still open at the end of the last chunk
        self._depth = 0
        self._in_string = False
        self._escaped = False  # the last chunk ended on a backslash inside a string
        self._line = 1
        self._digits = 0  # digits the last chunk ended with

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        if chunk:
            self._check_digits(chunk)
            self._check(chunk)
        return chunk

    def _check_digits(self, chunk: bytes) -> None:
        marks = chunk.translate(_DIGITS)
        found = marks.find(_LONG_NUMBER)
        if found < 0 and self._digits:
            leading = len(marks) - len(marks.lstrip(b"0"))
            found = 0 if self._digits + leading >= MAX_NUMBER_DIGITS else -1
        if found >= 0:
            line = self._line + chunk.count(b"\n", 0, found)
            message = f"holds a number with more than {MAX_NUMBER_DIGITS:,} digits, which no JSON reader here accepts"
            raise InputError(self._source, message, str(line))
        trailing = len(marks) - len(marks.rstrip(b"0"))
        self._digits = self._digits + trailing if trailing == len(marks) else trailing

    def _check(self, chunk: bytes) -> None:
        start = (self._depth, self._in_string, self._escaped)
        data = chunk[1:] if self._escaped else chunk
        self._escaped = False
        if b"\\" in data:
            data = data.replace(b"\\\\", b"xx").replace(b'\\"', b"xx")  # same length: replaced in place, fast
            self._escaped = data.endswith(b"\\")
        found = self._long_key.search(data)
        if self._in_string and not found:  # a string from the last chunk: is it a long key ending here?
            end = _KEY_END.match(data)
            found = end if end and self._run + end.end(1) >= self._max_key else None
        if found:
            line = self._line + data.count(b"\n", 0, found.start())
            raise InputError(self._source, f"holds a key longer than {self._max_key:,} bytes", str(line))
        last_quote = data.rfind(b'"')
        compact = data.translate(None, _NOT_STRUCTURE)
        if self._in_string:
            compact = b'"' + compact
        self._in_string = compact.count(b'"') % 2 == 1
        if self._in_string:
            self._run = len(data) - last_quote - 1 if last_quote >= 0 else self._run + len(data)
        compact = compact.replace(b'""', b"")
        if b'"' in compact:  # a string holds a bracket: keep the parts outside strings
            compact = b"".join(compact.split(b'"')[0::2])
        opens = compact.count(b"[") + compact.count(b"{")
        if self._depth + opens > self._limit and self._depth + _peak(compact, self._limit) > self._limit:
            self._walk(chunk, *start)
        else:
            self._depth = max(0, self._depth + 2 * opens - len(compact))
        self._line += chunk.count(b"\n")

    def _walk(self, chunk: bytes, depth: int, in_string: bool, escaped: bool) -> None:
        """The exact walk, for a chunk that may pass the limit: names the line where it does."""
        line = self._line
        for byte in chunk:
            if byte == 10:
                line += 1
            if in_string:
                if escaped:
                    escaped = False
                elif byte == 92:
                    escaped = True
                elif byte == 34:
                    in_string = False
            elif byte == 34:
                in_string = True
            elif byte in (91, 123):
                depth += 1
                if depth > self._limit:
                    raise InputError(self._source, f"nests deeper than {self._limit:,} levels", str(line))
            elif byte in (93, 125):
                depth = max(0, depth - 1)
        self._depth, self._in_string, self._escaped = depth, in_string, escaped
