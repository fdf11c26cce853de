"""qrcontract: keep a Microsoft Graph API contract honest.

The public Python API; every CLI command is a thin layer over one of these. Names load on first
use, so `import generator` (and the CLI's start-up) stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import InputError, QrContractError, SpecError, UsageError

if TYPE_CHECKING:
    from .check import CheckReport, StepResult, run_check
    from .codegen import check_generated, generate
    from .diff import BreakingChange, Level, diff_specs, load_revision
    from .docs import check_pages
    from .exchanges import Exchange, read_exchanges
    from .findings import Baseline, Finding, Severity, load_baseline
    from .fuzz import FuzzOptions, FuzzResult, run_fuzz
    from .mock import MockConfig, build_app
    from .record import record
    from .redaction import Redactor
    from .spec import Operation, Spec, load_spec
    from .testing import AsyncContractTransport, ContractTransport, ContractViolationError
    from .upstream import UpstreamOptions, check_upstream
    from .validation import ContractValidator, ExchangeResult, Violation, validate_exchange, validate_paths

__all__ = [
    "AsyncContractTransport",
    "Baseline",
    "BreakingChange",
    "CheckReport",
    "ContractTransport",
    "ContractValidator",
    "ContractViolationError",
    "Exchange",
    "ExchangeResult",
    "Finding",
    "FuzzOptions",
    "FuzzResult",
    "InputError",
    "Level",
    "MockConfig",
    "Operation",
    "QrContractError",
    "Redactor",
    "Severity",
    "Spec",
    "SpecError",
    "StepResult",
    "UpstreamOptions",
    "UsageError",
    "Violation",
    "__version__",
    "build_app",
    "check_generated",
    "check_pages",
    "check_upstream",
    "diff_specs",
    "generate",
    "load_baseline",
    "load_revision",
    "load_spec",
    "read_exchanges",
    "record",
    "run_check",
    "run_fuzz",
    "validate_exchange",
    "validate_paths",
]

_MODULE_OF = {
    "CheckReport": "check",
    "StepResult": "check",
    "run_check": "check",
    "check_generated": "codegen",
    "generate": "codegen",
    "BreakingChange": "diff",
    "Level": "diff",
    "diff_specs": "diff",
    "load_revision": "diff",
    "check_pages": "docs",
    "Exchange": "exchanges",
    "read_exchanges": "exchanges",
    "Baseline": "findings",
    "Finding": "findings",
    "Severity": "findings",
    "load_baseline": "findings",
    "FuzzOptions": "fuzz",
    "FuzzResult": "fuzz",
    "run_fuzz": "fuzz",
    "MockConfig": "mock",
    "build_app": "mock",
    "record": "record",
    "Redactor": "redaction",
    "Operation": "spec",
    "Spec": "spec",
    "load_spec": "spec",
    "UpstreamOptions": "upstream",
    "check_upstream": "upstream",
    "AsyncContractTransport": "testing",
    "ContractTransport": "testing",
    "ContractViolationError": "testing",
    "ContractValidator": "validation",
    "ExchangeResult": "validation",
    "Violation": "validation",
    "validate_exchange": "validation",
    "validate_paths": "validation",
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
