"""The operations model the client templates render: every decision is made here, in Python.

Templates only loop and print. Names, signatures, docstrings, type annotations, the wire details
of each parameter, the request body's kind, the result's kind, the security alternatives and the
error models of each operation are computed from the `Spec` by `build_client_view`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..names import method_name, operation_name, pascal_case, snake_case
from ..spec import MediaType, Operation, Parameter, Spec, is_json_media
from ._literals import docstring_body, py_literal

__all__ = ["ClientView", "Flavour", "OperationView", "build_client_view", "hoisted_schemas"]

_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_LOCATIONS = ("path", "query", "header", "cookie")
_FORM = "application/x-www-form-urlencoded"

# How a request body travels, by declared media type: the Python type the method takes for it.
_BODY_TYPES = {"form": "Mapping[str, Any]", "multipart": "Mapping[str, Any]", "bytes": "bytes", "text": "str"}
# How a success body comes back: the Python type the method returns.
_RESULT_TYPES = {"json": "Any", "text": "str", "bytes": "bytes", "none": "None"}


@dataclass(frozen=True)
class LiteralAlias:
    """A module-level `Name = Literal[...]` for a parameter whose values are an enum."""

    name: str
    values: tuple[str, ...]

    @property
    def literal(self) -> str:
        flat = f"Literal[{', '.join(py_literal(v) for v in self.values)}]"
        if len(self.name) + len(flat) <= 110:
            return flat
        return "Literal[\n" + "".join(f"    {py_literal(v)},\n" for v in self.values) + "]"


@dataclass(frozen=True)
class OperationView:
    python_name: str
    constant: str
    signature: tuple[str, ...]
    return_annotation: str
    spec_type: str
    fields: tuple[tuple[str, str], ...]  # OperationSpec(...) keyword arguments, as source
    arguments: str
    docstring: str


@dataclass(frozen=True)
class Flavour:
    """What differs between the sync and the async client, as plain strings."""

    class_name: str
    base: str
    define: str
    await_: str
    transport: str
    doc: str


@dataclass(frozen=True)
class ClientView:
    title: str
    imports: tuple[str, ...]
    default_base_url: str
    aliases: tuple[LiteralAlias, ...]
    operations: tuple[OperationView, ...]
    flavours: tuple[Flavour, ...]


FLAVOURS = (
    Flavour(
        "Client", "SyncClientBase", "def", "", "BaseTransport", "Blocking client; one method per operation of the spec."
    ),
    Flavour(
        "AsyncClient",
        "AsyncClientBase",
        "async def",
        "await ",
        "AsyncBaseTransport",
        "asyncio client; one coroutine per operation of the spec.",
    ),
)


def hoisted_schemas(spec: Spec) -> dict[tuple[str, str], tuple[str, Mapping[str, Any]]]:
    """Inline request and success-response schemas, each under a schema name of its own, so they become
    model classes like any component: `(operation key, "Response"|"Request") -> (name, schema)`."""
    hoisted: dict[tuple[str, str], tuple[str, Mapping[str, Any]]] = {}
    taken = set(spec.schemas)
    for operation in spec.operations:
        for suffix, schema in (("Response", _success_schema(operation)), ("Request", _json_body_schema(operation))):
            if schema is not None and "$ref" not in schema:
                hoisted[(operation.key, suffix)] = (_hoisted_key(operation, suffix, taken), schema)
    return hoisted


def _hoisted_key(operation: Operation, suffix: str, taken: set[str]) -> str:
    base = f"{pascal_case(_operation_name(operation))}{suffix}"
    key, counter = base, 2
    while key in taken:
        key, counter = f"{base}{counter}", counter + 1
    taken.add(key)
    return key


def build_client_view(spec: Spec, schema_classes: Mapping[str, str]) -> ClientView:
    aliases: dict[str, LiteralAlias] = {}
    views = []
    seen: dict[str, Operation] = {}
    hoisted_keys = {where: name for where, (name, _) in hoisted_schemas(spec).items()}
    for operation in spec.operations:
        python_name = method_name(operation.operation_id, operation.method, operation.path)
        if python_name in seen:
            other = seen[python_name]
            raise SpecError(
                str(spec.path),
                f"operations {other.key} and {operation.key} both become the client method {python_name}()",
                _line(spec, operation.pointer),
            )
        seen[python_name] = operation
        views.append(_operation_view(spec, operation, python_name, schema_classes, hoisted_keys, aliases))
    return ClientView(
        title=docstring_body(" ".join(spec.title.split())),
        imports=_imports(views, aliases),
        default_base_url=py_literal(spec.servers[0] if spec.servers else ""),
        aliases=tuple(aliases.values()),
        operations=tuple(views),
        flavours=FLAVOURS,
    )


def _imports(views: list[OperationView], aliases: Mapping[str, LiteralAlias]) -> tuple[str, ...]:
    """The client module's imports, only those its code uses (generated code must lint clean)."""
    texts = [text for view in views for text in (view.return_annotation, *view.signature)]
    abc_names = [name for name in ("Mapping", "Sequence") if any(f"{name}[" in text for text in texts)]
    uses_models = any("models." in text for text in texts)
    uses_any = any("Any" in text for text in texts)
    typing_names = [
        name for name, used in (("TYPE_CHECKING", uses_models), ("Any", uses_any), ("Literal", bool(aliases))) if used
    ]
    lines = []
    if abc_names:
        lines.append(f"from collections.abc import {', '.join(abc_names)}")
    if typing_names:
        lines.append(f"from typing import {', '.join(typing_names)}")
    if lines:
        lines.append("")
    runtime = ["AsyncClientBase", "OperationSpec", "RetryPolicy", "SyncClientBase", "TokenProvider"]
    if not views:
        runtime.remove("OperationSpec")
    lines += ["import httpx2", "", f"from ._runtime import {', '.join(runtime)}"]
    if uses_models:
        # Annotations only: the runtime imports the models on the first response it parses.
        lines += ["", "if TYPE_CHECKING:", "    from . import models"]
    return tuple(lines)


