"""A page's permissions table against the security requirements of the operations it documents.

Permissions are in neither Microsoft's CSDL nor its OpenAPI: the reference pages are their only
published source, usually as an include (`[!INCLUDE [permissions-table](../includes/permissions/x.md)]`).
An include is read only when it lies inside a folder the user asked to check, so a page cannot make
the checker read any other file. The spec's security alternatives are read per kind: an OAuth2 scheme
whose only flow is `clientCredentials` is application access, any other OAuth2 scheme delegated;
the first alternative of each kind is the least privileged.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from ..documents import read_text
from ..errors import InputError
from ..findings import Finding, Severity
from ..spec import Operation, Spec
from ._page import DocPage, PermissionRow, permission_rows

__all__ = ["permission_findings", "scopes_by_kind"]

_ROW_KIND = {"delegated-work": "delegated", "application": "application"}
_LABEL = {"delegated": "delegated (work or school account)", "application": "application"}


def scopes_by_kind(spec: Spec, operation: Operation) -> dict[str, list[str]]:
    """The scopes an operation accepts, per kind of access, in the spec's order (least privileged first)."""
    schemes = (
        spec.raw.get("components", {}).get("securitySchemes", {})
        if isinstance(spec.raw.get("components"), Mapping)
        else {}
    )
    found: dict[str, list[str]] = {}
    for alternative in operation.security:
        for name, scopes in alternative.items():
            scheme = spec.resolve(schemes.get(name)) if isinstance(schemes, Mapping) else None
            kind = _kind(scheme)
            if kind is None:
                continue
            for scope in scopes:
                if scope not in found.setdefault(kind, []):
                    found[kind].append(scope)
    return found


def _kind(scheme: Any) -> str | None:
    if (
        not isinstance(scheme, Mapping)
        or scheme.get("type") != "oauth2"
        or not isinstance(scheme.get("flows"), Mapping)
    ):
        return None
    return "application" if set(scheme["flows"]) == {"clientCredentials"} else "delegated"


def _table(page: DocPage, roots: Iterable[Path]) -> tuple[list[PermissionRow], int, str | None] | None:
    """The permissions rows, the page line they stand for, and the include file they came from (if any)."""
    if page.permissions:
        return page.permissions, page.permissions[0].line, None
    for include in page.includes:
        if include.section.lower() != "permissions" or "permissions" not in include.target:
            continue
        target = (page.path.parent / include.target).resolve()
        if not any(target.is_relative_to(root.resolve()) for root in roots) or not target.is_file():
            return [], include.line, include.target
        try:
            lines = read_text(target, what="include").splitlines()
        except InputError:
            return [], include.line, include.target
        rows = permission_rows(list(enumerate(lines, 1)))
        return rows, include.line, os.path.normpath(page.path.parent / include.target)
    return None


def permission_findings(
    spec: Spec, page: DocPage, operations: list[tuple[int, Operation]], roots: Iterable[Path]
) -> Iterator[Finding]:
    """Findings for the operations a `permissions` block names (its `requestUrls`), each with its line."""
    if not operations:
        return
    table = _table(page, roots)
    if table is None:
        return
    rows, line, include = table
    locations = {"include": include} if include else {}
    if not rows:
        return  # the include is not among the pages checked (or outside them): nothing to compare
    seen: set[tuple[str, str, str]] = set()
    for _, operation in operations:
        accepted = scopes_by_kind(spec, operation)
        for row in rows:
            kind = _ROW_KIND.get(row.kind)
            if kind is None:
                continue
            extra = {"include": f"{include}:{row.line}"} if include else locations
            at = line if include else row.line
            for rule, severity, subject, message in _compare(row, kind, accepted.get(kind, []), operation):
                if (rule, kind, subject) not in seen:
                    seen.add((rule, kind, subject))
                    yield Finding(rule, severity, str(page.path), at, message, extra)


def _compare(
    row: PermissionRow, kind: str, mine: list[str], operation: Operation
) -> Iterator[tuple[str, Severity, str, str]]:
    label = _LABEL[kind]
    if not row.supported:
        if mine:
            accepted = ", ".join(mine)
            message = (
                f"the page says {label} permissions are not supported; the spec accepts {accepted} for {operation.key}"
            )
            yield "permission-not-supported", Severity.ERROR, "", message
        return
    listed = [*row.least, *row.higher]
    for scope in mine:
        if scope not in listed:
            message = f"the spec accepts {label} permission {scope}, which the page does not list"
            yield "permission-undocumented", Severity.ERROR, scope, message
    for scope in listed:
        if scope not in mine:
            message = f"the page lists {label} permission {scope}, which the spec does not accept"
            yield "permission-missing", Severity.WARNING, scope, message
    if row.least and mine and row.least[0] != mine[0]:
        message = f"the page's least privileged {label} permission is {row.least[0]}; the spec's first alternative is {mine[0]}"
        yield "least-privileged", Severity.WARNING, row.least[0], message
