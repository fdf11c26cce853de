"""`qrcontract fuzz`: property-based contract tests with schemathesis, against the mock or a server."""

from ._run import FuzzFailure, FuzzOptions, FuzzResult, credentials, run_fuzz

__all__ = ["FuzzFailure", "FuzzOptions", "FuzzResult", "credentials", "run_fuzz"]
