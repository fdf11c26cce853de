"""Routing a request to the operation that documents it: the one implementation everything uses.

The validator, the mock, the docs checker and the openapi-core reference all need the same answer to
"which operation is `GET https://host/beta/users/42/x`?". The server's path prefix is stripped (any
server of the spec), a literal path beats a templated one (`/users/me` before `/users/{id}`, as
OpenAPI says), and a path that exists without the method gives the methods it does allow.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

if TYPE_CHECKING:
    from ._model import Operation, Spec

__all__ = ["Match", "Router", "path_of"]

_TEMPLATE = re.compile(r"\{([^{}/]+)\}")


@dataclass(frozen=True, init=False)
class Match:
    """What a request routes to. `operation` is None when nothing matched; `allowed` then lists the
    methods the matched path does have (a 405), or is empty (a 404)."""

    operation: Operation | None
    template: str
    allowed: tuple[str, ...] = ()
    values: Mapping[str, str] = field(default_factory=dict)
    in_server: bool = True

    def __init__(
        self,
        operation: Operation | None,
        template: str,
        allowed: tuple[str, ...] = (),
        values: Mapping[str, str] | None = None,
        in_server: bool = True,
    ) -> None:
        # One dict update, not a frozen dataclass's `object.__setattr__` per field: built per request.
        self.__dict__.update(
            operation=operation,
            template=template,
            allowed=allowed,
            values={} if values is None else values,
            in_server=in_server,
        )


@dataclass(frozen=True)
class _Segment:
    """One segment of a path template: a literal, a whole-segment variable, or a mixed one (`{name}.{ext}`:
    `prefix`, then per variable that takes text the literal after it and how many variables beside it
    stay empty)."""

    literal: str | None = None
    names: tuple[str, ...] = ()
    prefix: str = ""
    parts: tuple[tuple[str, int], ...] = ()

    @property
    def mixed(self) -> bool:
        return bool(self.parts)

    def match(self, text: str) -> tuple[str, ...] | None:
        if self.literal is not None:
            return () if text == self.literal else None
        if not text:
            return None
        if not self.parts:
            return (text,)
        return self._match_mixed(text)

    def _match_mixed(self, text: str) -> tuple[str, ...] | None:
        """Each variable takes the shortest text up to the next occurrence of the literal after it, the last
        one the rest: what `(.+?)sep(.+?)...(.+)suffix` would match, found in one pass (a pattern with
        several lazy groups backtracks polynomially on a hostile segment)."""
        suffix = self.parts[-1][0]
        if len(text) < len(self.prefix) + len(suffix) + len(self.parts):
            return None
        if not text.startswith(self.prefix) or not text.endswith(suffix):
            return None
        body = text[len(self.prefix) : len(text) - len(suffix)]
        values: list[str] = []
        at = 0
        for separator, beside in self.parts[:-1]:
            end = body.find(separator, at + 1)
            if end < 0:
                return None
            values += [body[at:end], *[""] * beside]
            at = end + len(separator)
        if at >= len(body):
            return None
        values += [body[at:], *[""] * self.parts[-1][1]]
        return tuple(values)


@dataclass(frozen=True)
class _Path:
    template: str
    segments: tuple[_Segment, ...]
    operations: Mapping[str, Operation]
    literals: tuple[tuple[int, str], ...] = ()  # (position, text): compared first, a miss ends the match
    variables: tuple[tuple[int, _Segment], ...] = ()

    def match(self, parts: list[str]) -> dict[str, str] | None:
        if len(parts) != len(self.segments):
            return None
        for position, literal in self.literals:
            if parts[position] != literal:
                return None
        values: dict[str, str] = {}
        for position, segment in self.variables:
            found = segment.match(parts[position])
            if found is None:
                return None
            for name, value in zip(segment.names, found, strict=True):
                values[name] = unquote(value)
        return values


def path_of(url: str) -> str:
    """The path of a URL or of a bare path (query and fragment dropped)."""
    if url.startswith(("https://", "http://")) and url.isascii() and not url.encode().translate(None, _URL_SAFE):
        path = _plain_url_path(url)
        if path is not None:
            return path or "/"
    absolute = "://" in url or url.startswith("//")
    path = urlsplit(url).path if absolute else url.split("?", 1)[0].split("#", 1)[0]
    return path or "/"


_URL_SAFE = bytes(range(0x21, 0x7F))  # printable ASCII but space: what urlsplit neither strips nor removes


def _plain_url_path(url: str) -> str | None:
    """`urlsplit(url).path` for a printable ASCII http(s) URL with a path, in a few string searches (a
    recording routes one URL per exchange); None for anything else (no path, or a bracketed IPv6 host,
    which urlsplit checks)."""
    start = url.index("//") + 2
    slash = url.find("/", start)
    if slash < 0:
        return None
    host = url[start:slash]
    if "?" in host or "#" in host or "[" in host or "]" in host:
        return None
    end = url.find("?", slash)
    if end < 0:
        end = len(url)
    fragment = url.find("#", slash, end)
    return url[slash : fragment if fragment >= 0 else end]


class Router:
    """Routes requests for one spec; built once (`spec.router`)."""

    def __init__(self, spec: Spec) -> None:
        prefixes = {urlsplit(url).path.rstrip("/") for url in spec.servers}
        self.prefixes = tuple(sorted((p for p in prefixes if p), key=len, reverse=True))
        self._unders = tuple((prefix, prefix + "/") for prefix in self.prefixes)
        by_path: dict[str, dict[str, Operation]] = {}
        for operation in spec.operations:
            by_path.setdefault(operation.path, {})[operation.method] = operation
        paths = [_compile(template, operations) for template, operations in by_path.items()]
        self._paths = sorted(paths, key=lambda p: _specificity(p.template))
        self._by_length: dict[int, list[_Path]] = {}  # a path only ever matches one of its own length
        for candidate in self._paths:
            self._by_length.setdefault(len(candidate.segments), []).append(candidate)
        # The pattern tries each path in turn, reading the URL again for each: it pays for a spec of a few
        # paths (a fragment), and a hostile URL read by it costs at most `_PLAIN_WORK` characters.
        self._pattern = _url_pattern(self.prefixes, self._paths) if len(self._paths) <= _PLAIN_PATHS else None
        self._plain_url = _PLAIN_WORK // max(len(self._paths), 1)

    def relative(self, url: str) -> tuple[str, bool]:
        """The request path relative to the server, and whether it was under a server's path at all."""
        path = path_of(url)
        if not self.prefixes:
            return path, True
        for prefix, under in self._unders:
            if path.startswith(under) or path == prefix:
                return path[len(prefix) :] or "/", True
        return path, False

    def match(self, method: str, url: str) -> Match:
        found = self._plain_match(method, url)
        return found if found is not None else self._any_match(method, url)

    def _any_match(self, method: str, url: str) -> Match:
        path, in_server = self.relative(url)
        parts = _segments(path)
        for candidate in self._by_length.get(len(parts), ()):
            values = candidate.match(parts)
            if values is None:
                continue
            operation = candidate.operations.get(method.upper())
            if operation is None:
                return Match(None, candidate.template, tuple(sorted(candidate.operations)), values, in_server)
            return Match(operation, candidate.template, (), values, in_server)
        return Match(None, path, (), {}, in_server)

    def _plain_match(self, method: str, url: str) -> Match | None:
        """`match` for a printable ASCII http(s) URL that routes to a path of the spec, in one compiled
        pattern (a production recording routes a new URL per exchange); None for anything else, which
        the general way answers (and the same way: this is only the short road to it)."""
        if self._pattern is None or len(url) > self._plain_url or not url.startswith(("https://", "http://")):
            return None
        if not url.isascii():
            return None
        if url.encode().translate(None, _URL_SAFE):
            return None
        pattern, paths = self._pattern
        found = pattern.match(url)
        if found is None or found.lastindex not in paths:
            return None
        candidate, groups, names = paths[found.lastindex]
        values: dict[str, str] = {}
        for group, variable in zip(groups, names, strict=True):
            text = found.group(group)
            values[variable] = unquote(text) if "%" in text else text
        in_server = not self.prefixes or found.group(1) is not None  # group 1: the server's prefix
        operation = candidate.operations.get(method.upper())
        if operation is None:
            return Match(None, candidate.template, tuple(sorted(candidate.operations)), values, in_server)
        return Match(operation, candidate.template, (), values, in_server)


