"""The `qrcontract` command line: one module per command, each parsing options, calling one library
function and rendering its result through `generator.reporting`. Errors are handled once, in `_app`."""

from . import check, diff, docs, fuzz, generate, record, serve, upstream, validate
from ._app import main

__all__ = ["main"]

_COMMANDS = (check, diff, docs, fuzz, generate, record, serve, upstream, validate)
