"""Reporters: validation results rendered as text lines, JSON, JUnit XML and GitHub annotations.

Results are values (`ExchangeResult`, `Violation`); these functions only render them. Text and
annotations stream, one line per violation; JSON and JUnit are written once at the end.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .validate import ExchangeResult, Violation

__all__ = ["Summary", "annotation", "json_report", "junit_xml", "short_path", "text_line"]


def short_path(path: str) -> str:
    """`/users/{id}/settings/regional/timeZone` -> `/users/{id}/.../timeZone`: long paths, short lines."""
    parts = path.strip("/").split("/")
    if len(parts) <= 4:
        return path
    return "/" + "/".join([*parts[:2], "...", parts[-1]])


def text_line(result: ExchangeResult, violation: Violation) -> str:
    exchange = result.exchange
    where = f" {violation.pointer}" if violation.pointer else ""
    warn = " (warning)" if violation.severity == "warning" else ""
    return (
        f"{exchange.label} {exchange.method} {short_path(result.path)} {exchange.status}{where}: "
        f"{violation.message} [{violation.rule}]{warn}"
    )


def annotation(result: ExchangeResult, violation: Violation) -> str:
    """A GitHub Actions workflow command, so the violation shows on the fixture file in the PR."""
    level = "error" if violation.severity == "error" else "warning"
    message = text_line(result, violation).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} file={result.exchange.source},title=qrcontract {violation.rule}::{message}"


@dataclass
class Summary:
    exchanges: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: list[InputError] = field(default_factory=list)

    def add(self, result: ExchangeResult) -> None:
        self.exchanges += 1
        self.failed += not result.ok
        self.errors += result.errors
        self.warnings += result.warnings

    def as_dict(self) -> dict[str, int]:
        return {"exchanges": self.exchanges, "failed": self.failed, "errors": self.errors, "warnings": self.warnings}


def result_dict(result: ExchangeResult) -> dict[str, Any]:
    return {
        "source": result.exchange.source,
        "index": result.exchange.index,
        "method": result.exchange.method,
        "path": result.path,
        "operation": result.operation.operation_id if result.operation else None,
        "status": result.exchange.status,
        "ok": result.ok,
        "violations": [v.as_dict() for v in result.violations],
    }


def json_report(summary: Summary, results: Iterable[dict[str, Any]]) -> str:
    payload = {
        "summary": summary.as_dict(),
        "results": list(results),
        "unreadable": [{"source": e.path, "where": e.where, "reason": e.reason} for e in summary.unreadable],
    }
    return json.dumps(payload, indent=2)


def junit_xml(path: Path, cases: Iterable[tuple[str, str, list[str], list[str]]], summary: Summary) -> None:
    """One test case per exchange: (classname, name, error lines, warning lines)."""
    suite = ET.Element("testsuite", name="qrcontract validate")
    total = failures = 0
    for classname, name, errors, warnings in cases:
        total += 1
        case = ET.SubElement(suite, "testcase", classname=classname, name=name)
        if errors:
            failures += 1
            failure = ET.SubElement(case, "failure", message=errors[0][:200], type="contract-violation")
            failure.text = "\n".join(errors)
        if warnings:
            ET.SubElement(case, "system-out").text = "\n".join(warnings)
    for error in summary.unreadable:
        total += 1
        case = ET.SubElement(suite, "testcase", classname=error.path, name="read")
        ET.SubElement(case, "error", message=str(error), type="unreadable")
    suite.set("tests", str(total))
    suite.set("failures", str(failures))
    suite.set("errors", str(len(summary.unreadable)))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
