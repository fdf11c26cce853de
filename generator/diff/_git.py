"""Specs from git revisions (`REV:path`, as oasdiff takes them), without letting a value become a git option."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from ..errors import InputError, UsageError
from ..spec import Spec, load_spec, load_spec_text

__all__ = ["load_revision", "resolve_revision"]

_TIMEOUT = 30


def _git(*args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            ["git", *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=_TIMEOUT,
            encoding="utf-8",
            errors="replace",
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise InputError("git", f"cannot run git: {exc}") from None


def resolve_revision(revision: str, option: str = "revision") -> str:
    """The commit a revision names; refuses what git would read as an option, and what does not exist."""
    if not revision or revision.startswith("-") or any(c in revision for c in "\0\n\r"):
        raise UsageError(option, f"{revision!r} is not a git revision")
    verified = _git("rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    if verified.returncode != 0:
        raise UsageError(option, f"{revision!r} is not a commit in this repository")
    return verified.stdout.strip()


def load_revision(source: str) -> Spec:
    """A spec from a file path, or from git as `REV:path` (e.g. `origin/main:spec/x.yaml`)."""
    path = Path(source)
    if path.exists() or ":" not in source or re.match(r"^[A-Za-z]:[\\/]", source):
        if source.startswith("-"):
            raise UsageError(source, "a spec path may not start with '-'")
        return load_spec(path)
    revision, _, inner = source.partition(":")
    commit = resolve_revision(revision, source)
    if inner.startswith("-") or not inner:
        raise UsageError(source, "the path after ':' is missing or starts with '-'")
    shown = _git("show", "--end-of-options", f"{commit}:{inner}")
    if shown.returncode != 0:
        reason = (shown.stderr.strip().splitlines() or ["git show failed"])[-1].removeprefix("fatal: ")
        raise InputError(source, f"not a file, and not a git revision of one: {reason}")
    return load_spec_text(shown.stdout, Path(source))
