"""Rendering findings (`docs`, `upstream`): text, JSON, JUnit and markdown, with the baseline applied."""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..findings import Accepted, Finding, Severity
from ._junit import Case, junit_xml

__all__ = ["render_findings"]


def render_findings(
    command: str,
    new: Sequence[Finding],
    known: Sequence[tuple[Finding, Accepted]],
    unused: Sequence[Accepted],
    output_format: str,
    *,
    where_key: str | None = None,
) -> str:
    """`where_key` names the finding's own place in JSON too (`upstream` calls it `spec`)."""
    errors = sum(f.severity is Severity.ERROR for f in new)
    summary = {
        "findings": len(new),
        "errors": errors,
        "warnings": sum(f.severity is Severity.WARNING for f in new),
        "infos": sum(f.severity is Severity.INFO for f in new),
        "accepted": len(known),
        "unused_baseline_entries": len(unused),
    }
    if output_format == "json":
        return json.dumps(
            {
                "summary": summary,
                "findings": [_as_dict(f, where_key) for f in new],
                "accepted": [{**_as_dict(f, where_key), "reason": a.reason} for f, a in known],
                "unused_baseline_entries": [vars(a) for a in unused],
            },
            indent=2,
            ensure_ascii=False,
        )
    if output_format == "junit":
        return findings_junit(command, new, known)
    if output_format == "markdown":
        return _markdown(command, new, known, summary)
    lines = [finding.text() for finding in new]
    lines += [f"{finding.text()} (accepted: {accepted.reason})" for finding, accepted in known]
    lines += [
        f"baseline entry no longer needed: {a.rule} {a.file} {a.contains!r} ({a.reason})".replace(" ''", "")
        for a in unused
    ]
    lines.append(
        f"{len(new)} findings ({errors} errors, {summary['warnings']} warnings, {summary['infos']} infos), "
        f"{len(known)} accepted"
    )
    return "\n".join(lines)


def _as_dict(finding: Finding, where_key: str | None) -> dict[str, object]:
    data = finding.as_dict()
    if where_key:
        data[where_key] = finding.where
    return data


def findings_junit(command: str, new: Sequence[Finding], known: Sequence[tuple[Finding, Accepted]]) -> str:
    cases = [
        Case(
            f.file,
            f"{f.rule}:{f.line}",
            failure=f.message if f.severity is Severity.ERROR else None,
            text=f.text(),
            kind=f.rule,
        )
        for f in new
    ]
    cases += [Case(f.file, f"{f.rule}:{f.line}", skipped=f"accepted: {a.reason}") for f, a in known]
    return junit_xml(f"qrcontract {command}", cases)


def _markdown(
    command: str, new: Sequence[Finding], known: Sequence[tuple[Finding, Accepted]], summary: dict[str, int]
) -> str:
    lines = [
        f"### qrcontract {command}",
        "",
        (
            f"**{summary['errors']}** errors, **{summary['warnings']}** warnings, **{summary['infos']}** infos; "
            f"{summary['accepted']} accepted in the baseline."
        ),
        "",
    ]
    if new:
        lines += ["| Severity | Rule | Where | Finding |", "|---|---|---|---|"]
        for finding in new:
            where = finding.where + "".join(f"<br>{k}: {v}" for k, v in finding.locations.items())
            cells = [str(finding.severity), f"`{finding.rule}`", where, finding.message]
            lines.append("| " + " | ".join(cell.replace("|", "\\|").replace("\n", " ") for cell in cells) + " |")
    else:
        lines.append("No new findings.")
    return "\n".join(lines)
