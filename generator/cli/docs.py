"""`qrcontract docs`: Microsoft Graph reference pages held against the spec."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE
from ._app import main
from ._options import report_format_option, resolve_spec, spec_option


@main.command()
@spec_option
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path))
@report_format_option
@click.option(
    "--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), help="Also write JUnit XML here."
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Known findings to accept (YAML, each with a reason).",
)
def docs(
    spec_path: Path | None,
    pages: tuple[Path, ...],
    output_format: str,
    junit_path: Path | None,
    baseline_path: Path | None,
) -> None:
    """Check Microsoft Graph reference pages (markdown source) against the spec.

    \b
    qrcontract docs docs/api/user-get.md docs/resources/
    qrcontract docs docs/ --baseline docs-baseline.yaml --format json
    """
    from ..docs import check_pages
    from ..errors import InputError
    from ..exchanges import Skipped
    from ..files import write_text_atomic
    from ..findings import Baseline, Finding, Severity, load_baseline
    from ..reporting import findings_junit, render_findings
    from ..spec import load_spec

    spec = load_spec(resolve_spec(spec_path))
    baseline = load_baseline(baseline_path) if baseline_path else Baseline()
    findings: list[Finding] = []
    unreadable = 0
    for item in check_pages(spec, pages):
        if isinstance(item, InputError):
            unreadable += 1
            click.echo(f"qrcontract: error: {item}", err=True)
        elif isinstance(item, Skipped):
            click.echo(f"qrcontract: warning: {item}", err=True)
        else:
            findings.append(item)
    new, known = baseline.split(findings)
    click.echo(render_findings("docs", new, known, baseline.unused(known) if baseline_path else [], output_format))
    if junit_path is not None:
        write_text_atomic(junit_path, findings_junit("docs", new, known))
    if unreadable:
        sys.exit(EXIT_UNUSABLE)
    sys.exit(EXIT_FOUND if any(f.severity is Severity.ERROR for f in new) else EXIT_OK)