def _line(spec: Spec, pointer: str) -> str | None:
    line = spec.document.line_of(pointer)
    return str(line) if line else None


def _operation_name(operation: Operation) -> str:
    return operation_name(operation.operation_id, operation.method, operation.path)


def _success_media(operation: Operation) -> MediaType | None:
    """The media type of the first documented success: JSON first, else the first declared."""
    for response in operation.success_responses:
        for name, media_type in response.content.items():
            if is_json_media(name):
                return media_type
        if response.content:
            return next(iter(response.content.values()))
    return None


def _success_schema(operation: Operation) -> Mapping[str, Any] | None:
    media = _success_media(operation)
    return media.schema if media is not None and is_json_media(media.name) else None


def _body_media(operation: Operation) -> tuple[str, MediaType] | None:
    """How the request body travels: JSON first, then a form, multipart, text, else raw bytes."""
    by_kind: dict[str, MediaType] = {}
    for name, media in operation.request_body.items():
        base = name.split(";", 1)[0].strip().lower()
        if is_json_media(base):
            kind = "json"
        elif base == _FORM:
            kind = "form"
        elif base.startswith("multipart/"):
            kind = "multipart"
        elif base.startswith("text/"):
            kind = "text"
        else:
            kind = "bytes"
        by_kind.setdefault(kind, media)
    for kind in ("json", "form", "multipart", "text", "bytes"):
        if kind in by_kind:
            return kind, by_kind[kind]
    return None


def _json_body_schema(operation: Operation) -> Mapping[str, Any] | None:
    found = _body_media(operation)
    return found[1].schema if found is not None and found[0] == "json" else None


def _model_for(
    schema: Mapping[str, Any] | None, hoisted_key: str | None, schema_classes: Mapping[str, str]
) -> str | None:
    if schema is None:
        return None
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/") and ref.count("/") == 3:
        name = ref.removeprefix("#/components/schemas/").replace("~1", "/").replace("~0", "~")
        return schema_classes.get(name)
    return schema_classes.get(hoisted_key) if hoisted_key else None


def _result(operation: Operation, model: str | None) -> tuple[str, str]:
    """What a success returns: ("model", annotation) or json/text/bytes/none."""
    if model:
        return "model", f"models.{model}"
    media = _success_media(operation)
    if media is None:
        kind = "none"
    elif is_json_media(media.name):
        kind = "json"
    elif media.name.lower().startswith("text/"):
        kind = "text"
    else:
        kind = "bytes"
    return kind, _RESULT_TYPES[kind]


