"""The `qrcontract` command line: parse options, call one library function, render its result.

Exit codes: 0 ok, 1 a violation or drift was found, 2 unusable input or usage, 3 a bug in qrcontract.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ._version import __version__
from .config import Settings, load_settings
from .errors import EXIT_FOUND, EXIT_OK, QrContractError

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BUG = 3


def _settings() -> Settings:
    return load_settings()


def _friendly_errors(command: F) -> F:
    """Turn the toolkit's errors into one line on stderr and their exit code; never a traceback."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except QrContractError as exc:
            click.echo(f"qrcontract: error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt:
            click.echo("qrcontract: interrupted", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("QRCONTRACT_DEBUG"):
                raise
            click.echo(
                f"qrcontract: internal error: {exc.__class__.__name__}: {exc} (set QRCONTRACT_DEBUG=1 for the traceback)",
                err=True,
            )
            sys.exit(EXIT_BUG)

    return wrapper  # type: ignore[return-value]


def spec_option(command: F) -> F:
    return click.option(
        "--spec",
        "spec_path",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="The OpenAPI file (default: `spec` in [tool.qrcontract] of pyproject.toml).",
    )(command)


def out_option(command: F) -> F:
    return click.option(
        "--out",
        "out",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="The generated package folder (default: generated).",
    )(command)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="qrcontract")
def main() -> None:
    """Keep a Microsoft Graph API contract honest: generate, check, validate, mock, fuzz and diff from one spec."""


@main.command()
@spec_option
@out_option
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 with a diff if OUT is not in step.")
@_friendly_errors
def generate(spec_path: Path | None, out: Path | None, check_only: bool) -> None:
    """Generate models and typed clients from the spec into OUT (atomically).

    \b
    qrcontract generate                      # the configured spec -> generated/
    qrcontract generate --check              # CI: fail if generated/ is stale
    qrcontract generate --spec other.yaml --out other_client
    """
    from .codegen import check_generated
    from .codegen import generate as run_generate
    from .spec import load_spec

    settings = _settings()
    spec = load_spec(spec_path or settings.spec)
    target = out or settings.out
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


@main.command()
@spec_option
@out_option
@click.option(
    "--base-ref", help="Also fail on breaking changes (ERR) against the spec at this git revision, e.g. origin/main."
)
@_friendly_errors
def check(spec_path: Path | None, out: Path | None, base_ref: str | None) -> None:
    """Run every contract check: the spec, generated/ drift, and the steps configured in pyproject.toml.

    Prints one line per step with its verdict and time, then a summary; exit 1 if any step found a problem.
    """
    from .check import run_check
    from .steps import default_steps

    settings = _settings()
    report = run_check(spec_path or settings.spec, default_steps(settings, out=out, base_ref=base_ref))
    width = max(len(step.name) for step in report.steps)
    for step in report.steps:
        verdict = step.verdict.upper() if step.verdict not in ("ok", "skipped") else step.verdict
        click.echo(f"{step.name:<{width}}  {verdict:<7}  {step.seconds:6.2f}s  {step.summary}")
    for step in report.steps:
        if step.details:
            click.echo(f"\n== {step.name}\n{step.details.rstrip()}")
    failed = [step.name for step in report.steps if step.exit_code != EXIT_OK]
    if failed:
        click.echo(f"\ncheck failed: {', '.join(failed)} ({report.seconds:.2f}s)")
    else:
        click.echo(f"\ncheck passed: {len(report.steps)} steps ({report.seconds:.2f}s)")
    sys.exit(report.exit_code)


@main.command()
@spec_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat unknown members and unknown enum members as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), help="Also write JUnit XML here."
)
@_friendly_errors
def validate(
    spec_path: Path | None, paths: tuple[Path, ...], strict: bool, output_format: str, junit_path: Path | None
) -> None:
    """Validate recorded exchanges (VCR, schemathesis, HAR, native; files or folders) against the spec.

    \b
    qrcontract validate tests/fixtures/valid
    qrcontract validate cassettes/ --format json --junit reports/contract.xml
    """
    from .spec import load_spec
    from .validation_cli import run_validate

    spec = load_spec(spec_path or _settings().spec)
    code = run_validate(spec, paths, strict=strict, output_format=output_format, junit_path=junit_path)
    sys.exit(code)


