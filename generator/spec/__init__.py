"""The spec layer: the one loaded `Spec` every other part of qrcontract reads, and its router.

Loading reads the file once with bounds, keeps references inside the document, validates it, and
resolves its operations; `Spec.router` answers which operation a request is for.
"""

from ._load import load_spec, load_spec_text
from ._model import HTTP_METHODS, Header, MediaType, Operation, Parameter, Response, Spec, is_json_media
from ._routing import Match, Router, path_of

__all__ = [
    "HTTP_METHODS",
    "Header",
    "Match",
    "MediaType",
    "Operation",
    "Parameter",
    "Response",
    "Router",
    "Spec",
    "is_json_media",
    "load_spec",
    "load_spec_text",
    "path_of",
]
