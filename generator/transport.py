"""Kept so the documented `from generator.transport import ContractTransport` works: see `generator.testing`."""

from .testing import AsyncContractTransport, ContractTransport, ContractViolationError, exchange_from_httpx

__all__ = ["AsyncContractTransport", "ContractTransport", "ContractViolationError", "exchange_from_httpx"]
