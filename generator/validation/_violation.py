"""What validation returns: typed violations of one exchange, and the exchange's result."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..exchanges import Exchange
from ..findings import Severity
from ..redaction import redact_text
from ..spec import Operation

__all__ = ["ExchangeResult", "Violation", "short_path"]

_ERROR = Severity.ERROR


@dataclass(frozen=True)
class Violation:
    """One way an exchange departs from the contract.

    `rule` is a stable id (`type`, `format`, `required`, `unknown-member`, `value-wrapper`, ...);
    `pointer` is a JSON pointer into the response body (or `/headers/<name>`); `spec_location` is the
    `file:line` of the schema that was broken, when known.
    """

    rule: str
    severity: Severity
    pointer: str
    message: str
    expected: str | None = None
    actual: str | None = None
    spec_location: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The violation as JSON reports show it (anything shaped like a credential removed)."""
        data: dict[str, Any] = {
            "rule": self.rule,
            "severity": str(self.severity),
            "pointer": redact_text(self.pointer),
            "message": redact_text(self.message),
        }
        for key, value in (("expected", self.expected), ("actual", self.actual), ("spec", self.spec_location)):
            if value is not None:
                data[key] = redact_text(value)
        return data


def short_path(path: str) -> str:
    """`/users/{id}/settings/regional/timeZone` -> `/users/{id}/.../timeZone`: long paths, short lines."""
    parts = path.strip("/").split("/")
    if len(parts) <= 4:
        return path
    return "/" + "/".join([*parts[:2], "...", parts[-1]])


@dataclass(frozen=True, init=False)
class ExchangeResult:
    exchange: Exchange
    operation: Operation | None
    path: str
    violations: tuple[Violation, ...] = field(default=())

    def __init__(
        self, exchange: Exchange, operation: Operation | None, path: str, violations: tuple[Violation, ...] = ()
    ) -> None:
        # One dict update, not a frozen dataclass's `object.__setattr__` per field: built per exchange.
        self.__dict__.update(exchange=exchange, operation=operation, path=path, violations=violations)

    @property
    def ok(self) -> bool:
        """True exactly when no violation is an error (warnings do not fail an exchange)."""
        return not self.violations or not any(v.severity is _ERROR for v in self.violations)

    @property
    def errors(self) -> int:
        return sum(v.severity is Severity.ERROR for v in self.violations)

    @property
    def warnings(self) -> int:
        return sum(v.severity is Severity.WARNING for v in self.violations)

    def line(self, violation: Violation) -> str:
        """`file#0 GET /users/{id}/.../x 200 /a/b: message [rule]`: one violation, one line."""
        exchange = self.exchange
        where = f" {violation.pointer}" if violation.pointer else ""
        warn = f" ({violation.severity})" if violation.severity is not Severity.ERROR else ""
        return redact_text(
            f"{exchange.label} {exchange.method} {short_path(self.path)} {exchange.status}{where}: "
            f"{violation.message} [{violation.rule}]{warn}"
        )

    def lines(self, severity: Severity | None = None) -> list[str]:
        return [self.line(v) for v in self.violations if severity is None or v.severity is severity]
