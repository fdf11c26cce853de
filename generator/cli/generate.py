"""`qrcontract generate`: the spec into models and typed clients, or a check that they are in step."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_FOUND, EXIT_OK
from ._app import main
from ._options import out_option, resolve_spec, settings, spec_option


@main.command()
@spec_option
@out_option
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 with a diff if OUT is not in step.")
def generate(spec_path: Path | None, out: Path | None, check_only: bool) -> None:
    """Generate models and typed clients from the spec into OUT (atomically).

    \b
    qrcontract generate                      # the configured spec -> generated/
    qrcontract generate --check              # CI: fail if generated/ is stale
    qrcontract generate --spec other.yaml --out other_client
    """
    from ..codegen import check_generated
    from ..codegen import generate as run_generate
    from ..spec import load_spec

    spec = load_spec(resolve_spec(spec_path))
    target = out or settings().out
    if check_only:
        drifted = check_generated(spec, target)
        if not drifted:
            click.echo(f"{target}/ is in step with {spec.path}")
            sys.exit(EXIT_OK)
        for item in drifted:
            click.echo(item.diff, nl=False)
        names = ", ".join(f"{item.name} ({item.kind})" for item in drifted)
        click.echo(f"{target}/ is out of step with {spec.path}: {names}. Run `qrcontract generate`.", err=True)
        sys.exit(EXIT_FOUND)
    written = run_generate(spec, target)
    click.echo(f"generated {len(written)} files in {target}/ from {spec.path}")
