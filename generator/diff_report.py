"""Rendering `BreakingChange`s: text, JSON, JUnit XML, and markdown for a pull request comment."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Sequence

from .diff import LEVELS, BreakingChange

__all__ = ["render"]


def summary(changes: Sequence[BreakingChange]) -> dict[str, int]:
    counts = Counter(change.level for change in changes)
    return {level: counts.get(level, 0) for level in reversed(LEVELS)}


def render(changes: Sequence[BreakingChange], output_format: str, base: str, revision: str) -> str:
    if output_format == "json":
        return json.dumps({"changes": [c.as_dict() for c in changes], "summary": summary(changes)}, indent=2)
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
    counts = summary(changes)
    lines.append(f"{len(changes)} changes: {counts['ERR']} ERR, {counts['WARN']} WARN, {counts['INFO']} INFO")
    return "\n".join(lines)


def _markdown(changes: Sequence[BreakingChange], base: str, revision: str) -> str:
    counts = summary(changes)
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
                icon[change.level] + " " + change.level,
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
    suite = ET.Element("testsuite", name="qrcontract diff", tests=str(len(changes)))
    failures = 0
    for change in changes:
        case = ET.SubElement(
            suite, "testcase", classname=change.operation, name=f"{change.id} {change.location}".strip()
        )
        text = change.text + (f"\nclient: {change.client}" if change.client else "")
        if change.level == "ERR":
            failures += 1
            ET.SubElement(case, "failure", message=change.text, type=change.id).text = text
        else:
            ET.SubElement(case, "system-out").text = f"{change.level}: {text}"
    suite.set("failures", str(failures))
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)
