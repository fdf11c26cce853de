"""qrcontract: keep a Microsoft Graph API contract honest.

The public Python API; every CLI command is a thin layer over one of these. Names load on first
use, so `import generator` (and the CLI's start-up) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import InputError, QrContractError, SpecError
from .spec import Operation, Spec, load_spec

if TYPE_CHECKING:
    from .codegen import check_generated, generate
    from .diff import BreakingChange, diff_specs, load_revision
    from .docs import Finding, check_pages
    from .exchange import Exchange
    from .fuzz import FuzzOptions, run_fuzz
    from .mock import MockConfig, build_app
    from .transport import AsyncContractTransport, ContractTransport, ContractViolationError
    from .validate import ContractValidator, ExchangeResult, Violation, validate_exchange, validate_paths

__all__ = [
    "AsyncContractTransport",
    "BreakingChange",
    "ContractTransport",
    "ContractValidator",
    "ContractViolationError",
    "Exchange",
    "ExchangeResult",
    "Finding",
    "FuzzOptions",
    "InputError",
    "MockConfig",
    "Operation",
    "QrContractError",
    "Spec",
    "SpecError",
    "Violation",
    "__version__",
    "build_app",
    "check_generated",
    "check_pages",
    "diff_specs",
    "generate",
    "load_revision",
    "load_spec",
    "run_fuzz",
    "validate_exchange",
    "validate_paths",
]

_MODULE_OF = {
    "check_generated": "codegen",
    "generate": "codegen",
    "BreakingChange": "diff",
    "diff_specs": "diff",
    "load_revision": "diff",
    "Finding": "docs",
    "check_pages": "docs",
    "Exchange": "exchange",
    "FuzzOptions": "fuzz",
    "run_fuzz": "fuzz",
    "MockConfig": "mock",
    "build_app": "mock",
    "AsyncContractTransport": "transport",
    "ContractTransport": "transport",
    "ContractViolationError": "transport",
    "ContractValidator": "validate",
    "ExchangeResult": "validate",
    "Violation": "validate",
    "validate_exchange": "validate",
    "validate_paths": "validate",
}


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
