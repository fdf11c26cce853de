"""Validating recorded files: every exchange they hold, with a running summary."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..exchanges import Exchange, Skipped, read_exchanges
from ..spec import Spec
from ._validator import ContractValidator
from ._violation import ExchangeResult

__all__ = ["Summary", "validate_paths"]


def validate_paths(
    spec: Spec, paths: Iterable[Path], *, strict: bool = False, check_secrets: bool = True
) -> Iterator[ExchangeResult | Skipped | InputError]:
    """Validate every exchange in the files and folders named; what cannot be read yields its error in place."""
    validator = ContractValidator(spec, strict=strict, check_secrets=check_secrets)
    for item in read_exchanges(paths):
        yield validator.validate(item) if isinstance(item, Exchange) else item


@dataclass
class Summary:
    """Counts of a validation run, and what could not be read or was passed over."""

    exchanges: int = 0
    failed: int = 0
    errors: int = 0
    warnings: int = 0
    unreadable: list[InputError] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def add(self, item: ExchangeResult | Skipped | InputError) -> None:
        if isinstance(item, ExchangeResult):
            self.exchanges += 1
            if item.violations:
                self.failed += not item.ok
                self.errors += item.errors
                self.warnings += item.warnings
        elif isinstance(item, InputError):
            self.unreadable.append(item)
        else:
            self.skipped.append(item)

    def as_dict(self) -> dict[str, Any]:
        return {
            "exchanges": self.exchanges,
            "conform": self.exchanges - self.failed,
            "failed": self.failed,
            "errors": self.errors,
            "warnings": self.warnings,
            "skipped": len(self.skipped),
            "unreadable": len(self.unreadable),
        }

    def text(self) -> str:
        return (
            f"{self.exchanges} exchanges: {self.exchanges - self.failed} conform, {self.failed} do not "
            f"({self.errors} errors, {self.warnings} warnings, {len(self.skipped)} skipped, "
            f"{len(self.unreadable)} unreadable files)"
        )
