"""`qrcontract upstream`: the spec against Microsoft's published metadata (CSDL, OpenAPI description)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import EXIT_FOUND, EXIT_OK
from ._app import main
from ._options import report_format_option, resolve_spec, settings, spec_option


@main.command()
@spec_option
@click.option("--csdl", "csdl", metavar="PATH|URL", help="Microsoft's CSDL ($metadata), a file or a URL.")
@click.option("--openapi", "openapi", metavar="PATH|URL", help="Microsoft's OpenAPI description (YAML or JSON).")
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Deviations from upstream the project accepts (YAML, each with a reason).",
)
@report_format_option
@click.option("--offline", is_flag=True, help="Use cached downloads only; never touch the network.")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where downloads are cached (default: $XDG_CACHE_HOME/qrcontract/upstream).",
)
def upstream(
    spec_path: Path | None,
    csdl: str | None,
    openapi: str | None,
    baseline_path: Path | None,
    output_format: str,
    offline: bool,
    cache_dir: Path | None,
) -> None:
    """Hold the spec against Microsoft's published CSDL and OpenAPI description: drift caught at its source.

    \b
    qrcontract upstream --csdl upstream/beta.csdl.xml --openapi upstream/beta.openapi.yaml
    qrcontract upstream --csdl https://example.com/$metadata --openapi https://example.com/openapi.yaml
    """
    from ..findings import Baseline, Severity, load_baseline
    from ..reporting import render_findings
    from ..spec import load_spec
    from ..upstream import UpstreamOptions, check_upstream
    from ..upstream._fetch import default_cache

    config = settings()
    options = UpstreamOptions(
        csdl=csdl or (str(config.upstream_csdl) if config.upstream_csdl and not openapi else None),
        openapi=openapi or (str(config.upstream_openapi) if config.upstream_openapi and not csdl else None),
        cache=cache_dir or default_cache(),
        offline=offline,
    )
    spec = load_spec(resolve_spec(spec_path))
    baseline_path = baseline_path or config.upstream_baseline
    baseline = load_baseline(baseline_path) if baseline_path else Baseline()
    new, known = baseline.split(check_upstream(spec, options))
    unused = baseline.unused(known) if baseline_path else []
    click.echo(render_findings("upstream", new, known, unused, output_format, where_key="spec"))
    sys.exit(EXIT_FOUND if any(f.severity is Severity.ERROR for f in new) else EXIT_OK)
