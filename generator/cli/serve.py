"""`qrcontract serve`: the embedded mock, served on a loopback port."""

from __future__ import annotations

from pathlib import Path

import click

from ._app import main
from ._options import mock_config, mock_options, resolve_spec, spec_option


@main.command()
@spec_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@mock_options
def serve(
    *,
    spec_path: Path | None,
    host: str,
    port: int,
    fixtures: tuple[Path, ...],
    tokens: tuple[str, ...],
    tokens_file: Path | None,
    throttle: str | None,
    read_timeout: float,
    mock_seed: int,
) -> None:
    """Serve an embedded mock of the API, built from the spec (base URL: http://HOST:PORT + the spec's server path).

    \b
    qrcontract serve --port 8000
    qrcontract serve --fixtures cassettes/ --token reader=app:UserAuthenticationMethod.Read.All --throttle 5/s
    """
    from ..mock import serve as run_serve
    from ..spec import load_spec

    spec = load_spec(resolve_spec(spec_path))
    config = mock_config(fixtures, tokens, tokens_file, throttle, mock_seed, read_timeout)
    click.echo(f"qrcontract mock of {spec.title}: http://{host}:{port}{spec.server_path}", err=True)
    run_serve(spec, config, host, port)
