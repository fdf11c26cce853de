"""What the differ returns: changes with oasdiff's rule ids and levels."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

__all__ = ["BreakingChange", "Level", "fail_level_reached"]


class Level(StrEnum):
    """oasdiff's levels: ERR breaks clients, WARN may break them, INFO is safe."""

    INFO = "INFO"
    WARN = "WARN"
    ERR = "ERR"

    @property
    def rank(self) -> int:
        return ("INFO", "WARN", "ERR").index(self.value)


@dataclass(frozen=True)
class BreakingChange:
    """One change between base and revision. `client` says what changes in the generated client, if anything."""

    id: str
    level: Level
    operation: str
    location: str
    text: str
    client: str | None = None

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id,
            "level": str(self.level),
            "operation": self.operation,
            "location": self.location,
            "text": self.text,
        }
        if self.client:
            data["client"] = self.client
        return data


def fail_level_reached(changes: Iterable[BreakingChange], fail_on: Level | str) -> bool:
    threshold = Level(fail_on).rank
    return any(change.level.rank >= threshold for change in changes)
