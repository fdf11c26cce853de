"""`qrcontract fuzz`: schemathesis 4.x against the embedded mock (in-process, no socket) or any server.

schemathesis runs with every applicable check (`--checks all`), seeded and bounded. It reads the
same loaded spec the rest of the toolkit uses (written out as JSON for it), and in the default mode
a schemathesis hook sets the mock's ASGI app on the schema, so requests never touch a socket.
Its own report is printed as is, failures with a curl line to reproduce them.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import tempfile
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TextIO

import click

from .errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE, QrContractError
from .mock import MockConfig, build_app
from .spec import Spec

__all__ = ["FuzzOptions", "run_fuzz"]

IN_PROCESS_ORIGIN = "http://mock.qrcontract.invalid"


@dataclass(frozen=True)
class FuzzOptions:
    base_url: str | None = None
    token: str = "qrcontract-fuzz-token"
    max_examples: int = 50
    seed: int = 1
    junit: Path | None = None
    checks: str = "all"
    phases: str | None = None
    workers: int = 1
    mock: MockConfig | None = None


def run_fuzz(spec: Spec, options: FuzzOptions, output: TextIO | None = None) -> int:
    """Run schemathesis; 0 when every check passed, 1 when one failed, 2 when the run could not happen.

    schemathesis prints its report to stdout, or to `output` when given (as `check` does).
    """
    from schemathesis.cli import schemathesis as schemathesis_cli

    with tempfile.TemporaryDirectory(prefix="qrcontract-fuzz-") as scratch:
        location = Path(scratch) / "spec.json"
        location.write_text(json.dumps(spec.raw))
        base_url = options.base_url or IN_PROCESS_ORIGIN + spec.server_path
        args = [
            "run",
            str(location),
            "--url",
            base_url,
            "--checks",
            options.checks,
            "--max-examples",
            str(options.max_examples),
            "--seed",
            str(options.seed),
            "--generation-database",
            "none",
            "--workers",
            str(options.workers),
            "--no-color",
        ]
        for name, value in credentials(spec, options.token).items():
            args += ["--header", f"{name}: {value}"]
        if options.phases:
            args += ["--phases", options.phases]
        reports = Path(scratch) / "reports"
        if options.junit is not None:
            args += ["--report", "junit", "--report-dir", str(reports)]
        redirect = contextlib.redirect_stdout(output) if output is not None else contextlib.nullcontext()
        with _in_process(spec, options) if options.base_url is None else contextlib.nullcontext(), redirect:
            try:
                with warnings.catch_warnings():
                    # schemathesis probes that a report file is writable by opening it and dropping the
                    # handle; harmless in its own process, a ResourceWarning in ours.
                    warnings.simplefilter("ignore", ResourceWarning)
                    code = schemathesis_cli.main(args=args, prog_name="qrcontract fuzz", standalone_mode=False)
            except SystemExit as exit_:
                code = exit_.code
            except click.ClickException as exc:
                raise QrContractError(f"schemathesis refused the run: {exc.format_message()}") from None
        if options.junit is not None:
            produced = sorted(reports.glob("junit*.xml"))
            if produced:
                options.junit.parent.mkdir(parents=True, exist_ok=True)
                shutil.move(str(produced[-1]), options.junit)
    if code in (0, None):
        return EXIT_OK
    return EXIT_FOUND if code == 1 else EXIT_UNUSABLE


def credentials(spec: Spec, token: str) -> dict[str, str]:
    """Headers that satisfy the spec's security schemes with `token`: a bearer token, an API key header, ..."""
    headers: dict[str, str] = {}
    for scheme in spec.security_schemes.values():
        kind = scheme.get("type")
        if kind in ("oauth2", "openIdConnect") or (
            kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer"
        ):
            headers["Authorization"] = f"Bearer {token}"
        elif kind == "apiKey" and scheme.get("in") == "header" and scheme.get("name"):
            headers[str(scheme["name"])] = token
    return headers or {"Authorization": f"Bearer {token}"}


@contextlib.contextmanager
def _in_process(spec: Spec, options: FuzzOptions) -> Iterator[None]:
    """Point the loaded schemathesis schema at the mock's ASGI app for the duration of one run."""
    import schemathesis
    from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

    config = options.mock or MockConfig()
    # The fuzz token is the mock's only valid API key, so schemathesis can see invalid keys rejected.
    app = build_app(spec, replace(config, api_keys=config.api_keys | {options.token}))

    def after_load_schema(context: Any, schema: Any) -> None:
        schema.app = app

    schemathesis.hook(after_load_schema)
    try:
        yield
    finally:
        GLOBAL_HOOK_DISPATCHER.unregister(after_load_schema)
