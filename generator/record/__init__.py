"""`qrcontract record`: redacted VCR cassettes of the spec's GET operations, through the generated client."""

from ._record import Recording, record

__all__ = ["Recording", "record"]
