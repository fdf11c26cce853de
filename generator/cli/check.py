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
@click.option("--live", is_flag=True, help="Also record, validate and fuzz (safe methods) the live service.")
@click.option(
    "--token-env",
    default="GRAPH_TOKEN",
    show_default=True,
    help="With --live: the environment variable holding the bearer token; without it the live steps are skipped.",
)
@click.option("--live-base-url", help="With --live: the service's base URL (default: the spec's first server).")
@click.option(
    "--live-param", "live_params", multiple=True, metavar="NAME=VALUE", help="With --live: a path parameter's value."
)
@click.option(
    "--live-out", type=click.Path(path_type=Path, file_okay=False), help="With --live: where to keep the cassettes."
)
@click.option("--live-examples", type=click.IntRange(1, 1000), default=10, show_default=True)
def check(
    spec_path: Path | None,
    out: Path | None,
    base_ref: str | None,
    live: bool,
    token_env: str,
    live_base_url: str | None,
    live_params: tuple[str, ...],
    live_out: Path | None,
    live_examples: int,
) -> None:
    """Run every contract check: the spec, generated/ drift, and the steps configured in pyproject.toml.

    Prints one line per step with its verdict and time, then a summary; exit 1 if any step found a problem.
    With --live and a token in $GRAPH_TOKEN (or --token-env), the live service is recorded, validated and
    fuzzed with safe methods only, honouring Retry-After; without a token the live step says it skipped.
    """
    import os

    from ..check import LiveOptions, default_steps, live_steps, run_check
    from ..diff import resolve_revision
    from ..errors import UsageError
    from ..reporting import render_check

    configured = settings()
    if base_ref is not None:
        resolve_revision(base_ref, "--base-ref")
    steps = default_steps(configured, out=out, base_ref=base_ref)
    if live:
        params = {}
        for item in live_params:
            name, sep, value = item.partition("=")
            if not sep or not name:
                raise UsageError("--live-param", f"{item!r} is not NAME=VALUE")
            params[name] = value
        token = os.environ.get(token_env, "").strip() or None
        steps += live_steps(LiveOptions(token, token_env, live_base_url, params, live_out, live_examples))
    report = run_check(spec_path or configured.spec, steps)
    click.echo(render_check(report))
    sys.exit(report.exit_code)
