"""The `docs` command's rendering and the baseline of accepted findings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import click
import yaml

from .docs import Finding, check_pages
from .errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE, InputError
from .spec import Spec

__all__ = ["Baseline", "load_baseline", "run_docs", "split_by_baseline"]


@dataclass(frozen=True)
class Accepted:
    rule: str
    page: str
    contains: str
    reason: str

    def matches(self, finding: Finding) -> bool:
        return (
            finding.rule == self.rule
            and Path(finding.page).name == Path(self.page).name
            and self.contains.lower() in finding.message.lower()
        )


Baseline = list[Accepted]


def load_baseline(path: Path) -> Baseline:
    """`- {rule: value-wrapper, page: user-get.md, contains: "wrapped", reason: "Microsoft doc error 1"}`."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except FileNotFoundError:
        raise InputError(str(path), "no such file") from None
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(str(path), f"not a readable YAML baseline: {exc}") from None
    if not isinstance(data, list):
        raise InputError(str(path), "a baseline is a list of {rule, page, contains, reason}")
    accepted = []
    for index, entry in enumerate(data):
        if not isinstance(entry, dict) or not entry.get("rule") or not entry.get("page") or not entry.get("reason"):
            raise InputError(str(path), "each accepted finding needs rule, page and a reason", f"/{index}")
        accepted.append(
            Accepted(str(entry["rule"]), str(entry["page"]), str(entry.get("contains", "")), str(entry["reason"]))
        )
    return accepted


def split_by_baseline(
    findings: Iterable[Finding], baseline: Baseline
) -> tuple[list[Finding], list[tuple[Finding, Accepted]]]:
    new: list[Finding] = []
    known: list[tuple[Finding, Accepted]] = []
    for finding in findings:
        match = next((accepted for accepted in baseline if accepted.matches(finding)), None)
        if match is None:
            new.append(finding)
        else:
            known.append((finding, match))
    return new, known


def run_docs(
    spec: Spec, pages: tuple[Path, ...], *, output_format: str, junit_path: Path | None, baseline_path: Path | None
) -> int:
    baseline = load_baseline(baseline_path) if baseline_path else []
    findings: list[Finding] = []
    unreadable: list[InputError] = []
    for item in check_pages(spec, pages):
        if isinstance(item, InputError):
            unreadable.append(item)
            click.echo(f"qrcontract: error: {item}", err=True)
        else:
            findings.append(item)
    new, known = split_by_baseline(findings, baseline)
    if output_format == "json":
        click.echo(
            json.dumps(
                {
                    "findings": [f.as_dict() for f in new],
                    "accepted": [{**f.as_dict(), "reason": a.reason} for f, a in known],
                },
                indent=2,
            )
        )
    else:
        for finding in new:
            click.echo(finding.text())
        for finding, accepted in known:
            click.echo(f"{finding.text()} (accepted: {accepted.reason})")
        errors = sum(f.severity == "error" for f in new)
        click.echo(f"{len(new)} findings ({errors} errors, {len(new) - errors} warnings), {len(known)} accepted")
    if junit_path is not None:
        _junit(junit_path, new, known)
    if unreadable:
        return EXIT_UNUSABLE
    return EXIT_FOUND if any(f.severity == "error" for f in new) else EXIT_OK


def _junit(path: Path, new: list[Finding], known: list[tuple[Finding, Accepted]]) -> None:
    suite = ET.Element("testsuite", name="qrcontract docs", tests=str(len(new) + len(known)))
    failures = 0
    for finding in new:
        case = ET.SubElement(suite, "testcase", classname=finding.page, name=f"{finding.rule}:{finding.line}")
        if finding.severity == "error":
            failures += 1
            ET.SubElement(case, "failure", message=finding.message, type=finding.rule).text = finding.text()
        else:
            ET.SubElement(case, "system-out").text = finding.text()
    for finding, accepted in known:
        case = ET.SubElement(suite, "testcase", classname=finding.page, name=f"{finding.rule}:{finding.line}")
        ET.SubElement(case, "skipped", message=f"accepted: {accepted.reason}")
    suite.set("failures", str(failures))
    path.parent.mkdir(parents=True, exist_ok=True)
    ET.ElementTree(suite).write(path, encoding="utf-8", xml_declaration=True)
