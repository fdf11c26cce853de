"""Exchanges: one HTTP request and response, and the readers that find them in recorded files.

VCR.py cassettes (old layouts too), schemathesis cassettes, HAR 1.2 (streamed) and qrcontract's
own exchange files, detected from the content. Readers yield `Exchange`s and `Skipped` warnings;
a file that cannot be read yields an `InputError` naming it, and the others are still read.
"""

from ._exchange import NO_BODY, Exchange, Skipped, normalise_headers
from ._files import RECORDING_SUFFIXES, collect_files
from ._read import read_exchanges, read_file

__all__ = [
    "NO_BODY",
    "RECORDING_SUFFIXES",
    "Exchange",
    "Skipped",
    "collect_files",
    "normalise_headers",
    "read_exchanges",
    "read_file",
]
