"""`qrcontract diff`: breaking changes between two revisions of a spec, with oasdiff's rule ids."""

from __future__ import annotations

import sys

import click

from ..errors import EXIT_FOUND, EXIT_OK
from ._app import main
from ._options import report_format_option


@main.command("diff")
@click.argument("base")
@click.argument("revision")
@click.option(
    "--fail-on",
    type=click.Choice(["ERR", "WARN", "INFO"]),
    default="ERR",
    show_default=True,
    help="Exit 1 when a change at or above this level exists.",
)
@report_format_option
@click.option(
    "--flatten-allof",
    is_flag=True,
    help="Compare what each allOf means, not its branches (as oasdiff's --flatten-allof).",
)
def diff_command(base: str, revision: str, fail_on: str, output_format: str, flatten_allof: bool) -> None:
    """Breaking changes from BASE to REVISION (files, or git revisions of a file as REV:path), with oasdiff's rule ids.

    \b
    qrcontract diff origin/main:spec/api.yaml spec/api.yaml
    qrcontract diff old.yaml new.yaml --fail-on WARN --format markdown > comment.md
    """
    from ..diff import diff_specs, fail_level_reached, load_revision
    from ..reporting import render_diff

    changes = diff_specs(load_revision(base), load_revision(revision), flatten_all_of=flatten_allof)
    click.echo(render_diff(changes, output_format, base, revision))
    sys.exit(EXIT_FOUND if fail_level_reached(changes, fail_on) else EXIT_OK)
