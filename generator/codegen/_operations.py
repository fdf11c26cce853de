"""The operations model the client templates render: every decision is made here, in Python.

Templates only loop and print. Names, signatures, docstrings, type annotations and the
wire details of each parameter are computed from the `Spec` by `build_client_view`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..errors import SpecError
from ..names import method_name, operation_name, pascal_case, snake_case
from ..spec import Operation, Parameter, Spec, is_json_media
from ._literals import docstring_body, py_literal

__all__ = ["ClientView", "Flavour", "OperationView", "build_client_view", "hoisted_schemas"]

_JSON = ("application/json",)
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool"}
_LOCATIONS = ("path", "query", "header")


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
    operation_id: str
    method: str
    path: str
    signature: tuple[str, ...]
    return_annotation: str
    model: str
    spec_type: str
    success: str
    documented: str
    params: str
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
        for suffix, schema in (("Response", _success_schema(operation)), ("Request", _body_schema(operation))):
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
    uses_sequence = any("Sequence[" in arg for view in views for arg in view.signature)
    uses_models = any("models." in text for view in views for text in (view.return_annotation, *view.signature))
    typing_names = [name for name, used in (("TYPE_CHECKING", uses_models), ("Literal", bool(aliases))) if used]
    lines = []
    if uses_sequence:
        lines.append("from collections.abc import Sequence")
    if typing_names:
        lines.append(f"from typing import {', '.join(typing_names)}")
    if lines:
        lines.append("")
    runtime = "AsyncClientBase, OperationSpec, RetryPolicy, SyncClientBase, TokenProvider"
    lines += ["import httpx2", "", f"from ._runtime import {runtime}"]
    if uses_models:
        # Annotations only: the runtime imports the models on the first response it parses.
        lines += ["", "if TYPE_CHECKING:", "    from . import models"]
    return tuple(lines)


def _line(spec: Spec, pointer: str) -> str | None:
    line = spec.document.line_of(pointer)
    return str(line) if line else None


def _operation_name(operation: Operation) -> str:
    return operation_name(operation.operation_id, operation.method, operation.path)


def _success_schema(operation: Operation) -> Mapping[str, Any] | None:
    for response in operation.success_responses:
        for name, media_type in response.content.items():
            if is_json_media(name) and media_type.schema is not None:
                return media_type.schema
    return None


def _body_schema(operation: Operation) -> Mapping[str, Any] | None:
    for name, media_type in operation.request_body.items():
        if is_json_media(name):
            return media_type.schema
    return None


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


def _operation_view(
    spec: Spec,
    operation: Operation,
    python_name: str,
    schema_classes: Mapping[str, str],
    hoisted_keys: Mapping[tuple[str, str], str],
    aliases: dict[str, LiteralAlias],
) -> OperationView:
    model = _model_for(_success_schema(operation), hoisted_keys.get((operation.key, "Response")), schema_classes)
    body_model = _model_for(_body_schema(operation), hoisted_keys.get((operation.key, "Request")), schema_classes)
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
    body_name = "body" if "body" not in taken else "request_body"
    if body_model and operation.request_body_required:
        signature.append(f"{body_name}: models.{body_model}")
    if keyword or (body_model and not operation.request_body_required):
        signature.append("*")
    if body_model and not operation.request_body_required:
        signature.append(f"{body_name}: models.{body_model} | None = None")
    for p in keyword:
        annotation = _annotation(p, operation, aliases)
        signature.append(
            f"{names[id(p)]}: {annotation}" if p.required else f"{names[id(p)]}: {annotation} | None = None"
        )

    wire = [f"({py_literal(p.location)}, {py_literal(p.name)}, {py_literal(p.style)}, {p.explode})" for p in params]
    arguments = ", ".join(f"{py_literal(p.name)}: {names[id(p)]}" for p in params)
    if body_model:
        arguments = ", ".join(filter(None, [arguments, f'"": {body_name}']))
    statuses = sorted(r.status for r in operation.responses)
    success = sorted(int(s) for s in statuses if s.isdigit() and s.startswith("2")) or [200]
    documented = [s for s in statuses]
    return OperationView(
        python_name=python_name,
        constant=f"_{python_name.upper()}",
        operation_id=py_literal(operation.operation_id or python_name),
        method=py_literal(operation.method),
        path=py_literal(operation.path),
        signature=tuple(signature),
        return_annotation=f"models.{model}" if model else "None",
        model=py_literal(model) if model else "None",
        spec_type=f"OperationSpec[models.{model}]" if model else "OperationSpec[None]",
        success=_tuple(str(s) for s in success),
        documented=_tuple(py_literal(s) for s in documented),
        params=_tuple(wire),
        arguments="{" + arguments + "}",
        docstring=_docstring(operation, params, names),
    )


def _tuple(items: Any) -> str:
    """A tuple literal as `ruff format` writes it: one line if it fits, else one item a line."""
    items = list(items)
    if not items:
        return "()"
    if len(items) == 1:
        return f"({items[0]},)"
    flat = f"({', '.join(items)})"
    if len(flat) <= 100:
        return flat
    return "(\n" + "".join(f"        {item},\n" for item in items) + "    )"


def _annotation(param: Parameter, operation: Operation, aliases: dict[str, LiteralAlias]) -> str:
    schema = param.schema
    if schema.get("type") == "array":
        return f"Sequence[{_scalar(schema.get('items') or {}, param, operation, aliases)}]"
    return _scalar(schema, param, operation, aliases)


def _scalar(schema: Mapping[str, Any], param: Parameter, operation: Operation, aliases: dict[str, LiteralAlias]) -> str:
    enum = schema.get("enum")
    if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
        values = tuple(enum)
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


def _docstring(operation: Operation, params: list[Parameter], names: Mapping[int, str]) -> str:
    width = 92
    lines = [operation.summary or f"{operation.method} {operation.path}"]
    if operation.description and operation.description != operation.summary:
        lines += ["", *textwrap.wrap(" ".join(operation.description.split()), width)]
    lines += ["", f"`{operation.method} {operation.path}`"]
    if params:
        lines += ["", "Args:"]
        for param in params:
            text = f"{names[id(param)]}: {' '.join(param.description.split()) or param.name} ({param.location} `{param.name}`)"
            wrapped = textwrap.wrap(text, width - 4)
            lines += [f"    {wrapped[0]}", *(f"        {rest}" for rest in wrapped[1:])]
    lines += ["", "Raises:", "    APIStatusError: a subclass named for the status, or UnexpectedStatusError."]
    text = "\n".join(f"        {line}" if line else "" for line in lines).lstrip()
    return docstring_body(text)
