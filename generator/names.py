"""Names derived from spec names: Python identifiers, client method and model class names, file names.

Generated names must be stable (the same spec gives the same names on every run), readable
(`getUserHTTPSettings` becomes `get_user_https_settings`), and safe whatever the spec says: an
identifier is always a valid, non-reserved identifier, and a file name never leaves its folder.
Codegen, the differ and the recorder all name things through these functions, so they agree.
"""

from __future__ import annotations

import hashlib
import keyword
import re
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "file_name",
    "method_name",
    "operation_name",
    "pascal_case",
    "python_identifier",
    "schema_class_names",
    "snake_case",
]

_WORD_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NOT_IDENTIFIER = re.compile(r"[^0-9a-zA-Z_]+")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-zA-Z]+")
_NOT_FILE_NAME = re.compile(r"[^0-9A-Za-z_.-]+")

# Names the generated modules import or define: a model class must not shadow them.
RESERVED_CLASS_NAMES = frozenset(
    {
        "Annotated",
        "Any",
        "AwareDatetime",
        "BaseModel",
        "ConfigDict",
        "Enum",
        "Field",
        "Literal",
        "OpenStrEnum",
        "RootModel",
        "StrEnum",
        "UUID",
        "date",
        "datetime",
        "time",
        "timedelta",
    }
)
# Methods the client classes have of their own: an operation must not override them.
RESERVED_METHOD_NAMES = frozenset({"close", "aclose", "base_url", "retry", "with_options"})


def snake_case(name: str) -> str:
    """`getUserHTTPSettings` -> `get_user_https_settings`; `$select` -> `select`."""
    words = _NOT_IDENTIFIER.sub("_", _WORD_BOUNDARY.sub("_", name)).strip("_").lower()
    return python_identifier(re.sub(r"_+", "_", words))


def pascal_case(name: str) -> str:
    """`userPhoto` -> `UserPhoto`; `microsoft.graph.userPhoto` -> `MicrosoftGraphUserPhoto`; `odata-error` -> `OdataError`."""
    parts = [p for p in _NOT_ALPHANUMERIC.split(name) if p]
    joined = "".join(p[0].upper() + p[1:] for p in parts)
    if joined[:1].isdigit():
        joined = f"Model{joined}"  # a class name that starts with `_` is not one generators keep
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


def operation_name(operation_id: str | None, method: str, path: str) -> str:
    """The operation's name as the spec gives it, or one made of its method and path segments."""
    if operation_id:
        return operation_id
    segments = [s.strip("{}") for s in path.split("/") if s]
    return "_".join([method.lower(), *segments]) or method.lower()


def method_name(operation_id: str | None, method: str, path: str) -> str:
    """The client method generated for an operation; never one of the client's own methods."""
    name = snake_case(operation_name(operation_id, method, path))
    return f"{name}_" if name in RESERVED_METHOD_NAMES else name


def schema_class_names(schemas: Mapping[str, Any]) -> dict[str, str]:
    """The model class of each schema key: its title (else its key) in PascalCase, made unique in order."""
    classes: dict[str, str] = {}
    used: set[str] = set()
    for key, schema in schemas.items():
        title = schema.get("title") if isinstance(schema, Mapping) else None
        base = pascal_case(str(title) if isinstance(title, str) and title else str(key))
        if base in RESERVED_CLASS_NAMES:
            base = f"{base}Model"
        candidate, counter = base, 2
        while candidate in used:
            candidate, counter = f"{base}{counter}", counter + 1
        used.add(candidate)
        classes[str(key)] = candidate
    return classes


def file_name(text: str, suffix: str = "", taken: Iterable[str] = ()) -> str:
    """A file name made from untrusted text: only `[A-Za-z0-9_.-]`, no leading dot, at most 100 characters.

    Text that had to change gets a short hash of the original, so `a/b` and `a_b` stay apart;
    a name already in `taken` gets a counter.
    """
    cleaned = _NOT_FILE_NAME.sub("_", text).strip("._-")[:80]
    if cleaned != text or not cleaned:
        cleaned = f"{cleaned or 'unnamed'}-{hashlib.sha256(text.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"
    taken = set(taken)
    candidate, counter = f"{cleaned}{suffix}", 2
    while candidate in taken:
        candidate, counter = f"{cleaned}-{counter}{suffix}", counter + 1
    return candidate