@main.command()
@spec_option
@click.option("--base-url", required=True, help="Where to send the requests: a live Graph or the mock.")
@click.option(
    "--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("cassettes"), show_default=True
)
@click.option("--token-env", help="Environment variable holding the bearer token (without it a placeholder is sent).")
@click.option(
    "--param", "params", multiple=True, metavar="NAME=VALUE", help="A path parameter value, e.g. id=<user id>."
)
@click.option("--anonymize", is_flag=True, help="Replace the user ids used in paths with stable placeholders.")
@click.option("--timeout", type=float, default=30.0, show_default=True)
@_friendly_errors
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
    from .errors import InputError
    from .record import record as run_record
    from .spec import load_spec

    token = "qrcontract-placeholder-token"
    if token_env:
        token = os.environ.get(token_env, "")
        if not token:
            raise InputError(f"${token_env}", "the environment variable is not set or empty")
    values = {}
    for item in params:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"{item!r} is not NAME=VALUE", param_hint="--param")
        values[name] = value
    spec = load_spec(spec_path or _settings().spec)
    for recording in run_record(spec, base_url, out, token=token, params=values, anonymize=anonymize, timeout=timeout):
        click.echo(f"{recording.operation}: {recording.status} -> {recording.path}")


def _mock_config(
    fixtures: tuple[Path, ...], tokens: tuple[str, ...], tokens_file: Path | None, throttle: str | None, seed: int
) -> Any:
    from .mock import MockConfig, load_tokens, parse_throttle, parse_token

    named = dict(load_tokens(tokens_file)) if tokens_file else {}
    for text in tokens:
        token = parse_token(text)
        named[token.name] = token
    return MockConfig(
        fixtures=fixtures, tokens=named, throttle=parse_throttle(throttle) if throttle else None, seed=seed
    )


def mock_options(command: F) -> F:
    for option in reversed(
        [
            click.option(
                "--fixtures",
                multiple=True,
                type=click.Path(path_type=Path, exists=True),
                help="Serve recorded exchanges from here (any format `validate` reads).",
            ),
            click.option(
                "--token",
                "tokens",
                multiple=True,
                metavar="NAME=[app:]SCOPE,...",
                help="A named bearer token with narrower scopes; `app:` makes it an application token.",
            ),
            click.option(
                "--tokens",
                "tokens_file",
                type=click.Path(path_type=Path, dir_okay=False),
                help="YAML file: {NAME: {kind: delegated|application, scopes: [...]}}.",
            ),
            click.option("--throttle", metavar="N/s", help="Answer 429 with Retry-After beyond N requests a second."),
            click.option(
                "--seed",
                "mock_seed",
                type=int,
                default=0,
                show_default=True,
                help="Seed of the mock's choices (request ids, examples).",
            ),
        ]
    ):
        command = option(command)
    return command


