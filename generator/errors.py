"""The toolkit's exceptions: each carries the exit code the CLI turns it into.

Exit codes are part of the contract with CI: 0 ok, 1 a contract violation or drift was
found, 2 the input or the invocation is unusable.
"""

from __future__ import annotations

__all__ = ["EXIT_FOUND", "EXIT_OK", "EXIT_UNUSABLE", "InputError", "QrContractError", "SpecError"]

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_UNUSABLE = 2


class QrContractError(Exception):
    """Base of every error the toolkit raises on purpose; never shown as a traceback."""

    exit_code = EXIT_UNUSABLE


class InputError(QrContractError):
    """A file the user named cannot be used: missing, unreadable, or malformed.

    `where` is a line number or a JSON pointer inside `path`, when one is known.
    """

    def __init__(self, path: str, reason: str, where: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.where = where
        location = f"{path}:{where}" if where else path
        super().__init__(f"{location}: {reason}")


class SpecError(InputError):
    """The OpenAPI document cannot be used: not YAML, not OpenAPI, invalid, or a `$ref` leads nowhere."""
