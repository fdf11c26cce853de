"""The `validate` command's rendering: streams text lines, or collects JSON/JUnit, and picks the exit code."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from .errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE, InputError
from .report import Summary, annotation, json_report, junit_xml, result_dict, short_path, text_line
from .spec import Spec
from .validate import validate_paths

__all__ = ["run_validate"]


def run_validate(
    spec: Spec, paths: tuple[Path, ...], *, strict: bool, output_format: str, junit_path: Path | None
) -> int:
    summary = Summary()
    results: list[dict[str, Any]] = []
    cases: list[tuple[str, str, list[str], list[str]]] = []
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for item in validate_paths(spec, paths, strict=strict):
        if isinstance(item, InputError):
            summary.unreadable.append(item)
            click.echo(f"qrcontract: error: {item}", err=True)
            continue
        summary.add(item)
        lines = [text_line(item, v) for v in item.violations]
        if output_format == "text":
            for line in lines:
                click.echo(line)
        else:
            results.append(result_dict(item))
        if github:
            for violation in item.violations:
                click.echo(annotation(item, violation), err=output_format != "text")
        if junit_path is not None:
            name = f"#{item.exchange.index} {item.exchange.method} {short_path(item.path)} {item.exchange.status}"
            errors = [line for line, v in zip(lines, item.violations, strict=True) if v.severity == "error"]
            warnings = [line for line, v in zip(lines, item.violations, strict=True) if v.severity != "error"]
            cases.append((item.exchange.source, name, errors, warnings))
    if output_format == "json":
        click.echo(json_report(summary, results))
    else:
        click.echo(
            f"{summary.exchanges} exchanges: {summary.exchanges - summary.failed} conform, {summary.failed} do not "
            f"({summary.errors} errors, {summary.warnings} warnings, {len(summary.unreadable)} unreadable files)"
        )
    if junit_path is not None:
        junit_xml(junit_path, cases, summary)
    if summary.unreadable:
        return EXIT_UNUSABLE
    return EXIT_FOUND if summary.failed else EXIT_OK
