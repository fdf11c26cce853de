"""Which files a list of paths names: files as given, and recordings found under folders.

A recordings folder may come from a pull request. Its walk never follows a link out of the folder
or into a folder, never opens a FIFO or a device, skips hidden entries (`.git/`, `.schemathesis/`)
unless named, and names every entry it passes over with the reason, so nothing is skipped silently.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ._exchange import Skipped

__all__ = ["RECORDING_SUFFIXES", "collect_files"]

RECORDING_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".har"})


def collect_files(
    paths: Iterable[Path], suffixes: frozenset[str] = RECORDING_SUFFIXES
) -> Iterator[Path | Skipped | InputError]:
    """The files named, and the files with `suffixes` under the folders named, in a stable order."""
    for path in paths:
        try:
            mode = path.stat().st_mode
        except FileNotFoundError:
            yield InputError(str(path), "no such file or folder" if not path.is_symlink() else "a link to nothing")
            continue
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")
            continue
        if stat.S_ISDIR(mode):
            yield from _walk(path, path.resolve(), suffixes)
        elif stat.S_ISREG(mode):
            yield path
        else:
            yield InputError(str(path), "not a regular file (a FIFO, socket or device is never opened)")


def _walk(folder: Path, root: Path, suffixes: frozenset[str]) -> Iterator[Path | Skipped | InputError]:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as exc:
        yield InputError(str(folder), f"cannot list the folder: {exc.strerror or exc}")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue  # hidden tool folders and files: named explicitly, they are read
        try:
            if entry.is_symlink():
                yield from _link(path, root, suffixes)
            elif entry.is_dir(follow_symlinks=False):
                yield from _walk(path, root, suffixes)
            elif path.suffix.lower() in suffixes:
                if entry.is_file(follow_symlinks=False):
                    yield path
                else:
                    yield Skipped(str(path), "", "not a regular file; not opened")
        except OSError as exc:
            yield InputError(str(path), f"cannot read: {exc.strerror or exc}")


def _link(path: Path, root: Path, suffixes: frozenset[str]) -> Iterator[Path | Skipped | InputError]:
    if path.suffix.lower() not in suffixes:
        return
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        yield InputError(str(path), "a link to nothing (or a loop of links)")
        return
    if not target.is_relative_to(root):
        yield Skipped(str(path), "", f"a link to {target}, outside {root}; not followed")
    elif not target.is_file():
        yield Skipped(str(path), "", "a link to something that is not a file; not followed")
    else:
        yield path
