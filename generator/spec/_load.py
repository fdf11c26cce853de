"""Loading a spec: read once, guard its references, validate it, resolve its operations.

`load_spec` turns a file into a `Spec`. The document is read with bounds (size, nesting, alias
expansion), every URI in it is checked to stay inside the file before any library sees it, it is
validated with openapi-spec-validator, and its operations are resolved once for every consumer.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from ..documents import Document, escape_pointer, parse_document, read_text
from ..errors import InputError, SpecError
from ._guard import check_references
from ._model import HTTP_METHODS, Header, MediaType, Operation, Parameter, Response, Spec
from ._patterns import PatternError, normalise_patterns
from ._servers import server_urls

__all__ = ["load_spec", "load_spec_text"]

_SUPPORTED = re.compile(r"^3\.[01]\.\d+$")


def load_spec(path: str | Path) -> Spec:
    """Read, parse and validate an OpenAPI 3.0/3.1 file; raise `SpecError` naming the file and place."""
    path = Path(path)
    try:
        text = read_text(path, what="spec file")
    except InputError as exc:
        raise SpecError(exc.path, exc.reason, exc.where) from None
    return load_spec_text(text, path)


def load_spec_text(text: str, path: Path) -> Spec:
    """Like `load_spec`, for text read elsewhere (a git revision); `path` names it in messages."""
    source = str(path)
    try:
        document = parse_document(text, source)
    except InputError as exc:
        raise SpecError(exc.path, exc.reason, exc.where) from None
    data = document.data
    if isinstance(data, Mapping) and "swagger" in data and "openapi" not in data:
        raise SpecError(
            source,
            f"Swagger {data['swagger']} is not supported: convert it to OpenAPI 3 first (e.g. with swagger2openapi)",
            _line(document, "/swagger"),
        )
    if not isinstance(data, Mapping) or "openapi" not in data:
        raise SpecError(source, "not an OpenAPI document: there is no top-level 'openapi' field")
    version = str(data["openapi"])
    if not _SUPPORTED.match(version):
        raise SpecError(
            source, f"OpenAPI {version} is not supported (3.0.x and 3.1.x are)", _line(document, "/openapi")
        )
    try:
        normalise_patterns(data)
    except PatternError as exc:
        raise SpecError(source, str(exc), _line(document, exc.pointer)) from None
    try:
        library_document = check_references(document, source)
        _validate(source, document, library_document)
    except RecursionError:
        raise SpecError(source, "the document nests too deeply to check") from None
    spec = Spec(
        path=path,
        document=document,
        text_sha256=hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest(),
        servers=server_urls(data),
        library_document=library_document,
    )
    object.__setattr__(spec, "operations", tuple(_operations(spec)))
    return spec


def _line(document: Document, pointer: str) -> str | None:
    line = document.line_of(pointer)
    return str(line) if line else None


def _validate(source: str, document: Document, library_document: Mapping[str, Any]) -> None:
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    legacy = str(library_document["openapi"]).startswith("3.0")
    validator_cls = OpenAPIV30SpecValidator if legacy else OpenAPIV31SpecValidator
    try:
        error = next(iter(validator_cls(library_document).iter_errors()), None)
    except RecursionError:
        raise SpecError(source, "invalid OpenAPI: the document nests too deeply to validate") from None
    except Exception as exc:  # noqa: BLE001 - the validator's own failures still mean a bad spec, not our crash
        first = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else ""
        raise SpecError(source, f"invalid OpenAPI: {exc.__class__.__name__}: {first}") from None
    if error is None:
        return
    parts = [escape_pointer(p) for p in getattr(error, "absolute_path", getattr(error, "path", ()))]
    pointer = "/" + "/".join(parts) if parts else ""
    message = str(getattr(error, "message", error)).strip().splitlines()[0]
    if "is not valid under any of the schemas" in message:
        pointer, message = _explain(library_document, legacy) or (pointer, message)
    if len(message) > 200:
        message = message[:197] + "..."
    raise SpecError(source, f"invalid OpenAPI at {pointer or '/'}: {message}", _line(document, pointer))


def _explain(library_document: Mapping[str, Any], legacy: bool) -> tuple[str, str] | None:
    """The reason behind "not valid under any of the schemas": the most relevant error of the branch that
    came closest, found with the pure-Python validator (its errors keep their context; only run on failure)."""
    import jsonschema
    from jsonschema.exceptions import best_match
    from openapi_spec_validator.schemas import schema_v30, schema_v31

    schema = schema_v30 if legacy else schema_v31
    try:
        validator = jsonschema.validators.validator_for(schema)(schema)
        error = best_match(validator.iter_errors(library_document))
        while error is not None and error.context:
            deeper = best_match(error.context)
            if deeper is None:
                break
            error = deeper
    except Exception:  # noqa: BLE001 - an explanation is a nicety; the validator's own message stands
        return None
    if error is None:
        return None
    pointer = "/" + "/".join(escape_pointer(p) for p in error.absolute_path) if error.absolute_path else ""
    return pointer, error.message.strip().splitlines()[0]


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _operations(spec: Spec) -> Iterator[Operation]:
    for path, item in _mapping(spec.raw.get("paths")).items():
        if path.startswith("x-"):
            continue
        item_pointer = f"/paths/{escape_pointer(path)}"
        path_item, item_pointer = spec.resolve_pointer(item, item_pointer)
        path_item = _mapping(path_item)
        shared = path_item.get("parameters") or []
        for method in HTTP_METHODS:
            raw = path_item.get(method)
            if not isinstance(raw, Mapping):
                continue
            pointer = f"{item_pointer}/{method}"
            params = _parameters(
                spec, shared, f"{item_pointer}/parameters", raw.get("parameters") or [], f"{pointer}/parameters"
            )
            security_raw = raw.get("security", spec.raw.get("security", []))
            security = tuple(
                {str(k): tuple(map(str, v or ())) for k, v in alt.items()}
                for alt in security_raw or []
                if isinstance(alt, Mapping)
            )
            body, body_pointer = spec.resolve_pointer(raw.get("requestBody") or {}, f"{pointer}/requestBody")
            body = _mapping(body)
            yield Operation(
                operation_id=raw.get("operationId") if isinstance(raw.get("operationId"), str) else None,
                method=method.upper(),
                path=str(path),
                summary=str(raw.get("summary") or ""),
                description=str(raw.get("description") or ""),
                tags=tuple(map(str, raw.get("tags") or ())),
                deprecated=raw.get("deprecated") is True,
                parameters=params,
                responses=tuple(_responses(spec, _mapping(raw.get("responses")), f"{pointer}/responses")),
                security=security,
                pointer=pointer,
                request_body=_content(spec, body, body_pointer),
                request_body_required=body.get("required") is True,
                extensions={k: v for k, v in raw.items() if k.startswith("x-")},
            )


def _parameters(spec: Spec, shared: list[Any], shared_ptr: str, own: list[Any], own_ptr: str) -> tuple[Parameter, ...]:
    merged: dict[tuple[str, str], Parameter] = {}
    for items, base in ((shared, shared_ptr), (own, own_ptr)):
        for index, raw in enumerate(items):
            node, pointer = spec.resolve_pointer(raw, f"{base}/{index}")
            node = _mapping(node)
            location, name = str(node.get("in", "")), str(node.get("name", ""))
            schema, schema_pointer = _parameter_schema(spec, node, pointer)
            style = str(node.get("style") or ("form" if location in ("query", "cookie") else "simple"))
            merged[(location, name.lower() if location == "header" else name)] = Parameter(
                name=name,
                location=location,
                required=node.get("required") is True or location == "path",
                schema=schema,
                style=style,
                explode=bool(node.get("explode", style == "form")),
                description=str(node.get("description") or ""),
                pointer=pointer,
                example=_parameter_example(spec, node, schema),
                deprecated=node.get("deprecated") is True,
                schema_pointer=schema_pointer,
            )
    return tuple(merged.values())


def _parameter_schema(spec: Spec, node: Mapping[str, Any], pointer: str) -> tuple[Mapping[str, Any], str]:
    """The schema, `$ref` resolved; a parameter described by `content` takes its media type's schema."""
    if "schema" in node:
        schema, where = spec.resolve_pointer(node["schema"], f"{pointer}/schema")
        return _mapping(schema), where
    for media, body in _mapping(node.get("content")).items():
        if isinstance(body, Mapping) and "schema" in body:
            schema, where = spec.resolve_pointer(body["schema"], f"{pointer}/content/{escape_pointer(media)}/schema")
            return _mapping(schema), where
    return {}, f"{pointer}/schema"