def _url_pattern(
    prefixes: tuple[str, ...], paths: list[_Path]
) -> tuple[re.Pattern[str], dict[int, tuple[_Path, tuple[int, ...], tuple[str, ...]]]] | None:
    """One pattern for every path of the spec, most specific first, after any server's path prefix (taken
    whole or not at all, as `relative` does): `(pattern, {path's group: (path, variable groups, names)})`.
    None when a segment is partly templated or a literal is one a URL's path cannot hold."""
    alternatives = []
    for index, candidate in enumerate(paths):
        parts = []
        for segment in candidate.segments:
            if segment.mixed or (segment.literal is not None and not _PLAIN_LITERAL.match(segment.literal)):
                return None
            parts.append("/" + re.escape(segment.literal) if segment.literal is not None else "/([^/?#]++)")
        alternatives.append(f"(?P<t{index}>{''.join(parts)})")
    if not alternatives:
        return None
    prefix = ""
    if prefixes:
        if not all(_PLAIN_LITERAL.match(part) for p in prefixes for part in p.strip("/").split("/")):
            return None
        # Atomic, the choice included: a prefix taken is never given back to try the path without it.
        prefix = rf"(?>(?:(?P<prefix>{'|'.join(re.escape(p) for p in prefixes)})(?=[/?#]|\Z))?)"
    # Possessive runs: what follows each can never be in it, so giving back characters could only fail.
    pattern = re.compile(rf"https?://[^/?#\[\]]*+{prefix}(?:{'|'.join(alternatives)})/*+(?:[?#]|\Z)")
    table = {}
    for index, candidate in enumerate(paths):
        group = pattern.groupindex[f"t{index}"]
        names = tuple(name for segment in candidate.segments for name in segment.names)
        table[group] = (candidate, tuple(range(group + 1, group + 1 + len(names))), names)
    return pattern, table


