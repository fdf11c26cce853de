"""Findings about documents (Microsoft's pages, Microsoft's metadata) and the baseline of accepted ones.

`docs` and `upstream` both report `Finding`s: a named rule, a severity, the file and line it is
about, and more locations where one finding joins two documents. A baseline lists the findings a
project has accepted, each with its reason, so that a check fails only on new ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from .documents import parse_document, read_text
from .errors import InputError

__all__ = ["Accepted", "Baseline", "Finding", "Severity", "load_baseline"]


class Severity(StrEnum):
    """How much a finding or a violation matters: errors fail a run, warnings and infos do not."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True)
class Finding:
    """One thing a check found. `locations` names further places, e.g. `{"upstream": "beta.xml:812"}`."""

    rule: str
    severity: Severity
    file: str
    line: int | None
    message: str
    locations: Mapping[str, str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def text(self) -> str:
        extra = "".join(f" [{name}: {place}]" for name, place in self.locations.items())
        return f"{self.where}: {self.severity} {self.rule}: {self.message}{extra}"

    def as_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": str(self.severity),
            "file": self.file,
            "line": self.line,
            "message": self.message,
            **self.locations,
        }


@dataclass(frozen=True)
class Accepted:
    """A finding the project accepts: same rule, same file name (when given), message containing `contains`."""

    rule: str
    file: str
    contains: str
    reason: str

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and (not self.file or Path(finding.file).name == Path(self.file).name)
            and self.contains.lower() in finding.message.lower()
        )


@dataclass(frozen=True)
class Baseline:
    """The accepted findings of one baseline file."""

    entries: tuple[Accepted, ...] = ()

    def split(self, findings: Iterable[Finding]) -> tuple[list[Finding], list[tuple[Finding, Accepted]]]:
        """New findings, and accepted ones paired with the entry that accepts them."""
        new: list[Finding] = []
        known: list[tuple[Finding, Accepted]] = []
        for finding in findings:
            match = next((entry for entry in self.entries if entry.matches(finding)), None)
            if match is None:
                new.append(finding)
            else:
                known.append((finding, match))
        return new, known

    def unused(self, known: Iterable[tuple[Finding, Accepted]]) -> list[Accepted]:
        """Entries that accepted nothing this run: the drift they excused is gone, and so should they be."""
        used = {id(entry) for _, entry in known}
        return [entry for entry in self.entries if id(entry) not in used]


def load_baseline(path: Path) -> Baseline:
    """`- {rule: value-wrapper, file: user-get.md, contains: "wrapped", reason: "..."}` (`page` is read as `file`)."""
    data = parse_document(read_text(path, what="baseline"), str(path), lines=False).data or []
    if not isinstance(data, list):
        raise InputError(str(path), "a baseline is a list of {rule, file, contains, reason}")
    entries = []
    for index, entry in enumerate(data):
        if not isinstance(entry, Mapping) or not isinstance(entry.get("rule"), str) or not entry.get("reason"):
            raise InputError(str(path), "each accepted finding needs a rule and a reason", f"/{index}")
        entries.append(
            Accepted(
                rule=entry["rule"],
                file=str(entry.get("file", entry.get("page", "")) or ""),
                contains=str(entry.get("contains", "")),
                reason=str(entry["reason"]),
            )
        )
    return Baseline(tuple(entries))
