"""qrcontract: keep a Microsoft Graph API contract honest.

The public Python API. Every CLI command is a thin layer over one of these functions.
"""

from __future__ import annotations

from ._version import __version__
from .errors import InputError, QrContractError, SpecError
from .spec import Operation, Spec, load_spec

__all__ = [
    "InputError",
    "Operation",
    "QrContractError",
    "Spec",
    "SpecError",
    "__version__",
    "load_spec",
]
