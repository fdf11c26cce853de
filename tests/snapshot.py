"""Snapshot files for CLI output people read: a change to the output is a visible diff in review."""

from __future__ import annotations

import os
import re
from pathlib import Path

SNAPSHOTS = Path(__file__).parent / "snapshots"


def placeholders(text: str) -> str:
    """Replace what varies between runs (times, request ids) so output compares with a snapshot."""
    text = re.sub(r"\d+\.\d\ds", "<TIME>s", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<UUID>", text)


def assert_snapshot(name: str, text: str) -> None:
    path = SNAPSHOTS / name
    if os.environ.get("UPDATE_SNAPSHOTS") == "1":  # review the diff, then commit the file
        path.write_text(text)
    assert path.exists(), f"no snapshot {path}: run with UPDATE_SNAPSHOTS=1 once"
    assert text == path.read_text()
