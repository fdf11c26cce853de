"""`qrcontract docs`: Microsoft Graph reference pages held against the contract.

An API page's requests must be operations of the spec (and the spec's operations on that resource
must be on the page), its example response must parse and validate with the same validator as
`validate` (`truncated: true` forgives missing members, nothing else), its `@odata.type`, status,
OData query-parameter statement and permission URLs must agree with the spec. A resource page's
property table must match the schema. Each finding is a named rule with the page and line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..documents import parse_document
from ..errors import InputError
from ..exchanges import Skipped, collect_files
from ..findings import Finding, Severity
from ..schema import SchemaView, Views
from ..spec import Operation, Spec
from ..validation import ContractValidator
from ._page import CodeBlock, DocPage, parse_page
from ._permissions import permission_findings

__all__ = ["check_page", "check_pages", "collect_pages"]

ERROR, WARNING = Severity.ERROR, Severity.WARNING
_REQUEST = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)", re.IGNORECASE)
_STATUS = re.compile(r"^\s*HTTP/\d(?:\.\d)?\s+(\d{3})")
_VERSION_PREFIX = re.compile(r"^/(?:beta|v\d+\.\d+)(?=/)")
_TYPED_STRINGS = frozenset({"date-time", "date", "time", "duration", "uuid"})
_EDM = {
    "string": ({"string"}, None),
    "datetimeoffset": ({"string"}, {"date-time"}),
    "date": ({"string"}, {"date"}),
    "timeofday": ({"string"}, {"time"}),
    "duration": ({"string"}, {"duration"}),
    "binary": ({"string"}, {"base64url", "byte", "binary"}),
    "stream": ({"string"}, {"base64url", "byte", "binary"}),
    "guid": ({"string"}, {"uuid"}),
    "boolean": ({"boolean"}, None),
    "int16": ({"integer", "number"}, {"int16", "int32"}),
    "int32": ({"integer", "number"}, {"int32"}),
    "int64": ({"integer", "number"}, {"int64"}),
    "byte": ({"integer", "number"}, {"uint8", "int32"}),
    "single": ({"number"}, {"float", None}),
    "double": ({"number"}, {"double", None}),
    "decimal": ({"number"}, {"decimal", None}),
}


def collect_pages(paths: Iterable[Path]) -> Iterator[Path | Skipped | InputError]:
    """The pages named, and the `.md` pages under the folders named (links out of a folder are not followed;
    what is passed over is said, as a `Skipped`)."""
    yield from collect_files(paths, frozenset({".md"}))


def check_pages(spec: Spec, paths: Iterable[Path]) -> Iterator[Finding | Skipped | InputError]:
    """Findings of every page; an unreadable page yields its `InputError` in its place.

    Includes (permissions tables) are read only inside the folders named, or the folder of a page named.
    """
    paths = list(paths)
    roots = [path if path.is_dir() else path.parent for path in paths]
    validator = ContractValidator(spec)
    views = Views(spec)
    for path in collect_pages(paths):
        if not isinstance(path, Path):
            yield path
            continue
        try:
            page = parse_page(path)
        except InputError as exc:
            yield exc
            continue
        if str(page.front_matter.get("ms.topic", "")).lower() == "include":
            continue  # an include is read where a page includes it
        yield from check_page(spec, page, validator, views, roots)


def check_page(
    spec: Spec, page: DocPage, validator: ContractValidator, views: Views, roots: Iterable[Path] = ()
) -> list[Finding]:
    checker = _PageChecker(spec, page, validator, views, list(roots) or [page.path.parent])
    return list(checker.resource() if page.kind == "resource" else checker.api())


class _PageChecker:
    def __init__(
        self, spec: Spec, page: DocPage, validator: ContractValidator, views: Views, roots: list[Path]
    ) -> None:
        self.spec = spec
        self.page = page
        self.validator = validator
        self.views = views
        self.roots = roots
        self.name = str(page.path)

    def finding(self, rule: str, severity: Severity, line: int, message: str) -> Finding:
        return Finding(rule, severity, self.name, line, message)

    # API pages

    def api(self) -> Iterator[Finding]:
        documented: list[tuple[int, str, str, Operation | None]] = []
        for block in self.page.blocks:
            annotated = block.annotation.block_type if block.annotation else ""
            if block.section.lower() == "http request" or annotated == "request":
                for offset, content in enumerate(block.lines):
                    match = _REQUEST.match(content)
                    if match:
                        method, path = match.group(1).upper(), self._path(match.group(2))
                        documented.append(
                            (block.first_content_line + offset, method, path, self._operation(method, path))
                        )
        for line, method, path, operation in documented:
            if operation is None:
                yield self.finding(
                    "unknown-operation",
                    ERROR,
                    line,
                    f"{method} {path} is documented, but the spec has no such operation",
                )
        yield from self._omitted(documented)
        yield from self._permissions()
        known = [op for *_, op in documented if op is not None]
        request_ops = [op for line, method, path, op in documented if op is not None]
        yield from self._query_parameters(known)
        yield from self._status_statement(request_ops[-1] if request_ops else None)
        for block in self.page.blocks:
            if block.annotation is not None and block.annotation.block_type == "response":
                yield from self._response(block, request_ops[-1] if request_ops else None)

    def _path(self, raw: str) -> str:
        path, _ = self.spec.router.relative(raw)
        return _VERSION_PREFIX.sub("", path)

    def _operation(self, method: str, path: str) -> Operation | None:
        return self.spec.router.match(method, path).operation  # type: ignore[no-any-return]

    def _omitted(self, documented: list[tuple[int, str, str, Operation | None]]) -> Iterator[Finding]:
        """The spec's operations on the documented resource (same method, same last segment) the page leaves out."""
        if not documented:
            return
        seen = {op.key for *_, op in documented if op is not None}
        resources = {(method, path.rstrip("/").rsplit("/", 1)[-1]) for _, method, path, _ in documented}
        first = documented[0][0]
        for operation in self.spec.operations:
            resource = (operation.method, operation.path.rstrip("/").rsplit("/", 1)[-1])
            if resource in resources and operation.key not in seen:
                yield self.finding(
                    "undocumented-operation",
                    ERROR,
                    first,
                    f"the spec has {operation.key}, which the page does not document",
                )

    def _permissions(self) -> Iterator[Finding]:
        for annotation in self.page.annotations:
            if annotation.block_type != "permissions":
                continue
            covered: list[tuple[int, Operation]] = []
            for url in annotation.data.get("requestUrls") or []:
                match = _REQUEST.match(str(url))
                operation = self._operation(match.group(1).upper(), self._path(match.group(2))) if match else None
                if operation is not None:
                    covered.append((annotation.line, operation))
            yield from permission_findings(self.spec, self.page, covered, self.roots)
            for url in annotation.data.get("requestUrls") or []:
                match = _REQUEST.match(str(url))
                if match is None:
                    yield self.finding(
                        "permissions-url", ERROR, annotation.line, f"requestUrls entry {url!r} is not METHOD /path"
                    )
                    continue
                method, path = match.group(1).upper(), self._path(match.group(2))
                if self._operation(method, path) is None:
                    yield self.finding(
                        "permissions-url",
                        ERROR,
                        annotation.line,
                        f"requestUrls entry {method} {path} is not an operation of the spec",
                    )

    def _query_parameters(self, operations: list[Operation]) -> Iterator[Finding]:
        lines = self.page.section_text("Optional query parameters")
        if not lines or not operations:
            return
        text = " ".join(line for _, line in lines)
        declared = sorted({p.name for op in operations for p in op.parameters_in("query") if p.name.startswith("$")})
        mentioned = sorted(set(re.findall(r"\$[a-zA-Z]+", text)))
        line = lines[0][0]
        for number, content in lines:
            if content.strip():
                line = number
                break
        if re.search(r"does not support (?:the )?OData query parameters", text, re.IGNORECASE):
            if declared:
                yield self.finding(
                    "query-parameters",
                    WARNING,
                    line,
                    f"the page says the method supports no OData query parameters, but the spec declares {', '.join(declared)}",
                )
            return
        undeclared = [name for name in mentioned if name not in declared]
        if undeclared:
            yield self.finding(
                "query-parameters",
                WARNING,
                line,
                f"the page mentions {', '.join(undeclared)}, which the spec does not declare",
            )

    def _status_statement(self, operation: Operation | None) -> Iterator[Finding]:
        if operation is None:
            return
        for number, content in self.page.section_text("Response"):
            for status in re.findall(r"`(\d{3})[^`]*`\s+response code", content):
                yield from self._status(int(status), operation, number)

    def _status(self, status: int, operation: Operation, line: int) -> Iterator[Finding]:
        success = sorted(r.status for r in operation.responses if r.is_success)
        response = operation.response_for(status)
        if response is None or (200 <= status < 300 and not response.is_success):
            yield self.finding(
                "status",
                ERROR,
                line,
                f"the page documents status {status} for {operation.label}; the spec's success statuses are {', '.join(success) or 'none'}",
            )

    def _response(self, block: CodeBlock, operation: Operation | None) -> Iterator[Finding]:
        assert block.annotation is not None
        status_line = next((i for i, line in enumerate(block.lines) if _STATUS.match(line)), None)
        if status_line is None:
            yield self.finding(
                "status", ERROR, block.first_content_line, "the response block has no HTTP/1.1 status line"
            )
            return
        status = int(_STATUS.match(block.lines[status_line]).group(1))  # type: ignore[union-attr]
        body_start = status_line + 1
        while body_start < len(block.lines) and block.lines[body_start].strip():
            body_start += 1  # headers end at the first blank line
        body_lines = block.lines[body_start:]
        first_body_line = block.first_content_line + body_start
        if operation is None:
            return
        yield from self._status(status, operation, block.first_content_line + status_line)
        expected_type = block.annotation.data.get("@odata.type")
        response = operation.response_for(status)
        media = response.content.get("application/json") if response is not None else None
        if media is None or media.schema is None:
            return
        yield from self._odata_type(expected_type, media.schema, block.annotation.line)
        text = "\n".join(body_lines).strip()
        if not text:
            return
        try:
            body = json.loads(text)
        except json.JSONDecodeError as exc:
            yield from self._bad_json(body_lines, first_body_line, exc)
            return
        except RecursionError:
            yield self.finding("invalid-json", ERROR, first_body_line, "the example body nests too deeply to read")
            return
        truncated = bool(block.annotation.data.get("truncated"))
        for violation in self.validator.check_body(media, body):
            if truncated and violation.rule == "required":
                continue  # `truncated: true`: members may be left out for readability; nothing else is forgiven
            where = f" at {violation.pointer}" if violation.pointer else ""
            yield self.finding(
                violation.rule,
                violation.severity,
                _line_of(body_lines, first_body_line, violation.pointer),
                f"the example response{where}: {violation.message}",
            )
        if isinstance(body, dict) and isinstance(body.get("@odata.type"), str) and "value" not in body:
            yield from self._odata_type(
                body["@odata.type"], media.schema, _line_of(body_lines, first_body_line, "/@odata.type")
            )

    def _bad_json(self, body_lines: tuple[str, ...], first: int, exc: json.JSONDecodeError) -> Iterator[Finding]:
        joined = "\n".join(body_lines)
        trailing = re.search(r",(\s*)[}\]]", joined)
        if trailing:
            line = first + joined[: trailing.start()].count("\n")
            yield self.finding(
                "trailing-comma", ERROR, line, "the example body has a trailing comma, which is not JSON"
            )
            return
        offset = len("\n".join(body_lines)) - len("\n".join(body_lines).lstrip())
        line = first + joined[: offset + exc.pos].count("\n") if exc.pos is not None else first
        yield self.finding("invalid-json", ERROR, line, f"the example body is not JSON: {exc.msg}")

    def _odata_type(self, declared: Any, schema: Any, line: int) -> Iterator[Finding]:
        if not isinstance(declared, str) or not declared:
            return
        view = self.views(schema)
        names = [str(n) for n in (self.spec.resolve(schema).get("title"), view.name) if n]
        short = declared.lstrip("#").rsplit(".", 1)[-1].lower()
        if names and short not in {n.lower() for n in names}:
            yield self.finding(
                "odata-type", ERROR, line, f"@odata.type {declared} does not match the spec's schema {names[0]}"
            )

    # Resource pages

    def resource(self) -> Iterator[Finding]:
        annotation = next((a for a in self.page.annotations if a.block_type == "resource"), None)
        declared = str(annotation.data.get("@odata.type", "")) if annotation else ""
        short = declared.lstrip("#").rsplit(".", 1)[-1]
        line = annotation.line if annotation else 1
        schema = self._schema_named(short)
        if schema is None:
            yield self.finding(
                "unknown-resource", ERROR, line, f"the spec has no schema for {declared or 'this resource'}"
            )
            return
        view = self.views(schema)
        listed = set()
        for row in self.page.properties:
            listed.add(row.name)
            member = view.properties.get(row.name)
            if member is None:
                yield self.finding(
                    "unknown-property",
                    ERROR,
                    row.line,
                    f"property {row.name} is documented, but {short} in the spec has no such property",
                )
            elif not _compatible(row.type, member):
                yield self.finding(
                    "property-type",
                    ERROR,
                    row.line,
                    f"property {row.name} is documented as {row.type}; the spec says {member.describe()}",
                )
        table = self.page.properties[0].line if self.page.properties else line
        for name in view.properties:
            if name not in listed and not name.startswith("@"):
                yield self.finding(
                    "undocumented-property",
                    ERROR,
                    table,
                    f"the spec's {short} has property {name}, which the page's table omits",
                )

    def _schema_named(self, name: str) -> Any:
        for key, schema in self.spec.schemas.items():
            title = schema.get("title") if isinstance(schema, dict) else None
            if name and name.lower() in {
                str(key).lower(),
                str(key).rsplit(".", 1)[-1].lower(),
                str(title or "").lower(),
            }:
                return {"$ref": f"#/components/schemas/{key}"}
        return None


def _compatible(doc_type: str, member: SchemaView) -> bool:
    kind = doc_type.strip()
    if kind.lower().endswith(" collection"):
        if member.items is None or "array" not in member.types:
            return False
        return _compatible(kind[: -len(" collection")], member.items)
    edm = _EDM.get(kind.lower().removeprefix("edm."))
    if kind.lower().removeprefix("edm.") == "string" and member.format in _TYPED_STRINGS:
        return False  # documented as a String, typed as a date, time, duration or GUID by the spec
    if edm is not None:
        types, formats = edm
        return bool(member.types & types) and (formats is None or member.format in formats)
    # A complex or enum type: the schema it names.
    return (member.name or "").lower().rsplit(".", 1)[-1] == kind.lower().rsplit(".", 1)[-1]


def _line_of(body_lines: tuple[str, ...], first: int, pointer: str) -> int:
    """The line of the member a JSON pointer names in an example body (the example is parsed with lines)."""
    try:
        document = parse_document("\n".join(body_lines), "example")
    except InputError:
        return first
    line = document.line_of(pointer)
    return first + line - 1 if line else first
