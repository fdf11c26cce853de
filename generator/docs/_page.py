"""Microsoft Graph reference pages, in their markdown source format, parsed into what can be checked.

The format (microsoft-graph-docs-contrib): YAML front matter; `<!-- { "blockType": ... } -->` annotations
that describe the code block after them (request, response, permissions, ignored, resource); fenced
`http` / `msgraph-interactive` blocks holding a method and path; `HTTP/1.1 <status>` response blocks;
`[!INCLUDE ...]` lines (kept, and followed only for permissions, inside the folder checked); tab headings
(`# [HTTP](#tab/http)`); property tables; permissions tables.
Every element keeps its line number, because findings point at lines.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..documents import parse_document, read_text
from ..errors import InputError

__all__ = [
    "Annotation",
    "CodeBlock",
    "DocPage",
    "Include",
    "PermissionRow",
    "PropertyRow",
    "parse_page",
    "permission_rows",
]

_FENCE = re.compile(r"^\s*(```+|~~~+)\s*([\w-]*)")
_TAB_HEADING = re.compile(r"^#+\s*\[[^\]]*\]\(#tab/")
_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_INCLUDE = re.compile(r"^\[!INCLUDE\s*\[([^\]]*)\]\(([^()\s]+)\)\]")


@dataclass(frozen=True)
class Annotation:
    line: int
    data: dict[str, Any]

    @property
    def block_type(self) -> str:
        return str(self.data.get("blockType", ""))


@dataclass(frozen=True)
class CodeBlock:
    line: int  # the line of the opening fence
    language: str
    lines: tuple[str, ...]
    annotation: Annotation | None
    section: str

    @property
    def first_content_line(self) -> int:
        return self.line + 1


@dataclass(frozen=True)
class PropertyRow:
    line: int
    name: str
    type: str
    description: str


@dataclass(frozen=True)
class Include:
    line: int
    label: str
    target: str  # as written, relative to the page
    section: str


@dataclass(frozen=True)
class PermissionRow:
    """`|Delegated (work or school account)|least|higher|`: permissions listed, or none (`Not supported.`)."""

    line: int
    kind: str  # "delegated-work", "delegated-personal" or "application"
    least: tuple[str, ...]
    higher: tuple[str, ...]
    supported: bool


@dataclass
class DocPage:
    path: Path
    front_matter: dict[str, Any]
    annotations: list[Annotation] = field(default_factory=list)
    blocks: list[CodeBlock] = field(default_factory=list)
    properties: list[PropertyRow] = field(default_factory=list)
    sections: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    includes: list[Include] = field(default_factory=list)

    @property
    def permissions(self) -> list[PermissionRow]:
        """The permissions table written on the page itself (many pages include it instead)."""
        return permission_rows(self.section_text("Permissions"))

    @property
    def kind(self) -> str:
        """`api` or `resource` (from `doc_type`, else from what the page holds)."""
        doc_type = str(self.front_matter.get("doc_type", "")).lower()
        if doc_type.startswith("resource") or any(a.block_type == "resource" for a in self.annotations):
            return "resource"
        return "api"

    def section_text(self, title: str) -> list[tuple[int, str]]:
        for name, lines in self.sections.items():
            if name.lower() == title.lower():
                return lines
        return []


def parse_page(path: Path) -> DocPage:
    """Parse one page; an unreadable page raises `InputError` naming it."""
    text = read_text(path, what="page")
    lines = text.splitlines()
    front, start = _front_matter(path, lines)
    page = DocPage(path=path, front_matter=front)
    section = ""
    pending: Annotation | None = None
    index = start
    while index < len(lines):
        line = lines[index]
        number = index + 1
        stripped = line.strip()
        if stripped.startswith("<!--"):
            index, annotation = _comment(path, lines, index)
            if annotation is not None:
                pending = annotation
                page.annotations.append(annotation)
            continue
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            end = index + 1
            while end < len(lines) and not lines[end].strip().startswith(marker):
                end += 1
            page.blocks.append(
                CodeBlock(number, fence.group(2).lower(), tuple(lines[index + 1 : end]), pending, section)
            )
            pending = None
            index = end + 1
            continue
        if stripped.startswith("[!INCLUDE"):
            include = _INCLUDE.match(stripped)
            if include:
                page.includes.append(Include(number, include.group(1), include.group(2), section))
            index += 1
            continue
        if _TAB_HEADING.match(stripped) or stripped == "---":
            index += 1
            continue
        heading = _heading(stripped)
        if heading is not None and not stripped.startswith("#!"):
            section = _LINK.sub(r"\1", heading).strip()
            page.sections.setdefault(section, [])
            index += 1
            continue
        if section:
            page.sections.setdefault(section, []).append((number, line))
        if section.lower() == "properties" and stripped.startswith("|"):
            row = _property_row(stripped, number)
            if row is not None:
                page.properties.append(row)
        index += 1
    return page


def _heading(line: str) -> str | None:
    """The text of an ATX heading (`## Title ##`), read without a regular expression that could backtrack."""
    level = len(line) - len(line.lstrip("#"))
    if not 1 <= level <= 6 or (len(line) > level and not line[level].isspace()):
        return None
    text = line[level:].strip()
    closing = text.rstrip("#")
    if closing != text and (not closing or closing[-1].isspace()):
        text = closing.strip()
    return text


def _comment(path: Path, lines: list[str], index: int) -> tuple[int, Annotation | None]:
    """An HTML comment from `index`: the index after it, and its annotation if it holds one."""
    end = index
    while "-->" not in lines[end] and end + 1 < len(lines):
        end += 1
    body = "\n".join(lines[index : end + 1]).strip()[4:].rsplit("-->", 1)[0].strip()
    annotation = Annotation(index + 1, _annotation(path, index + 1, body)) if body.startswith("{") else None
    return end + 1, annotation


def _front_matter(path: Path, lines: list[str]) -> tuple[dict[str, Any], int]:
    if not lines or lines[0].strip() != "---":
        return {}, 0
    for end in range(1, len(lines)):
        if lines[end].strip() == "---":
            try:
                data = parse_document("\n".join(lines[1:end]), str(path), lines=False).data or {}
            except InputError as exc:
                line = str(int(exc.where) + 1) if exc.where and exc.where.isdigit() else "1"
                raise InputError(str(path), f"front matter: {exc.reason}", line) from None
            return (data if isinstance(data, dict) else {}), end + 1
    raise InputError(str(path), "front matter is not closed with ---", "1")


def _annotation(path: Path, line: int, body: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        try:  # the docs' annotations are sometimes JSON-ish, with trailing commas
            data = parse_document(body, str(path), lines=False).data
        except InputError:
            raise InputError(str(path), "an annotation block is neither JSON nor YAML", str(line)) from None
    return data if isinstance(data, dict) else {}


def _property_row(text: str, line: int) -> PropertyRow | None:
    cells = [cell.strip() for cell in text.strip().strip("|").split("|")]
    if len(cells) < 2 or set(cells[0]) <= set(":- ") or cells[0].lower() == "property":
        return None
    name = _LINK.sub(r"\1", cells[0]).strip("`* ")
    kind = _LINK.sub(r"\1", cells[1]).strip("`* ")
    return PropertyRow(line, name, kind, cells[2] if len(cells) > 2 else "")


_KINDS = {
    "delegated (work or school account)": "delegated-work",
    "delegated (personal microsoft account)": "delegated-personal",
    "application": "application",
}


def _names(cell: str) -> tuple[str, ...]:
    text = _LINK.sub(r"\1", cell).strip()
    if not text or text.lower().rstrip(".") in ("not supported", "not available", "none"):
        return ()
    return tuple(name.strip("`* ") for name in text.split(",") if name.strip("`* "))


def permission_rows(lines: list[tuple[int, str]]) -> list[PermissionRow]:
    """The rows of a permissions table (`|Permission type|Least privileged permissions|Higher ...|`)."""
    rows = []
    for number, line in lines:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        kind = _KINDS.get(cells[0].lower()) if cells else None
        if kind is None or len(cells) < 2:
            continue
        least, higher = _names(cells[1]), _names(cells[2]) if len(cells) > 2 else ()
        supported = cells[1].strip().lower().rstrip(".") != "not supported"
        rows.append(PermissionRow(number, kind, least, higher, supported))
    return rows
