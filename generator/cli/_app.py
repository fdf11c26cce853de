"""The command group, and the error handling every command shares: applied once, here.

Exit codes: 0 ok, 1 a violation or drift was found, 2 unusable input or usage, 3 a bug in
qrcontract. A reader that stops reading (`| head`) ends the command quietly with 141, as a
shell reports SIGPIPE; never with a traceback.
"""

from __future__ import annotations

import contextlib
import os
import sys
from typing import Any

import click

from .._version import __version__
from ..errors import EXIT_BUG, EXIT_UNUSABLE, QrContractError
from ..redaction import redact_text

__all__ = ["main"]

EXIT_BROKEN_PIPE = 141


class _Group(click.Group):
    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except QrContractError as exc:
            _error(f"qrcontract: error: {redact_text(str(exc))}")
            sys.exit(exc.exit_code)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(EXIT_BROKEN_PIPE)
        except KeyboardInterrupt:
            _error("qrcontract: interrupted")
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, click.exceptions.Abort, SystemExit):
            raise
        except RecursionError:
            _error("qrcontract: error: the input nests too deeply to handle")
            sys.exit(EXIT_UNUSABLE)
        except MemoryError:
            _error("qrcontract: error: out of memory on this input")
            sys.exit(EXIT_UNUSABLE)
        except Exception as exc:
            if os.environ.get("QRCONTRACT_DEBUG"):
                raise
            message = redact_text(f"{exc.__class__.__name__}: {exc}")
            _error(f"qrcontract: internal error: {message} (set QRCONTRACT_DEBUG=1 for the traceback)")
            sys.exit(EXIT_BUG)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except BrokenPipeError:
            _quiet_stdout()
            sys.exit(EXIT_BROKEN_PIPE)


def _error(text: str) -> None:
    with contextlib.suppress(BrokenPipeError):
        click.echo(text, err=True)


def _quiet_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not raise again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, "--version", prog_name="qrcontract")
def main() -> None:
    """Keep a Microsoft Graph API contract honest: generate, check, validate, mock, fuzz and diff from one spec."""
