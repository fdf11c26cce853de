"""Rendering `BreakingChange`s: text, JSON, JUnit XML, and markdown for a pull request comment."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from ._json import json_envelope
from ._junit import Case, junit_xml

if TYPE_CHECKING:  # the diff engine is imported where there are changes to render, not by every command
    from ..diff import BreakingChange

__all__ = ["diff_summary", "render_diff"]


def diff_summary(changes: Sequence[BreakingChange]) -> dict[str, int]:
    counts = Counter(change.level for change in changes)
    from ..diff import Level

    return {str(level): counts.get(level, 0) for level in (Level.ERR, Level.WARN, Level.INFO)}


def render_diff(changes: Sequence[BreakingChange], output_format: str, base: str, revision: str) -> str:
    if output_format == "json":
        return json_envelope(diff_summary(changes), "changes", [c.as_dict() for c in changes])
    if output_format == "junit":
        return _junit(changes)
    if output_format == "markdown":
        return _markdown(changes, base, revision)
    return _text(changes)


def _text(changes: Sequence[BreakingChange]) -> str:
    lines = []
    for change in changes:
        where = f" {change.location}" if change.location else ""
        lines.append(f"{change.level:<4} {change.id}  {change.operation}{where}: {change.text}")
        if change.client:
            lines.append(f"     client: {change.client}")
    counts = diff_summary(changes)
    lines.append(f"{len(changes)} changes: {counts['ERR']} ERR, {counts['WARN']} WARN, {counts['INFO']} INFO")
    return "\n".join(lines)


def _markdown(changes: Sequence[BreakingChange], base: str, revision: str) -> str:
    counts = diff_summary(changes)
    icon = {"ERR": "🔴", "WARN": "🟠", "INFO": "🔵"}
    lines = [
        f"### API changes: `{base}` → `{revision}`",
        "",
        f"**{counts['ERR']}** breaking (ERR), **{counts['WARN']}** to review (WARN), **{counts['INFO']}** safe (INFO).",
        "",
    ]
    if changes:
        lines += ["| | Rule | Operation | Change | Generated client |", "|---|---|---|---|---|"]
        for change in changes:
            cells = [
                icon[str(change.level)] + " " + change.level,
                f"`{change.id}`",
                f"`{change.operation}`",
                change.text,
                change.client or "",
            ]
            lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    else:
        lines.append("No changes to the contract.")
    return "\n".join(lines)


def _junit(changes: Sequence[BreakingChange]) -> str:
    from ..diff import Level

    cases = [
        Case(
            change.operation,
            f"{change.id} {change.location}".strip(),
            failure=change.text if change.level is Level.ERR else None,
            text=change.text + (f"\nclient: {change.client}" if change.client else "")
            if change.level is Level.ERR
            else f"{change.level}: {change.text}",
            kind=change.id,
        )
        for change in changes
    ]
    return junit_xml("qrcontract diff", cases)
