"""One operation in both revisions: its lifecycle, parameters, request body and responses.

Schemas are handed to `SchemaDiffer` with a `Site` that says which side of the exchange they are
on; everything about the operation around them (a parameter removed before its sunset, a media
type renamed, a status code dropped) is decided here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..documents import follow_pointer
from ..names import method_name, snake_case
from ..spec import Operation, Parameter, Spec
from ._lifecycle import sunset_of
from ._pairs import media_contained, pair_media_types
from ._schemas import SchemaDiffer
from ._site import Report, Site

__all__ = ["OperationPair", "compare_operation", "removal"]


@dataclass(frozen=True)
class OperationPair:
    old: Operation
    new: Operation
    old_spec: Spec
    new_spec: Spec
    path_existed: bool  # the revision's path item was there in the base (for path-level parameters added)


def raw_node(spec: Spec, pointer: str) -> Mapping[str, Any]:
    """The node at `pointer` as written (references followed), for keywords the model does not keep."""
    try:
        node = spec.resolve(follow_pointer(spec.raw, pointer))
    except KeyError:
        return {}
    return node if isinstance(node, Mapping) else {}


def client_method(op: Operation) -> str:
    return f"Client.{method_name(op.operation_id, op.method, op.path)}"


def removal(sunset_node: Mapping[str, Any], deprecated: bool, today: dt.date) -> str | None:
    """How oasdiff judges removing something: `without-deprecation`, `with-deprecation`, `sunset-parse`,
    `before-sunset`, or None when its sunset date has passed (removal was announced and is due)."""
    if not deprecated:
        return "without-deprecation"
    sunset = sunset_of(sunset_node)
    if not sunset.present:
        return "with-deprecation"
    if sunset.error or sunset.date is None:
        return "sunset-parse"
    return "before-sunset" if today < sunset.date else None


def compare_operation(pair: OperationPair, differ: SchemaDiffer, report: Report) -> None:
    label = f"{pair.new.method} {pair.new.path}"
    _deprecation(pair, differ.today, report, label)
    _identity(pair, report, label)
    _parameters(pair, differ, report, label)
    _request_body(pair, differ, report, label)
    _responses(pair, differ, report, label)


def _deprecation(pair: OperationPair, today: dt.date, report: Report, label: str) -> None:
    old_raw, new_raw = raw_node(pair.old_spec, pair.old.pointer), raw_node(pair.new_spec, pair.new.pointer)
    if pair.old.deprecated != pair.new.deprecated:
        if not pair.new.deprecated:
            report.add("endpoint-reactivated", label, "", "operation is no longer deprecated")
        else:
            sunset = sunset_of(new_raw)
            if not sunset.present:
                report.add("endpoint-deprecated", label, "", "operation deprecated")
            elif sunset.error or sunset.date is None:
                report.add("api-deprecated-sunset-parse", label, "", f"operation deprecated: {sunset.error}")
            elif sunset.date < today:
                report.add(
                    "api-sunset-date-too-small",
                    label,
                    "",
                    f"operation deprecated with a sunset date in the past ({sunset.date})",
                )
            else:
                report.add("endpoint-deprecated-with-sunset", label, "", f"operation deprecated, sunset {sunset.date}")
    if pair.new.deprecated:
        before, after = sunset_of(old_raw), sunset_of(new_raw)
        if before.present and not after.present:
            report.add("sunset-deleted", label, "", "the sunset date of a deprecated operation was removed")
        elif before.present and old_raw.get("x-sunset") != new_raw.get("x-sunset") and (before.error or after.error):
            report.add("api-path-sunset-parse", label, "", f"changed sunset: {after.error or before.error}")
        elif before.date and after.date and after.date < before.date and after.date < today:
            text = f"sunset date moved earlier, from {before.date} to {after.date}, which has passed"
            report.add("api-sunset-date-changed-too-small", label, "", text)


def _identity(pair: OperationPair, report: Report, label: str) -> None:
    old_id, new_id = pair.old.operation_id, pair.new.operation_id
    if old_id != new_id:
        if not old_id:
            report.add("api-operation-id-added", label, "operationId", f"operationId {new_id!r} added")
        else:
            report.add(
                "api-operation-id-removed",
                label,
                "operationId",
                f"operationId {old_id!r} removed or changed to {new_id!r}",
            )
    for tag in pair.new.tags:
        if tag not in pair.old.tags:
            report.add("api-tag-added", label, "tags", f"tag {tag!r} added")
    for tag in pair.old.tags:
        if tag not in pair.new.tags:
            report.add("api-tag-removed", label, "tags", f"tag {tag!r} removed")
    old_raw, new_raw = raw_node(pair.old_spec, pair.old.pointer), raw_node(pair.new_spec, pair.new.pointer)
    compare_security(old_raw.get("security"), new_raw.get("security"), report, label, "api-security")


def compare_security(before: Any, after: Any, report: Report, label: str, prefix: str) -> None:
    """Security requirements, matched by their set of scheme names (`api-security-*`, `api-global-security-*`)."""
    old_reqs, new_reqs = _requirements(before), _requirements(after)
    for key in new_reqs.keys() - old_reqs.keys():
        report.add(f"{prefix}-added", label, "security", f"security requirement {key} added")
    for key in old_reqs.keys() - new_reqs.keys():
        report.add(f"{prefix}-removed", label, "security", f"security requirement {key} removed")
    for key in sorted(old_reqs.keys() & new_reqs.keys()):
        for scheme, scopes in new_reqs[key].items():
            for scope in scopes - old_reqs[key].get(scheme, frozenset()):
                report.add(f"{prefix}-scope-added", label, "security", f"scope {scope!r} of {scheme} added")
            for scope in old_reqs[key].get(scheme, frozenset()) - scopes:
                report.add(f"{prefix}-scope-removed", label, "security", f"scope {scope!r} of {scheme} removed")


def _requirements(value: Any) -> dict[str, dict[str, frozenset[str]]]:
    found: dict[str, dict[str, frozenset[str]]] = {}
    for requirement in value if isinstance(value, list) else ():
        if isinstance(requirement, Mapping) and requirement:
            key = " AND ".join(sorted(map(str, requirement)))
            found[key] = {
                str(k): frozenset(map(str, v or ())) for k, v in requirement.items() if isinstance(v, list) or v is None
            }
    return found


# Parameters


def parameter_key(op: Operation, param: Parameter) -> tuple[str, str]:
    """Path parameters match by position (renaming `{id}` to `{user-id}` changes nothing on the wire);
    header names ignore case, as HTTP does."""
    if param.location == "path":
        names = re.findall(r"\{([^}/]+)\}", op.path)
        return ("path", f"#{names.index(param.name)}" if param.name in names else param.name)
    return (param.location, param.name.lower() if param.location == "header" else param.name)


def _path_level(op: Operation, param: Parameter) -> bool:
    return not param.pointer.startswith(f"{op.pointer}/")


def _parameters(pair: OperationPair, differ: SchemaDiffer, report: Report, label: str) -> None:
    old, new = pair.old, pair.new
    before = {parameter_key(old, p): p for p in old.parameters}
    after = {parameter_key(new, p): p for p in new.parameters}
    call = client_method(new)
    for key, param in after.items():
        if key in before:
            continue
        where = f"parameters/{param.location}/{param.name}"
        arg = f"{call}({snake_case(param.name)}=...)"
        if param.location == "path":
            report.add(
                "new-request-path-parameter",
                label,
                where,
                f"path parameter '{param.name}' added",
                f"{arg} is a new argument",
            )
        elif _path_level(new, param) and pair.path_existed:
            kind = "required" if param.required else "optional"
            text = f"{kind} {param.location} parameter '{param.name}' added to every operation of the path"
            report.add(
                f"new-{kind}-request-default-parameter-to-existing-path",
                label,
                where,
                text,
                f"{arg} is a new required argument",
            )
        elif param.required:
            text = f"required {param.location} parameter '{param.name}' added"
            report.add("new-required-request-parameter", label, where, text, f"{arg} is a new required argument")
        else:
            report.add(
                "new-optional-request-parameter",
                label,
                where,
                f"optional {param.location} parameter '{param.name}' added",
            )
    for key, param in before.items():
        where = f"parameters/{param.location}/{param.name}"
        arg = f"{call}({snake_case(param.name)}=...)"
        if key not in after:
            verdict = removal(raw_node(pair.old_spec, param.pointer), param.deprecated, differ.today)
            if verdict is not None:
                rule = {
                    "without-deprecation": "request-parameter-removed",
                    "with-deprecation": "request-parameter-removed-with-deprecation",
                    "sunset-parse": "request-parameter-sunset-parse",
                    "before-sunset": "request-parameter-removed-before-sunset",
                }[verdict]
                report.add(
                    rule,
                    label,
                    where,
                    f"{param.location} parameter '{param.name}' removed ({verdict.replace('-', ' ')})",
                    f"{arg} is removed",
                )
            continue
        _parameter(pair, param, after[key], differ, report, label, where, arg)


def _parameter(
    pair: OperationPair,
    old: Parameter,
    new: Parameter,
    differ: SchemaDiffer,
    report: Report,
    label: str,
    where: str,
    arg: str,
) -> None:
    subject = f"{new.location} parameter '{new.name}'"
    if new.required and not old.required:
        report.add(
            "request-parameter-became-required", label, where, f"{subject} became required", f"{arg} is now required"
        )
    elif old.required and not new.required:
        report.add("request-parameter-became-optional", label, where, f"{subject} became optional")
    old_raw, new_raw = raw_node(pair.old_spec, old.pointer), raw_node(pair.new_spec, new.pointer)
    if old.deprecated != new.deprecated:
        if not new.deprecated:
            report.add("request-parameter-reactivated", label, where, f"{subject} is no longer deprecated")
        else:
            sunset = sunset_of(new_raw)
            if sunset.present and (sunset.error or sunset.date is None):
                report.add("request-parameter-sunset-parse", label, where, f"{subject} deprecated: {sunset.error}")
            elif sunset.date and sunset.date < differ.today:
                report.add(
                    "request-parameter-sunset-date-too-small",
                    label,
                    where,
                    f"{subject} deprecated with a sunset date in the past ({sunset.date})",
                )
            else:
                report.add("request-parameter-deprecated", label, where, f"{subject} deprecated")
    if new.deprecated:
        before, after = sunset_of(old_raw), sunset_of(new_raw)
        if before.present and not after.present:
            report.add(
                "request-parameter-sunset-deleted", label, where, f"the sunset date of deprecated {subject} was removed"
            )
        elif before.present and old_raw.get("x-sunset") != new_raw.get("x-sunset") and (before.error or after.error):
            text = f"changed sunset of {subject}: {after.error or before.error}"
            report.add("request-parameter-sunset-parse", label, where, text)
        elif before.date and after.date and after.date < before.date and after.date < differ.today:
            report.add(
                "request-parameter-sunset-date-changed-too-small",
                label,
                where,
                f"sunset of {subject} moved earlier, to {after.date}",
            )
    if not old.required and not new.required:
        a, b = old.schema.get("default"), new.schema.get("default")
        had, has = "default" in old.schema, "default" in new.schema
        if has and not had:
            report.add("request-parameter-default-value-added", label, where, f"default {b!r} added to {subject}")
        elif had and not has:
            report.add("request-parameter-default-value-removed", label, where, f"default {a!r} removed from {subject}")
        elif had and a != b:
            report.add(
                "request-parameter-default-value-changed",
                label,
                where,
                f"default of {subject} changed from {a!r} to {b!r}",
            )
    site = Site("request", "parameter", label, where, strong=False, parameter=new, client=arg)
    differ.compare(differ.old_views(old.schema), differ.new_views(new.schema), site)


# Request body


def _strong(media: str) -> bool:
    """oasdiff compares types strictly only for JSON media types, named exactly."""
    return media == "application/json" or media.endswith("+json")


def _request_body(pair: OperationPair, differ: SchemaDiffer, report: Report, label: str) -> None:
    old_raw, new_raw = raw_node(pair.old_spec, pair.old.pointer), raw_node(pair.new_spec, pair.new.pointer)
    had, has = "requestBody" in old_raw, "requestBody" in new_raw
    if has and not had:
        kind = "required" if pair.new.request_body_required else "optional"
        report.add(f"request-body-added-{kind}", label, "requestBody", f"{kind} request body added")
        return
    if had and not has:
        report.add("request-body-removed", label, "requestBody", "request body removed")
        return
    if not had:
        return
    if pair.new.request_body_required and not pair.old.request_body_required:
        report.add("request-body-became-required", label, "requestBody", "request body became required")
    elif pair.old.request_body_required and not pair.new.request_body_required:
        report.add("request-body-became-optional", label, "requestBody", "request body became optional")
    old_media, new_media = list(pair.old.request_body), list(pair.new.request_body)
    pairing = pair_media_types(old_media, new_media)
    for j in pairing.added:
        report.add(
            "request-body-media-type-added",
            label,
            f"requestBody/content/{new_media[j]}",
            f"request media type {new_media[j]} added",
        )
    for i in pairing.removed:
        report.add(
            "request-body-media-type-removed",
            label,
            f"requestBody/content/{old_media[i]}",
            f"request media type {old_media[i]} removed",
        )
    for i, j in pairing.matched:
        before, after = pair.old.request_body[old_media[i]].schema, pair.new.request_body[new_media[j]].schema
        where = f"requestBody/content/{new_media[j]}"
        if before is None and after is not None:
            report.add(
                "request-body-media-type-schema-added",
                label,
                where,
                f"a schema was added to request media type {new_media[j]}",
            )
        elif before is not None and after is None:
            report.add(
                "request-body-media-type-schema-removed",
                label,
                where,
                f"the schema of request media type {new_media[j]} was removed",
            )
        elif before is not None and after is not None:
            site = Site("request", "body", label, f"{where}/schema", strong=_strong(new_media[j]), media=new_media[j])
            differ.compare(differ.old_views(before), differ.new_views(after), site)


# Responses


def _status_code(status: str) -> int | None:
    return int(status) if status.isdigit() else None


def _responses(pair: OperationPair, differ: SchemaDiffer, report: Report, label: str) -> None:
    before = {r.status: r for r in pair.old.responses}
    after = {r.status: r for r in pair.new.responses}
    call = client_method(pair.new)
    for status in before.keys() - after.keys():
        code = _status_code(status)
        if code is None:
            continue
        if 200 <= code <= 299:
            report.add(
                "response-success-status-removed",
                label,
                f"responses/{status}",
                f"success status {status} removed",
                f"{call}() raises UnexpectedStatusError on {status}",
            )
        else:
            report.add(
                "response-non-success-status-removed",
                label,
                f"responses/{status}",
                f"non-success status {status} removed",
            )
    for status in after.keys() - before.keys():
        code = _status_code(status)
        if code is not None:
            kind = "success" if 200 <= code <= 299 else "non-success"
            report.add(f"response-{kind}-status-added", label, f"responses/{status}", f"{kind} status {status} added")
    for status in sorted(before.keys() & after.keys()):
        old, new = before[status], after[status]
        _headers(old.headers, new.headers, pair, differ, report, label, status)
        old_media, new_media = list(old.content), list(new.content)
        pairing = pair_media_types(old_media, new_media)
        for i in pairing.removed:
            report.add(
                "response-media-type-removed",
                label,
                f"responses/{status}/content/{old_media[i]}",
                f"media type {old_media[i]} removed from response {status}",
            )
        for j in pairing.added:
            report.add(
                "response-media-type-added",
                label,
                f"responses/{status}/content/{new_media[j]}",
                f"media type {new_media[j]} added to response {status}",
            )
        for i, j in pairing.matched:
            a, b = old_media[i], new_media[j]
            where = f"responses/{status}/content/{b}"
            if a != b:
                if a.split(";", 1)[0].strip() == b.split(";", 1)[0].strip():
                    rule = "response-media-type-name-changed"
                else:
                    rule = (
                        "response-media-type-name-specialized"
                        if media_contained(a, b)
                        else "response-media-type-name-generalized"
                    )
                report.add(rule, label, where, f"media type of response {status} changed from {a} to {b}")
            schema_a, schema_b = old.content[a].schema, new.content[b].schema
            if schema_a is None and schema_b is not None:
                report.add(
                    "response-body-media-type-schema-added",
                    label,
                    where,
                    f"a schema was added to media type {b} of response {status}",
                )
            elif schema_a is not None and schema_b is None:
                report.add(
                    "response-body-media-type-schema-removed",
                    label,
                    where,
                    f"the schema of media type {b} of response {status} was removed",
                )
            elif schema_a is not None and schema_b is not None:
                site = Site("response", "body", label, f"{where}/schema", strong=_strong(b), media=b, status=status)
                differ.compare(differ.old_views(schema_a), differ.new_views(schema_b), site)


def _headers(
    old: Any, new: Any, pair: OperationPair, differ: SchemaDiffer, report: Report, label: str, status: str
) -> None:
    before = {h.name.lower(): h for h in old}
    after = {h.name.lower(): h for h in new}
    for key in sorted(before.keys() - after.keys()):
        header = before[key]
        rule = "required-response-header-removed" if header.required else "optional-response-header-removed"
        report.add(
            rule,
            label,
            f"responses/{status}/headers/{header.name}",
            f"{'required' if header.required else 'optional'} header {header.name} removed from response {status}",
        )
    for key in sorted(after.keys() - before.keys()):
        header = after[key]
        report.add(
            "response-header-added",
            label,
            f"responses/{status}/headers/{header.name}",
            f"header {header.name} added to response {status}",
        )
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        where = f"responses/{status}/headers/{b.name}"
        if a.required and not b.required:
            report.add(
                "response-header-became-optional", label, where, f"header {b.name} of response {status} became optional"
            )
        site = Site("response", "header", label, where, strong=False, status=status)
        differ.compare(differ.old_views(a.schema), differ.new_views(b.schema), site)
