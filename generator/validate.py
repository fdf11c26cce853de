"""Kept so the documented `from generator.validate import validate_exchange` works: see `generator.validation`."""

from .validation import ContractValidator, ExchangeResult, Violation, validate_exchange, validate_paths

__all__ = ["ContractValidator", "ExchangeResult", "Violation", "validate_exchange", "validate_paths"]
