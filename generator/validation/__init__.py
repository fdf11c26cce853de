"""Validation: exchanges held against the contract, with typed violations and a summary.

`ContractValidator` (one per spec, compiled once) turns an `Exchange` into an `ExchangeResult`;
`validate_paths` does so for every exchange in recorded files. `OpenApiCoreReference` asks
openapi-core the same question, for the differential test and the benchmark.
"""

from ._reference import OpenApiCoreReference
from ._run import Summary, validate_paths
from ._validator import ContractValidator, validate_exchange
from ._violation import ExchangeResult, Violation, short_path

__all__ = [
    "ContractValidator",
    "ExchangeResult",
    "OpenApiCoreReference",
    "Summary",
    "Violation",
    "short_path",
    "validate_exchange",
    "validate_paths",
]
