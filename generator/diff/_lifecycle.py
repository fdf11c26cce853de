"""Deprecation, sunset and stability, read as oasdiff reads them.

`x-sunset` is a date (`2026-12-31`, or an RFC 3339 timestamp whose date counts); `x-stability-level`
is one of draft < alpha < beta < stable, and no level means stable. Draft and alpha operations may
change freely: oasdiff leaves them out of the comparison, and so do we.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["STABILITY_RANK", "Stability", "Sunset", "stability_of", "sunset_of"]

STABILITY_RANK = {"draft": 1, "alpha": 2, "beta": 3, "stable": 4}
_EXEMPT = frozenset({"draft", "alpha"})
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Stability:
    """An operation's `x-stability-level`: `label` is normalised ("" is stable); `error` if unreadable."""

    label: str = "stable"
    error: str | None = None

    @property
    def exempt(self) -> bool:
        """Draft and alpha operations are outside the compatibility promise."""
        return self.label in _EXEMPT

    @property
    def rank(self) -> int:
        return STABILITY_RANK.get(self.label, STABILITY_RANK["stable"])


def stability_of(node: Mapping[str, Any]) -> Stability:
    value = node.get("x-stability-level")
    if value is None or value == "":
        return Stability()
    if isinstance(value, str) and value in STABILITY_RANK:
        return Stability(value)
    return Stability(error=f"x-stability-level {value!r} is not one of draft, alpha, beta, stable")


@dataclass(frozen=True)
class Sunset:
    """An `x-sunset` value: `date` when it reads as one, `error` when it is present but does not."""

    date: dt.date | None = None
    error: str | None = None
    present: bool = False

    def days_left(self, today: dt.date) -> int | None:
        return (self.date - today).days if self.date else None


def sunset_of(node: Mapping[str, Any]) -> Sunset:
    if "x-sunset" not in node:
        return Sunset()
    value = node["x-sunset"]
    if isinstance(value, dt.datetime):
        return Sunset(value.date(), present=True)
    if isinstance(value, dt.date):
        return Sunset(value, present=True)
    match = _DATE.match(value) if isinstance(value, str) else None
    if match:
        try:
            return Sunset(dt.date(*map(int, match.groups())), present=True)
        except ValueError:
            pass
    return Sunset(error=f"sunset date {value!r} is not an RFC 3339 date", present=True)