def _security(spec: Spec, operation: Operation) -> str:
    """The security alternatives as `((kind, name, location), ...)` per alternative; `()` needs none."""
    alternatives = []
    for alternative in operation.security:
        schemes = []
        for scheme_name in alternative:
            scheme = spec.security_schemes.get(scheme_name)
            if not isinstance(scheme, Mapping):
                continue
            kind = scheme.get("type")
            http = str(scheme.get("scheme", "")).lower()
            if kind == "apiKey":
                schemes.append(("apiKey", str(scheme.get("name", "")), str(scheme.get("in", "header"))))
            elif kind == "http" and http == "basic":
                schemes.append(("basic", "authorization", "header"))
            elif kind in ("oauth2", "openIdConnect") or (kind == "http" and http == "bearer"):
                schemes.append(("bearer", "authorization", "header"))
            else:
                schemes.append(("unsupported", str(scheme_name), ""))
        rendered = _tuple(f"({', '.join(py_literal(part) for part in s)})" for s in schemes)
        if rendered not in alternatives:
            alternatives.append(rendered)
    if any(not alternative for alternative in operation.security):
        return "()"  # an empty alternative: the operation may be called without credentials
    return _tuple(alternatives, indent=8)


def _error_models(spec: Spec, operation: Operation, schema_classes: Mapping[str, str]) -> str:
    """Documented error statuses whose JSON body is a component schema: `(("404", "Problem"), ...)`."""
    pairs = []
    for response in operation.responses:
        if response.is_success:
            continue
        media = next((m for n, m in response.content.items() if is_json_media(n)), None)
        model = _model_for(media.schema, None, schema_classes) if media is not None else None
        if model:
            pairs.append(f"({py_literal(response.status)}, {py_literal(model)})")
    return _tuple(pairs)


def _operation_view(
    spec: Spec,
    operation: Operation,
    python_name: str,
    schema_classes: Mapping[str, str],
    hoisted_keys: Mapping[tuple[str, str], str],
    aliases: dict[str, LiteralAlias],
) -> OperationView:
    model = _model_for(_success_schema(operation), hoisted_keys.get((operation.key, "Response")), schema_classes)
    body = _body_media(operation)
    body_kind = body[0] if body else None
    body_type = None
    if body is not None:
        if body_kind == "json":
            body_model = _model_for(body[1].schema, hoisted_keys.get((operation.key, "Request")), schema_classes)
            body_type = f"models.{body_model}" if body_model else "Any"
        else:
            body_type = _BODY_TYPES[str(body_kind)]
    params = [p for p in operation.parameters if p.location in _LOCATIONS]
    names: dict[int, str] = {}
    taken = {"self"}
    for param in params:
        name = snake_case(param.name)
        while name in taken:
            name = f"{name}_{param.location}"
        taken.add(name)
        names[id(param)] = name

    positional = [p for p in params if p.location == "path"]
    keyword = sorted((p for p in params if p.location != "path"), key=lambda p: not p.required)
    signature = ["self"]
    signature += [f"{names[id(p)]}: {_annotation(p, operation, aliases)}" for p in positional]
    body_name = "body"
    while body_name in taken:
        body_name = f"request_{body_name}"
    if body_type and operation.request_body_required:
        signature.append(f"{body_name}: {body_type}")
    if keyword or (body_type and not operation.request_body_required):
        signature.append("*")
    if body_type and not operation.request_body_required:
        signature.append(f"{body_name}: {body_type} | None = None")
    for p in keyword:
        annotation = _annotation(p, operation, aliases)
        signature.append(
            f"{names[id(p)]}: {annotation}" if p.required else f"{names[id(p)]}: {annotation} | None = None"
        )

    wire = [f"({py_literal(p.location)}, {py_literal(p.name)}, {py_literal(p.style)}, {p.explode})" for p in params]
    arguments = ", ".join(f"{py_literal(p.name)}: {names[id(p)]}" for p in params)
    if body_type:
        arguments = ", ".join(filter(None, [arguments, f'"": {body_name}']))
    statuses = sorted(r.status for r in operation.responses)
    success = sorted(int(s) for s in statuses if s.isdigit() and s.startswith("2")) or list(range(200, 300))
    result_kind, annotation = _result(operation, model)
    fields = [
        ("operation_id", py_literal(operation.operation_id or python_name)),
        ("method", py_literal(operation.method)),
        ("path", py_literal(operation.path)),
        ("result", py_literal(result_kind)),
        ("model", py_literal(model) if model else "None"),
        ("success", _tuple(str(s) for s in success)),
        ("documented", _tuple(py_literal(s) for s in statuses)),
        ("params", _tuple(wire)),
    ]
    if body is not None:
        fields.append(("body", f"({py_literal(str(body_kind))}, {py_literal(_content_type(body[1].name))})"))
    security = _security(spec, operation)
    if security != "()":
        fields.append(("security", security))
    errors = _error_models(spec, operation, schema_classes)
    if errors != "()":
        fields.append(("errors", errors))
    return OperationView(
        python_name=python_name,
        constant=f"_{python_name.upper()}",
        signature=tuple(signature),
        return_annotation=annotation,
        spec_type=f"OperationSpec[{annotation}]",
        fields=tuple(fields),
        arguments="{" + arguments + "}",
        docstring=_docstring(operation, params, names, body_name if body_type else None, body_kind),
    )


