"""The loaded spec and what it is made of: operations, parameters, responses, media types, headers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from ..documents import Document, follow_pointer
from ..errors import SpecError

__all__ = ["HTTP_METHODS", "Header", "MediaType", "Operation", "Parameter", "Response", "Spec"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class Parameter:
    """A request parameter, with path-level and operation-level declarations merged.

    `schema` is the parameter's schema with a top-level `$ref` resolved (from `content` when the
    parameter is described by a media type); `pointer` is where it is declared.
    """

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    style: str
    explode: bool
    description: str
    pointer: str
    example: Any = None
    deprecated: bool = False
    schema_pointer: str = ""


@dataclass(frozen=True)
class Header:
    """A response header the spec declares."""

    name: str
    required: bool
    schema: Mapping[str, Any]
    description: str
    pointer: str


@dataclass(frozen=True)
class MediaType:
    """One content type of a body, with its schema and its named examples."""

    name: str
    schema: Mapping[str, Any] | None
    examples: Mapping[str, Any]
    pointer: str

    @property
    def is_json(self) -> bool:
        return is_json_media(self.name)


def is_json_media(name: str) -> bool:
    """`application/json`, `application/problem+json`, `application/json; charset=utf-8`."""
    base = name.split(";", 1)[0].strip().lower()
    return base == "application/json" or base.endswith("+json")


@dataclass(frozen=True)
class Response:
    """A documented response: `status` is `200`, a range such as `4XX`, or `default`."""

    status: str
    description: str
    headers: tuple[Header, ...]
    content: Mapping[str, MediaType]
    pointer: str

    def matches(self, status: int) -> bool:
        if self.status == "default":
            return True
        if self.is_range:
            return str(status)[0] == self.status[0]
        return self.status == str(status)

    @property
    def is_range(self) -> bool:
        return len(self.status) == 3 and self.status[1:] == "XX"

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")

    def media_for(self, content_type: str | None) -> MediaType | None:
        """The declared media type a response's Content-Type falls under (exact, `type/*`, `*/*`)."""
        if not self.content:
            return None
        if content_type is None:
            return self.content.get("*/*")
        wanted = content_type.split(";", 1)[0].strip().lower()
        by_name = {name.split(";", 1)[0].strip().lower(): media for name, media in self.content.items()}
        if wanted in by_name:
            return by_name[wanted]
        major = wanted.split("/", 1)[0]
        return by_name.get(f"{major}/*") or by_name.get("*/*")


@dataclass(frozen=True)
class Operation:
    """One method on one path. `security` lists alternatives; each maps a scheme to the scopes it needs."""

    operation_id: str | None
    method: str
    path: str
    summary: str
    description: str
    tags: tuple[str, ...]
    deprecated: bool
    parameters: tuple[Parameter, ...]
    responses: tuple[Response, ...]
    security: tuple[Mapping[str, tuple[str, ...]], ...]
    pointer: str
    request_body: Mapping[str, MediaType] = field(default_factory=dict)
    request_body_required: bool = False
    extensions: Mapping[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def label(self) -> str:
        """How messages name the operation: its operationId, else `METHOD /path`."""
        return self.operation_id or self.key

    def response_for(self, status: int) -> Response | None:
        """The response that documents `status`: an exact code beats a range, a range beats `default`."""
        exact = [r for r in self.responses if r.status == str(status)]
        ranged = [r for r in self.responses if r.is_range and r.matches(status)]
        fallback = [r for r in self.responses if r.status == "default"]
        for candidates in (exact, ranged, fallback):
            if candidates:
                return candidates[0]
        return None

    def parameters_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)

    @property
    def success_responses(self) -> tuple[Response, ...]:
        """Documented 2xx responses, exact codes first in order, then a `2XX` range."""
        exact = sorted((r for r in self.responses if r.is_success and r.status.isdigit()), key=lambda r: r.status)
        return (*exact, *(r for r in self.responses if r.status == "2XX"))


@dataclass(frozen=True)
class Spec:
    """A loaded, validated OpenAPI 3.0/3.1 document and its operations.

    `raw` is the document as written (JSON data, `$ref`s kept); `servers` have their variables
    replaced by their defaults. Nothing in the toolkit re-reads the file.
    """

    path: Path
    document: Document
    text_sha256: str
    operations: tuple[Operation, ...] = ()
    servers: tuple[str, ...] = ()
    library_document: Mapping[str, Any] = field(default_factory=dict, repr=False)

    @property
    def raw(self) -> Mapping[str, Any]:
        return self.document.data  # type: ignore[no-any-return]

    @property
    def openapi_version(self) -> str:
        return str(self.raw["openapi"])

    @property
    def is_openapi_30(self) -> bool:
        return self.openapi_version.startswith("3.0")

    @property
    def title(self) -> str:
        info = self.raw.get("info")
        title = info.get("title") if isinstance(info, Mapping) else None
        return str(title) if title else self.path.stem

    @property
    def server_path(self) -> str:
        """The path part of the first server URL (`/beta` for Graph), without a trailing slash."""
        from urllib.parse import urlsplit

        return urlsplit(self.servers[0]).path.rstrip("/") if self.servers else ""

    @property
    def schemas(self) -> Mapping[str, Any]:
        components = self.raw.get("components")
        schemas = components.get("schemas") if isinstance(components, Mapping) else None
        return schemas if isinstance(schemas, Mapping) else {}

    @property
    def security_schemes(self) -> Mapping[str, Any]:
        components = self.raw.get("components")
        schemes = components.get("securitySchemes") if isinstance(components, Mapping) else None
        return schemes if isinstance(schemes, Mapping) else {}

    @cached_property
    def operations_by_id(self) -> Mapping[str, Operation]:
        return {op.operation_id: op for op in self.operations if op.operation_id}

    @cached_property
    def router(self) -> Any:
        """The one router of this spec (see `Router`): built once, used by everything that routes."""
        from ._routing import Router

        return Router(self)

    def line(self, pointer: str) -> int | None:
        return self.document.line_of(pointer)

    def where(self, pointer: str) -> str:
        """`file:line` of a JSON pointer, for messages people click on."""
        line = self.document.line_of(pointer)
        return f"{self.path}:{line}" if line else str(self.path)

    def resolve(self, node: Any) -> Any:
        """Follow `$ref` until a node that is not a reference (chains were checked for cycles at load)."""
        return self.resolve_pointer(node, "")[0]

    def resolve_pointer(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Like `resolve`, also returning the pointer of the node finally reached."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(str(self.path), f"$ref cycle through {ref}")
            seen.add(ref)
            try:
                node = follow_pointer(self.raw, ref)
            except KeyError:
                raise SpecError(str(self.path), f"$ref {ref!r} does not resolve") from None
            pointer = ref[1:]
        return node, pointer