_PLAIN_WORK = 1 << 16
_PLAIN_PATHS = 16  # more paths: the general way (bucketed by length, literals compared first) is faster
_PLAIN_LITERAL = re.compile(r"[^/?#\s%]+\Z")  # a literal segment that a path holds as written


def _segments(path: str) -> list[str]:
    trimmed = path.rstrip("/")
    return trimmed.split("/")[1:] if trimmed else []


def _compile(template: str, operations: Mapping[str, Operation]) -> _Path:
    segments = []
    for text in _segments(template):
        found = list(_TEMPLATE.finditer(text))
        if not found:
            segments.append(_Segment(literal=text))
        elif len(found) == 1 and found[0].group(0) == text:
            segments.append(_Segment(names=(found[0].group(1),)))
        else:
            segments.append(_mixed(text, found))
    literals = tuple((i, seg.literal) for i, seg in enumerate(segments) if seg.literal is not None)
    variables = tuple((i, seg) for i, seg in enumerate(segments) if seg.literal is None)
    return _Path(template, tuple(segments), dict(operations), literals, variables)


def _mixed(text: str, found: list[re.Match[str]]) -> _Segment:
    """A segment such as `{name}.{ext}`. Variables side by side cannot be told apart: the first takes
    the text and the others are empty, so matching stays linear whatever the template."""
    parts: list[tuple[str, int]] = []
    index = 0
    while index < len(found):
        last = index
        while last + 1 < len(found) and found[last + 1].start() == found[last].end():
            last += 1  # beside the one before: stays empty
        after = found[last + 1].start() if last + 1 < len(found) else len(text)
        parts.append((text[found[last].end() : after], last - index))
        index = last + 1
    names = tuple(variable.group(1) for variable in found)
    return _Segment(names=names, prefix=text[: found[0].start()], parts=tuple(parts))


def _specificity(template: str) -> tuple[tuple[int, ...], str]:
    """Literal segments sort first, segment by segment; a partly templated one sits between."""
    ranks = []
    for segment in template.strip("/").split("/"):
        if not _TEMPLATE.search(segment):
            ranks.append(0)
        elif _TEMPLATE.fullmatch(segment):
            ranks.append(2)
        else:
            ranks.append(1)
    return tuple(ranks), template
