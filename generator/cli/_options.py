"""Options several commands share, and reading them: the spec, tokens from the environment, mock options."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from ..config import Settings, load_settings
from ..errors import UsageError

__all__ = [
    "mock_config",
    "mock_options",
    "out_option",
    "report_format_option",
    "resolve_spec",
    "settings",
    "spec_option",
    "token_from_env",
]

F = TypeVar("F", bound=Callable[..., Any])


def settings() -> Settings:
    return load_settings()


def resolve_spec(given: Path | None) -> Path:
    return given or settings().spec


def token_from_env(name: str, option: str = "--token-env") -> str:
    """The bearer token in environment variable `name`; the value itself never appears in a message."""
    token = os.environ.get(name, "")
    if not token.strip():
        raise UsageError(option, f"the environment variable {name} is not set or empty")
    return token.strip()


def report_format_option(command: F) -> F:
    """`--format text|json|junit|markdown`, as the commands that report changes or findings take it."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(["text", "json", "junit", "markdown"]),
        default="text",
        show_default=True,
    )(command)


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


def mock_options(command: F) -> F:
    for option in reversed(
        [
            click.option(
                "--fixtures",
                multiple=True,
                type=click.Path(path_type=Path),
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
                "--read-timeout",
                type=click.FloatRange(0.1, 600),
                default=10.0,
                show_default=True,
                help="Seconds a client has to send a request head or body before the mock gives up on it.",
            ),
            click.option(
                "--mock-seed",
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


def mock_config(
    fixtures: tuple[Path, ...],
    tokens: tuple[str, ...],
    tokens_file: Path | None,
    throttle: str | None,
    seed: int,
    read_timeout: float = 10.0,
) -> Any:
    from ..mock import MockConfig, load_tokens, parse_throttle, parse_token

    named = dict(load_tokens(tokens_file)) if tokens_file else {}
    for text in tokens:
        token = parse_token(text)
        named[token.name] = token
    return MockConfig(
        fixtures=fixtures,
        tokens=named,
        throttle=parse_throttle(throttle) if throttle else None,
        seed=seed,
        read_timeout=read_timeout,
    )