@main.command()
@spec_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@mock_options
@_friendly_errors
def serve(
    *,
    spec_path: Path | None,
    host: str,
    port: int,
    fixtures: tuple[Path, ...],
    tokens: tuple[str, ...],
    tokens_file: Path | None,
    throttle: str | None,
    mock_seed: int,
) -> None:
    """Serve an embedded mock of the API, built from the spec (base URL: http://HOST:PORT + the spec's server path).

    \b
    qrcontract serve --port 8000
    qrcontract serve --fixtures cassettes/ --token reader=app:UserAuthenticationMethod.Read.All --throttle 5/s
    """
    import uvicorn

    from .mock import build_app
    from .spec import load_spec

    spec = load_spec(spec_path or _settings().spec)
    app = build_app(spec, _mock_config(fixtures, tokens, tokens_file, throttle, mock_seed))
    click.echo(f"qrcontract mock of {spec.title}: http://{host}:{port}{spec.server_path}", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning", date_header=False, server_header=False)


@main.command()
@spec_option
@click.option("--base-url", help="Fuzz this server instead of the embedded mock (which runs in-process, no socket).")
@click.option("--token-env", help="Environment variable holding the bearer token for --base-url.")
@click.option("--max-examples", default=50, show_default=True, type=int, help="Examples per operation and phase.")
@click.option("--seed", default=1, show_default=True, type=int)
@click.option("--checks", default="all", show_default=True, help="schemathesis checks, comma-separated, or all.")
@click.option(
    "--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), help="Write a JUnit report here."
)
@mock_options
@_friendly_errors
def fuzz(
    *,
    spec_path: Path | None,
    base_url: str | None,
    token_env: str | None,
    max_examples: int,
    seed: int,
    checks: str,
    junit_path: Path | None,
    fixtures: tuple[Path, ...],
    tokens: tuple[str, ...],
    tokens_file: Path | None,
    throttle: str | None,
    mock_seed: int,
) -> None:
    """Property-based contract tests (schemathesis, every check) against the embedded mock or --base-url.

    \b
    qrcontract fuzz                                   # the embedded mock, in-process
    qrcontract fuzz --base-url http://127.0.0.1:8000/beta --max-examples 200 --junit reports/fuzz.xml
    """
    from .errors import InputError
    from .fuzz import FuzzOptions, run_fuzz
    from .spec import load_spec

    spec = load_spec(spec_path or _settings().spec)
    options = FuzzOptions(base_url=base_url, max_examples=max_examples, seed=seed, junit=junit_path, checks=checks)
    if token_env:
        token = os.environ.get(token_env, "")
        if not token:
            raise InputError(f"${token_env}", "the environment variable is not set or empty")
        options = FuzzOptions(**{**options.__dict__, "token": token})
    if base_url is None:
        options = FuzzOptions(
            **{**options.__dict__, "mock": _mock_config(fixtures, tokens, tokens_file, throttle, mock_seed)}
        )
    sys.exit(run_fuzz(spec, options))


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
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "junit", "markdown"]),
    default="text",
    show_default=True,
)
@_friendly_errors
def diff_command(base: str, revision: str, fail_on: str, output_format: str) -> None:
    """Breaking changes from BASE to REVISION (files, or git revisions of a file as REV:path), with oasdiff's rule ids.

    \b
    qrcontract diff origin/main:spec/api.yaml spec/api.yaml
    qrcontract diff old.yaml new.yaml --fail-on WARN --format markdown > comment.md
    """
    from .diff import diff_specs, fail_level_reached, load_revision
    from .diff_report import render

    changes = diff_specs(load_revision(base), load_revision(revision))
    click.echo(render(changes, output_format, base, revision))
    sys.exit(EXIT_FOUND if fail_level_reached(changes, fail_on) else EXIT_OK)


@main.command()
@spec_option
@click.argument("pages", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), help="Also write JUnit XML here."
)
@click.option(
    "--baseline",
    "baseline_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Known findings to accept (YAML, each with a reason).",
)
@_friendly_errors
def docs(
    spec_path: Path | None,
    pages: tuple[Path, ...],
    output_format: str,
    junit_path: Path | None,
    baseline_path: Path | None,
) -> None:
    """Check Microsoft Graph reference pages (markdown source) against the spec.

    \b
    qrcontract docs docs/api/user-get.md docs/resources/
    qrcontract docs docs/ --baseline docs-baseline.yaml --format json
    """
    from .docs_cli import run_docs
    from .spec import load_spec

    spec = load_spec(spec_path or _settings().spec)
    sys.exit(run_docs(spec, pages, output_format=output_format, junit_path=junit_path, baseline_path=baseline_path))
