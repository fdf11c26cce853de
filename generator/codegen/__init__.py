"""Generation of the `generated/` package from the spec, and the drift check against it.

`render` is pure: spec in, a mapping of file name to text out, every Python file proved to compile
(and the models to be declarations only). `generate` writes it atomically into a folder that is new,
empty, or generated before; `check_generated` compares it with what is on disk.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..files import replace_generated_folder
from ..spec import Spec
from ._render import MANIFEST, render

__all__ = ["FileDrift", "check_generated", "drift", "generate", "render"]

_IGNORED = ("__pycache__", ".mypy_cache", ".ruff_cache")


@dataclass(frozen=True)
class FileDrift:
    """One generated file that differs from a fresh generation."""

    name: str
    kind: str  # "changed", "missing" or "unexpected"
    diff: str


def generate(spec: Spec, out: Path) -> tuple[str, ...]:
    """Render the package for `spec` and put it in `out`; returns the names of the files written."""
    files = render(spec, out)
    replace_generated_folder(out, files, manifest=MANIFEST, protected=(spec.path,))
    return tuple(files)


def check_generated(spec: Spec, out: Path) -> list[FileDrift]:
    """How `out` differs from a fresh generation; empty when it is in step."""
    return drift(render(spec, out), out)


def drift(files: Mapping[str, str], out: Path) -> list[FileDrift]:
    """How the files in `out` differ from `files`; empty when in step. Links are not followed."""
    on_disk = (
        {
            path.relative_to(out).as_posix(): path
            for path in sorted(out.rglob("*"))
            if (path.is_symlink() or path.is_file())
            and not any(part in _IGNORED for part in path.relative_to(out).parts)
        }
        if out.is_dir() and not out.is_symlink()
        else {}
    )
    found: list[FileDrift] = []
    for name, text in files.items():
        if name not in on_disk:
            found.append(FileDrift(name, "missing", f"--- {out / name} (missing)\n"))
            continue
        if on_disk[name].is_symlink():  # never read: a link could show any file of the machine in a CI log
            found.append(FileDrift(name, "changed", f"--- {out / name} is a link, not a generated file\n"))
            continue
        current = on_disk[name].read_text(encoding="utf-8", errors="replace")
        if current != text:
            diff = "".join(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    fromfile=f"{out / name} (on disk)",
                    tofile=f"{out / name} (from the spec)",
                )
            )
            found.append(FileDrift(name, "changed", diff))
    for name in on_disk:
        if name not in files:
            found.append(FileDrift(name, "unexpected", f"+++ {out / name} (not generated; remove it)\n"))
    return found