def _parameter_example(spec: Spec, node: Mapping[str, Any], schema: Mapping[str, Any]) -> Any:
    if "example" in node:
        return node["example"]
    for example in _mapping(node.get("examples")).values():
        resolved = spec.resolve(example)
        if isinstance(resolved, Mapping) and "value" in resolved:
            return resolved["value"]
    if "example" in schema:
        return schema["example"]
    examples = schema.get("examples")
    return examples[0] if isinstance(examples, list) and examples else None


def _responses(spec: Spec, raw: Mapping[str, Any], base: str) -> Iterator[Response]:
    for status, value in raw.items():
        if status.startswith("x-"):
            continue
        node, pointer = spec.resolve_pointer(value, f"{base}/{escape_pointer(status)}")
        node = _mapping(node)
        headers = tuple(
            _header(spec, name, header, f"{pointer}/headers/{escape_pointer(name)}")
            for name, header in _mapping(node.get("headers")).items()
        )
        yield Response(
            status=status.upper() if status.upper().endswith("XX") else status,
            description=str(node.get("description") or ""),
            headers=headers,
            content=_content(spec, node, pointer),
            pointer=pointer,
        )


def _content(spec: Spec, node: Mapping[str, Any], pointer: str) -> dict[str, MediaType]:
    content: dict[str, MediaType] = {}
    for media, raw in _mapping(node.get("content")).items():
        body = _mapping(raw)
        schema = body.get("schema")
        content[media] = MediaType(
            name=media,
            schema=schema if isinstance(schema, Mapping) else None,
            examples=_examples(spec, body),
            pointer=f"{pointer}/content/{escape_pointer(media)}",
        )
    return content


def _header(spec: Spec, name: str, raw: Any, pointer: str) -> Header:
    node, pointer = spec.resolve_pointer(raw, pointer)
    node = _mapping(node)
    schema, _ = _parameter_schema(spec, node, pointer)
    return Header(
        name=name,
        required=node.get("required") is True,
        schema=schema,
        description=str(node.get("description") or ""),
        pointer=pointer,
    )


def _examples(spec: Spec, body: Mapping[str, Any]) -> dict[str, Any]:
    examples: dict[str, Any] = {}
    if "example" in body:
        examples["example"] = body["example"]
    for name, example in _mapping(body.get("examples")).items():
        resolved = spec.resolve(example)
        if isinstance(resolved, Mapping) and "value" in resolved:
            examples[name] = resolved["value"]
    return examples
