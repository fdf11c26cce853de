"""Code both the generated package and the toolkit run, written once.

The generated package must stand alone (it never imports the toolkit), so `render` copies the
source of each function here into it (`errors.py` gets `parse_retry_after`), and the toolkit
imports the same function from here: one implementation, in two places only as text.
"""

from __future__ import annotations

import inspect
import math
from datetime import UTC, datetime

__all__ = ["parse_retry_after", "shared_source"]


def parse_retry_after(value: str | None) -> float | None:
    """Seconds from a Retry-After value: `2`, `2.128`, or an HTTP date. None when absent or unreadable."""
    if value is None:
        return None
    try:
        seconds = float(value)
    except ValueError:
        import email.utils  # only HTTP-date values need it; keep the import of the client light

        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        if when.tzinfo is None:
            return None
        seconds = (when - datetime.now(UTC)).total_seconds()
    return max(seconds, 0.0) if math.isfinite(seconds) else None


def shared_source() -> dict[str, str]:
    """The functions templates include, by name, as source text."""
    return {"parse_retry_after": inspect.getsource(parse_retry_after).rstrip("\n")}
