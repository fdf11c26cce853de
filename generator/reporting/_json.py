"""The one JSON envelope: `{"summary": {...}, "<items>": [...], ...}`, the same shape for every command."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["json_envelope"]


def json_envelope(summary: Mapping[str, Any], items_name: str, items: Iterable[Any], **extra: Any) -> str:
    payload = {"summary": dict(summary), items_name: list(items), **extra}
    return json.dumps(payload, indent=2, ensure_ascii=False)
