"""`qrcontract fuzz`: schemathesis, every check, against the embedded mock or a server."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ._app import main
from ._options import mock_config, mock_options, resolve_spec, spec_option, token_from_env


@main.command()
@spec_option
@click.option("--base-url", help="Fuzz this server instead of the embedded mock (which runs in-process, no socket).")
@click.option("--token-env", help="Environment variable holding the bearer token for --base-url.")
@click.option(
    "--max-examples",
    default=50,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Examples per operation and phase.",
)
@click.option("--seed", default=1, show_default=True, type=int, help="Seed of schemathesis' generation.")
@click.option("--checks", default="all", show_default=True, help="schemathesis checks, comma-separated, or all.")
@click.option("--safe-methods-only", is_flag=True, help="Only GET, HEAD and OPTIONS (for live services).")
@click.option(
    "--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), help="Write a JUnit report here."
)
@mock_options
def fuzz(
    *,
    spec_path: Path | None,
    base_url: str | None,
    token_env: str | None,
    max_examples: int,
    seed: int,
    checks: str,
    safe_methods_only: bool,
    junit_path: Path | None,
    fixtures: tuple[Path, ...],
    tokens: tuple[str, ...],
    tokens_file: Path | None,
    throttle: str | None,
    read_timeout: float,
    mock_seed: int,
) -> None:
    """Property-based contract tests (schemathesis, every check) against the embedded mock or --base-url.

    \b
    qrcontract fuzz                                   # the embedded mock, in-process
    qrcontract fuzz --base-url http://127.0.0.1:8000/beta --max-examples 200 --junit reports/fuzz.xml
    """
    from ..files import write_text_atomic
    from ..fuzz import FuzzOptions, run_fuzz
    from ..reporting import fuzz_junit, render_fuzz
    from ..spec import load_spec

    spec = load_spec(resolve_spec(spec_path))
    options = FuzzOptions(
        base_url=base_url,
        max_examples=max_examples,
        seed=seed,
        checks=checks,
        safe_methods_only=safe_methods_only,
        mock=mock_config(fixtures, tokens, tokens_file, throttle, mock_seed, read_timeout)
        if base_url is None
        else None,
    )
    if token_env:
        options = FuzzOptions(**{**options.__dict__, "token": token_from_env(token_env)})
    result = run_fuzz(spec, options)
    click.echo(render_fuzz(result))
    if junit_path is not None:
        write_text_atomic(junit_path, fuzz_junit(result))
    sys.exit(result.exit_code)
