"""`qrcontract record`: redacted VCR cassettes of every GET operation, through the generated client."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import UsageError
from ._app import main
from ._options import resolve_spec, spec_option, token_from_env


@main.command()
@spec_option
@click.option("--base-url", required=True, help="Where to send the requests: a live service or the mock.")
@click.option(
    "--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("cassettes"), show_default=True
)
@click.option("--token-env", help="Environment variable holding the bearer token (without it a placeholder is sent).")
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="A path parameter value, e.g. id=<user id>."
)
@click.option("--anonymize", is_flag=True, help="Replace the ids used in paths with stable placeholders.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=30.0, show_default=True)
def record(
    *,
    spec_path: Path | None,
    base_url: str,
    out: Path,
    token_env: str | None,
    params: tuple[str, ...],
    anonymize: bool,
    timeout: float,
) -> None:
    """Call every GET operation of the spec through the generated client and write redacted VCR cassettes.

    \b
    qrcontract record --base-url http://127.0.0.1:8000/beta --out cassettes/
    qrcontract record --base-url $LIVE_BASE_URL --token-env GRAPH_TOKEN --param id=$USER_ID --anonymize
    """
    from ..record import record as run_record
    from ..spec import load_spec

    token = token_from_env(token_env) if token_env else "qrcontract-placeholder-token"
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise UsageError("--param", f"{item!r} is not NAME=VALUE")
        values[name] = value
    spec = load_spec(resolve_spec(spec_path))
    for recording in run_record(spec, base_url, out, token=token, params=values, anonymize=anonymize, timeout=timeout):
        click.echo(f"{recording.operation}: {recording.status} -> {recording.path}")
