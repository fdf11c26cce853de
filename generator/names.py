"""Python names for things the spec names: operations, parameters, schemas.

Generated names must be stable (the same spec gives the same names on every run) and
readable (`getUserHTTPSettings` becomes `get_user_https_settings`, not `get_user_h_t_t_p_s_settings`).
"""

from __future__ import annotations

import keyword
import re

__all__ = ["pascal_case", "python_identifier", "snake_case"]

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z_]+")


def snake_case(name: str) -> str:
    """`getUserHTTPSettings` -> `get_user_https_settings`; `$select` -> `select`."""
    words = _NOT_IDENTIFIER.sub("_", _WORD_BOUNDARY.sub("_", name)).strip("_").lower()
    return python_identifier(re.sub(r"_+", "_", words))


def pascal_case(name: str) -> str:
    """`userPhoto` -> `UserPhoto`; `microsoft.graph.userPhoto` -> `MicrosoftGraphUserPhoto`; `odata-error` -> `OdataError`."""
    parts = [p for p in _NOT_IDENTIFIER.split(name) if p]
    joined = "".join(p[0].upper() + p[1:] for p in parts)
    return python_identifier(joined or "Model")


def python_identifier(name: str) -> str:
    """Make `name` usable as a Python identifier without losing what it says."""
    if not name:
        return "_"
    if name[0].isdigit():
        name = f"_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        name = f"{name}_"
    return name
