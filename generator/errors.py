"""The toolkit's exceptions: each carries the exit code the CLI turns it into.

Exit codes are part of the contract with CI: 0 ok, 1 a contract violation or drift was
found, 2 the input or the invocation is unusable, 3 a bug in qrcontract.
"""

from __future__ import annotations

__all__ = [
    "EXIT_BUG",
    "EXIT_FOUND",
    "EXIT_OK",
    "EXIT_UNUSABLE",
    "InputError",
    "QrContractError",
    "SpecError",
    "UsageError",
]

EXIT_OK = 0
EXIT_FOUND = 1
EXIT_UNUSABLE = 2
EXIT_BUG = 3


class QrContractError(Exception):
    """Base of every error the toolkit raises on purpose; never shown as a traceback."""

    exit_code = EXIT_UNUSABLE


class UsageError(QrContractError):
    """An option value that cannot be used (`--throttle fast`, `--base-ref -x`); names the option."""

    def __init__(self, option: str, reason: str) -> None:
        self.option = option
        self.reason = reason
        super().__init__(f"{option}: {reason}")


class InputError(QrContractError):
    """A file the user named cannot be used: missing, unreadable, or malformed.

    `where` is a line number or a JSON pointer inside `path`, when one is known.
    """

    def __init__(self, path: str, reason: str, where: str | None = None) -> None:
        self.path = path
        self.reason = reason
        self.where = where
        location = f"{path}:{where}" if where else path
        super().__init__(f"{location}: {_one_line(reason)}")


class SpecError(InputError):
    """The OpenAPI document cannot be used: not YAML, not OpenAPI, invalid, or a `$ref` leads nowhere."""


def _one_line(text: str) -> str:
    """Messages quote untrusted text; a newline in it must not forge a second line of output."""
    return " ".join(text.split()) if any(c in text for c in "\r\n\x0b\x0c\x85\u2028\u2029") else text
