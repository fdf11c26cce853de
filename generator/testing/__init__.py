"""Contract checks inside a team's own tests: transports that validate every response, and a pytest plugin.

Names load on first use: the pytest plugin is imported by every pytest session of a project that
installs qrcontract, and must cost nothing until a test asks for the `contract` fixture.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._transport import AsyncContractTransport, ContractTransport, ContractViolationError, exchange_from_httpx

__all__ = ["AsyncContractTransport", "ContractTransport", "ContractViolationError", "exchange_from_httpx"]


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module("._transport", __name__), name)