def _content_type(name: str) -> str:
    """A sendable Content-Type for a declared request media type (`*/*` and `type/*` made concrete)."""
    base = name.split(";", 1)[0].strip().lower()
    if base in ("*/*", "application/*"):
        return "application/octet-stream"
    if base.endswith("/*"):
        return base[:-1] + ("plain" if base.startswith("text/") else "octet-stream")
    return name


def _tuple(items: Any, indent: int = 8) -> str:
    """A tuple literal as `ruff format` writes it: one line if it fits, else one item a line."""
    items = list(items)
    if not items:
        return "()"
    if len(items) == 1 and "\n" not in items[0]:
        return f"({items[0]},)"
    flat = f"({', '.join(items)})"
    if len(flat) <= 100 and "\n" not in flat:
        return flat
    pad = " " * indent
    return "(\n" + "".join(f"{pad}{item},\n" for item in items) + " " * (indent - 4) + ")"


def _annotation(param: Parameter, operation: Operation, aliases: dict[str, LiteralAlias]) -> str:
    schema = param.schema
    kind = schema.get("type")
    if kind == "array" or (isinstance(kind, list) and "array" in kind):
        items = schema.get("items")
        return f"Sequence[{_scalar(items if isinstance(items, Mapping) else {}, param, operation, aliases)}]"
    return _scalar(schema, param, operation, aliases)


def _scalar(schema: Mapping[str, Any], param: Parameter, operation: Operation, aliases: dict[str, LiteralAlias]) -> str:
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
        values = tuple(dict.fromkeys(enum))
        name = f"{pascal_case(snake_case(param.name))}Value"
        if name in aliases and aliases[name].values != values:
            name = f"{pascal_case(_operation_name(operation))}{name}"
        aliases.setdefault(name, LiteralAlias(name, values))
        return name
    kind = schema.get("type")
    if isinstance(kind, list):
        kinds = [k for k in kind if k != "null"]
        kind = kinds[0] if len(kinds) == 1 else None
    return _SCALARS.get(str(kind), "str")


def _docstring(
    operation: Operation, params: list[Parameter], names: Mapping[int, str], body: str | None, body_kind: str | None
) -> str:
    width = 92
    lines = [" ".join((operation.summary or f"{operation.method} {operation.path}").split())]
    if operation.description and operation.description != operation.summary:
        lines += ["", *textwrap.wrap(" ".join(operation.description.split()), width)]
    lines += ["", f"`{operation.method} {operation.path}`"]
    if params or body:
        lines += ["", "Args:"]
        for param in params:
            text = f"{names[id(param)]}: {' '.join(param.description.split()) or param.name} ({param.location} `{param.name}`)"
            wrapped = textwrap.wrap(text, width - 4)
            lines += [f"    {wrapped[0]}", *(f"        {rest}" for rest in wrapped[1:])]
        if body:
            what = {
                "json": "the JSON request body",
                "form": "form fields",
                "multipart": "multipart fields; bytes or (filename, bytes, content type) values are sent as files",
                "text": "the text request body",
                "bytes": "the raw request body",
            }[str(body_kind)]
            lines.append(f"    {body}: {what}")
    lines += ["", "Raises:", "    APIStatusError: a subclass named for the status, or UnexpectedStatusError."]
    text = "\n".join(f"        {line}" if line else "" for line in lines).lstrip()
    return docstring_body(text)
