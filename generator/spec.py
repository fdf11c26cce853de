"""The one loaded spec: read once, checked once, then handed to every consumer.

`load_spec` turns a file into a `Spec`: the raw OpenAPI document (with `$ref`s kept, for
tools that want them), the line of every JSON pointer (for error messages), and a list
of `Operation`s with their parameters, responses and security resolved. The generator,
and later the validator, mock, fuzzer and differ, read this object; none re-parses YAML.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from ._yaml import Document, escape_pointer, load_yaml
from .errors import SpecError

__all__ = [
    "HTTP_METHODS",
    "Header",
    "MediaType",
    "Operation",
    "Parameter",
    "Response",
    "Spec",
    "load_spec",
    "load_spec_text",
]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
SUPPORTED_VERSIONS = re.compile(r"^3\.[01]\.\d+$")


@dataclass(frozen=True)
class Parameter:
    """A request parameter, with path-level and operation-level declarations merged."""

    name: str
    location: str
    required: bool
    schema: Mapping[str, Any]
    style: str
    explode: bool
    description: str
    pointer: str
    example: Any = None


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
    """One content type of a response, with its schema and its named examples."""

    name: str
    schema: Mapping[str, Any] | None
    examples: Mapping[str, Any]
    pointer: str


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
        if self.status[1:].upper() == "XX":
            return str(status)[0] == self.status[0]
        return self.status == str(status)

    @property
    def is_success(self) -> bool:
        return self.status.startswith("2")


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

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"

    def response_for(self, status: int) -> Response | None:
        """The response that documents `status`: an exact code beats a range, a range beats `default`."""
        exact = [r for r in self.responses if r.status == str(status)]
        ranged = [r for r in self.responses if r.status[1:].upper() == "XX" and r.matches(status)]
        fallback = [r for r in self.responses if r.status == "default"]
        for candidates in (exact, ranged, fallback):
            if candidates:
                return candidates[0]
        return None

    def parameters_in(self, location: str) -> tuple[Parameter, ...]:
        return tuple(p for p in self.parameters if p.location == location)


@dataclass(frozen=True)
class Spec:
    """A loaded, validated OpenAPI 3.0/3.1 document and its operations."""

    path: Path
    document: Document
    text_sha256: str
    operations: tuple[Operation, ...] = field(default=())

    @property
    def raw(self) -> Mapping[str, Any]:
        return self.document.data  # type: ignore[no-any-return]

    @property
    def openapi_version(self) -> str:
        return str(self.raw["openapi"])

    @property
    def title(self) -> str:
        return str(self.raw.get("info", {}).get("title", self.path.stem))

    @property
    def servers(self) -> tuple[str, ...]:
        return tuple(str(s["url"]) for s in self.raw.get("servers") or () if "url" in s)

    @property
    def server_path(self) -> str:
        """The path part of the first server URL (`/beta` for Graph), without a trailing slash."""
        if not self.servers:
            return ""
        return urlsplit(self.servers[0]).path.rstrip("/")

    @property
    def schemas(self) -> Mapping[str, Any]:
        return self.raw.get("components", {}).get("schemas", {})  # type: ignore[no-any-return]

    @property
    def security_schemes(self) -> Mapping[str, Any]:
        return self.raw.get("components", {}).get("securitySchemes", {})  # type: ignore[no-any-return]

    @cached_property
    def operations_by_id(self) -> Mapping[str, Operation]:
        return {op.operation_id: op for op in self.operations if op.operation_id}

    def where(self, pointer: str) -> str:
        """`file:line` of a JSON pointer, for messages people click on."""
        line = self.document.line_of(pointer)
        return f"{self.path}:{line}" if line else str(self.path)

    def resolve(self, node: Any) -> Any:
        """Follow `$ref` until a node that is not a reference."""
        seen: set[str] = set()
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref in seen:
                raise SpecError(str(self.path), f"$ref cycle through {ref}")
            seen.add(ref)
            node = _follow(self.raw, ref)
        return node

    def resolve_pointer(self, node: Any, pointer: str) -> tuple[Any, str]:
        """Like `resolve`, also returning the pointer of the node finally reached."""
        while isinstance(node, Mapping) and isinstance(node.get("$ref"), str):
            pointer = node["$ref"][1:]
            node = _follow(self.raw, node["$ref"])
        return node, pointer


def load_spec(path: str | Path) -> Spec:
    """Read, parse and validate an OpenAPI 3.0/3.1 file; raise `SpecError` naming the file and place."""
    path = Path(path)
    return load_spec_text(_read_text(path), path)


def load_spec_text(text: str, path: Path) -> Spec:
    """Like `load_spec`, for text read elsewhere (a git revision); `path` names it in messages."""
    try:
        document = load_yaml(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        where = f"{mark.line + 1}" if mark is not None else None
        raise SpecError(str(path), f"not valid YAML: {problem}", where) from None
    data = document.data
    if not isinstance(data, Mapping) or "openapi" not in data:
        raise SpecError(str(path), "not an OpenAPI document: there is no top-level 'openapi' field")
    version = str(data["openapi"])
    if not SUPPORTED_VERSIONS.match(version):
        raise SpecError(
            str(path), f"OpenAPI {version} is not supported (3.0.x and 3.1.x are)", _line(document, "/openapi")
        )
    _check_refs(path, document)
    _check_schema(path, document)
    spec = Spec(path=path, document=document, text_sha256=hashlib.sha256(text.encode()).hexdigest())
    operations = tuple(_operations(spec))
    object.__setattr__(spec, "operations", operations)
    return spec


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SpecError(str(path), "no such file") from None
    except IsADirectoryError:
        raise SpecError(str(path), "is a directory, not a spec file") from None
    except OSError as exc:
        raise SpecError(str(path), f"cannot read: {exc.strerror}") from None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SpecError(str(path), "not UTF-8 text") from None


def _line(document: Document, pointer: str) -> str | None:
    line = document.line_of(pointer)
    return str(line) if line else None


def _follow(root: Any, ref: str) -> Any:
    if not ref.startswith("#"):
        raise KeyError(ref)
    node = root
    for raw_token in ref[1:].split("/")[1:] if ref != "#" else []:
        token = raw_token.replace("~1", "/").replace("~0", "~")
        if isinstance(node, Mapping):
            if token not in node:
                raise KeyError(ref)
            node = node[token]
        elif isinstance(node, list):
            if not token.isdigit() or int(token) >= len(node):
                raise KeyError(ref)
            node = node[int(token)]
        else:
            raise KeyError(ref)
    return node


def _walk(node: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    yield pointer, node
    if isinstance(node, Mapping):
        for key, value in node.items():
            yield from _walk(value, f"{pointer}/{escape_pointer(key)}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, f"{pointer}/{index}")


def _check_refs(path: Path, document: Document) -> None:
    """Every `$ref` must point inside this document: a fragment has no other files to lean on."""
    for pointer, node in _walk(document.data):
        if not isinstance(node, Mapping) or "$ref" not in node:
            continue
        ref = node["$ref"]
        where = _line(document, f"{pointer}/$ref")
        if not isinstance(ref, str):
            raise SpecError(str(path), f"$ref at {pointer} is not a string", where)
        if not ref.startswith("#"):
            raise SpecError(
                str(path), f"$ref {ref!r} points outside this file; only local '#/...' references are supported", where
            )
        try:
            _follow(document.data, ref)
        except KeyError:
            raise SpecError(str(path), f"$ref {ref!r} does not resolve (at {pointer or '/'})", where) from None


def _check_schema(path: Path, document: Document) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    data = document.data
    validator_cls = OpenAPIV31SpecValidator if str(data["openapi"]).startswith("3.1") else OpenAPIV30SpecValidator
    try:
        error = next(iter(validator_cls(data).iter_errors()), None)
    except Exception as exc:  # noqa: BLE001 - the validator's own failures still mean a bad spec, not our crash
        raise SpecError(
            str(path), f"invalid OpenAPI: {exc.__class__.__name__}: {str(exc).splitlines()[0][:200]}"
        ) from None
    if error is None:
        return
    parts = [escape_pointer(p) for p in getattr(error, "absolute_path", getattr(error, "path", ()))]
    pointer = "/" + "/".join(parts) if parts else ""
    message = str(getattr(error, "message", error)).splitlines()[0]
    if len(message) > 200:
        message = message[:197] + "..."
    raise SpecError(str(path), f"invalid OpenAPI at {pointer or '/'}: {message}", _line(document, pointer))


def _operations(spec: Spec) -> Iterator[Operation]:
    raw_paths = spec.raw.get("paths") or {}
    for path, item in raw_paths.items():
        item_pointer = f"/paths/{escape_pointer(path)}"
        path_item = spec.resolve(item)
        shared = list(path_item.get("parameters") or [])
        for method in HTTP_METHODS:
            if method not in path_item:
                continue
            raw = path_item[method]
            pointer = f"{item_pointer}/{method}"
            params = _parameters(
                spec, shared, f"{item_pointer}/parameters", raw.get("parameters") or [], f"{pointer}/parameters"
            )
            security_raw = raw.get("security", spec.raw.get("security", []))
            security = tuple({str(k): tuple(v) for k, v in alt.items()} for alt in security_raw or [])
            body, body_pointer = spec.resolve_pointer(raw.get("requestBody") or {}, f"{pointer}/requestBody")
            yield Operation(
                operation_id=raw.get("operationId"),
                method=method.upper(),
                path=str(path),
                summary=str(raw.get("summary") or ""),
                description=str(raw.get("description") or ""),
                tags=tuple(raw.get("tags") or ()),
                deprecated=bool(raw.get("deprecated", False)),
                parameters=params,
                responses=tuple(_responses(spec, raw.get("responses") or {}, f"{pointer}/responses")),
                security=security,
                pointer=pointer,
                request_body=_content(spec, body, body_pointer),
                request_body_required=bool(body.get("required", False)),
            )


def _parameters(spec: Spec, shared: list[Any], shared_ptr: str, own: list[Any], own_ptr: str) -> tuple[Parameter, ...]:
    merged: dict[tuple[str, str], Parameter] = {}
    for items, base in ((shared, shared_ptr), (own, own_ptr)):
        for index, raw in enumerate(items):
            node, pointer = spec.resolve_pointer(raw, f"{base}/{index}")
            location = str(node["in"])
            style = str(node.get("style") or ("form" if location in ("query", "cookie") else "simple"))
            explode = bool(node.get("explode", style == "form"))
            merged[(location, str(node["name"]))] = Parameter(
                name=str(node["name"]),
                location=location,
                required=bool(node.get("required", location == "path")),
                schema=node.get("schema") or {},
                style=style,
                explode=explode,
                description=str(node.get("description") or ""),
                pointer=pointer,
                example=node.get("example", (node.get("schema") or {}).get("example")),
            )
    return tuple(merged.values())


def _responses(spec: Spec, raw: Mapping[Any, Any], base: str) -> Iterator[Response]:
    for status, value in raw.items():
        node, pointer = spec.resolve_pointer(value, f"{base}/{escape_pointer(status)}")
        headers = tuple(
            _header(spec, name, header, f"{pointer}/headers/{escape_pointer(name)}")
            for name, header in (node.get("headers") or {}).items()
        )
        yield Response(
            status=str(status).upper() if str(status).upper().endswith("XX") else str(status),
            description=str(node.get("description") or ""),
            headers=headers,
            content=_content(spec, node, pointer),
            pointer=pointer,
        )


def _content(spec: Spec, node: Mapping[str, Any], pointer: str) -> dict[str, MediaType]:
    return {
        str(media): MediaType(
            name=str(media),
            schema=body.get("schema"),
            examples=_examples(spec, body),
            pointer=f"{pointer}/content/{escape_pointer(media)}",
        )
        for media, body in (node.get("content") or {}).items()
    }


def _header(spec: Spec, name: str, raw: Any, pointer: str) -> Header:
    node, pointer = spec.resolve_pointer(raw, pointer)
    return Header(
        name=str(name),
        required=bool(node.get("required", False)),
        schema=node.get("schema") or {},
        description=str(node.get("description") or ""),
        pointer=pointer,
    )


def _examples(spec: Spec, body: Mapping[str, Any]) -> dict[str, Any]:
    examples: dict[str, Any] = {}
    if "example" in body:
        examples["example"] = body["example"]
    for name, example in (body.get("examples") or {}).items():
        resolved = spec.resolve(example)
        if isinstance(resolved, Mapping) and "value" in resolved:
            examples[str(name)] = resolved["value"]
    return examples
