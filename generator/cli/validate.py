"""`qrcontract validate`: recorded exchanges held against the spec."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE
from ._app import main
from ._options import resolve_spec, spec_option


@main.command()
@spec_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat unknown members and unknown enum members as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), help="Also write JUnit XML here."
)
def validate(
    spec_path: Path | None, paths: tuple[Path, ...], strict: bool, output_format: str, junit_path: Path | None
) -> None:
    """Validate recorded exchanges (VCR, schemathesis, HAR, native; files or folders) against the spec.

    Every file is read even when one cannot be: each is named with its reason, and the summary and
    the JUnit file are always written.

    \b
    qrcontract validate tests/fixtures/valid
    qrcontract validate cassettes/ --format json --junit reports/contract.xml
    """
    from ..files import write_text_atomic
    from ..reporting import ValidationRenderer, in_github_actions
    from ..spec import load_spec
    from ..validation import validate_paths

    spec = load_spec(resolve_spec(spec_path))
    renderer = ValidationRenderer(output_format, github=in_github_actions(), junit=junit_path is not None)
    out = sys.stdout
    for line in renderer.start():
        out.write(line + "\n")
    for item in validate_paths(spec, paths, strict=strict):
        for line, to_stderr in renderer.lines(item):
            if to_stderr:
                out.flush()
                click.echo(line, err=True)
            else:
                out.write(line + "\n")
    for line in renderer.end():
        out.write(line + "\n")
    out.flush()
    if junit_path is not None:
        write_text_atomic(junit_path, renderer.junit())
    summary = renderer.summary
    sys.exit(EXIT_UNUSABLE if summary.unreadable else EXIT_FOUND if summary.failed else EXIT_OK)
