"""Which recorded format a file holds, decided from its content, never its name."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import ijson

from ..documents import DepthLimitedReader, parse_document
from ..errors import InputError
from ..limits import MAX_DOCUMENT_BYTES
from . import _har, _native, _schemathesis, _vcr
from ._exchange import Exchange, Skipped
from ._files import collect_files

__all__ = ["read_exchanges", "read_file"]

_BOM = b"\xef\xbb\xbf"


def read_exchanges(paths: Iterable[Path]) -> Iterator[Exchange | Skipped | InputError]:
    """Every exchange of every file; what cannot be read yields its `InputError` in its place, and the
    rest is still read (a file cut short yields the exchanges before the cut, then its error)."""
    for item in collect_files(paths):
        if not isinstance(item, Path):
            yield item
            continue
        try:
            yield from read_file(item)
        except InputError as exc:
            yield exc


def read_file(path: Path) -> Iterator[Exchange | Skipped]:
    source = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(source, f"cannot read: {exc.strerror or exc}") from None
    with handle:
        head = handle.read(4096)
        if b"\0" in head:
            raise InputError(source, "a binary file, not a recorded exchange")
        start = len(_BOM) if head.startswith(_BOM) else 0
        if head[start:].lstrip()[:1] == b"{" and _top_level_key(handle, start, source) == "log":
            handle.seek(start)
            yield from _har.stream(DepthLimitedReader(handle, source), source)
            return
        handle.seek(0)
        raw = handle.read(MAX_DOCUMENT_BYTES + 1)
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InputError(source, f"larger than {MAX_DOCUMENT_BYTES // (1024 * 1024)} MiB (only HAR files are streamed)")
    yield from _dispatch(_load(raw, source), source)


def _top_level_key(handle: IO[bytes], start: int, source: str) -> str | None:
    """The first top-level key that names a format, read with ijson (nothing is built)."""
    handle.seek(start)
    try:
        for prefix, event, value in ijson.parse(DepthLimitedReader(handle, source)):
            if prefix == "" and event == "map_key" and value in ("log", "interactions", "http_interactions", "request"):
                return str(value)
    except (ijson.JSONError, RecursionError):
        return None
    return None


def _load(raw: bytes, source: str) -> Any:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(source, "not UTF-8 text", str(raw[: exc.start].count(b"\n") + 1)) from None
    if not text.strip():
        raise InputError(source, "the file is empty")
    if text.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(text, object_pairs_hook=_unique_pairs)
        except json.JSONDecodeError as exc:
            raise InputError(source, f"not valid JSON: {exc.msg}", str(exc.lineno)) from None
        except _GivenTwice as exc:
            raise InputError(source, str(exc)) from None
        except ValueError as exc:  # a number past Python's 4,300-digit limit
            raise InputError(source, f"not readable JSON: {str(exc).splitlines()[0][:120]}") from None
        except RecursionError:
            raise InputError(source, "not readable: the JSON nests too deeply") from None
    return parse_document(text, source, lines=False, json_compatible=False).data


class _GivenTwice(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: a key given twice would hide the first value."""
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise _GivenTwice(f"the key {twice!r} is given twice in one object")
    return result


def _dispatch(data: Any, source: str) -> Iterator[Exchange | Skipped]:
    if isinstance(data, Mapping):
        if "interactions" in data:
            return _vcr.read(data, source)
        if "http_interactions" in data:
            return _schemathesis.read(data, source)
        if "log" in data:
            return _har.read(data, source)
    if _vcr.looks_like_old_vcr(data):
        return _vcr.read_old(data, source)
    if _native.looks_native(data):
        return _native.read(data, source)
    raise InputError(
        source,
        "not a recorded exchange: expected a VCR cassette (interactions), a schemathesis cassette "
        "(http_interactions), a HAR file (log.entries) or request/response objects",
    )
