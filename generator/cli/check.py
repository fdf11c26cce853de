"""`qrcontract check`: every contract check, one verdict line per step."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._app import main
from ._options import out_option, settings, spec_option


@main.command()
@spec_option
@out_option
@click.option(
    "--base-ref", help="Also fail on breaking changes (ERR) against the spec at this git revision, e.g. origin/main."
)
def check(spec_path: Path | None, out: Path | None, base_ref: str | None) -> None:
    """Run every contract check: the spec, generated/ drift, and the steps configured in pyproject.toml.

    Prints one line per step with its verdict and time, then a summary; exit 1 if any step found a problem.
    """
    from ..check import default_steps, run_check
    from ..diff import resolve_revision
    from ..reporting import render_check

    configured = settings()
    if base_ref is not None:
        resolve_revision(base_ref, "--base-ref")
    report = run_check(spec_path or configured.spec, default_steps(configured, out=out, base_ref=base_ref))
    click.echo(render_check(report))
    sys.exit(report.exit_code)
