"""`qrcontract diff`: the changes between two revisions of a spec, in oasdiff's rule ids and levels.

Operations are paired by method and path template (a path parameter renamed is the same path);
each pair is compared by `_operations`, whose schemas `_schemas` walks aspect by aspect; the
components (schemas removed, security schemes) and webhooks are compared here. Levels come from
oasdiff's own table (`_rules`). Draft and alpha operations (`x-stability-level`) are exempt, as
in oasdiff; removing a deprecated operation or parameter is judged by its `x-sunset` date.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from ..names import method_name, schema_class_names
from ..schema import Views
from ..spec import Operation, Spec
from ._change import BreakingChange
from ._lifecycle import stability_of
from ._operations import OperationPair, compare_operation, compare_security, raw_node, removal
from ._schemas import SchemaDiffer
from ._site import Report

__all__ = ["diff_specs"]

_REMOVED = {
    ("without-deprecation", True): "api-path-removed-without-deprecation",
    ("without-deprecation", False): "api-removed-without-deprecation",
    ("with-deprecation", True): "api-path-removed-with-deprecation",
    ("with-deprecation", False): "api-removed-with-deprecation",
    ("before-sunset", True): "api-path-removed-before-sunset",
    ("before-sunset", False): "api-removed-before-sunset",
    ("sunset-parse", True): "api-path-sunset-parse",
    ("sunset-parse", False): "api-path-sunset-parse",
}


def diff_specs(
    base: Spec, revision: Spec, *, today: dt.date | None = None, flatten_all_of: bool = False
) -> list[BreakingChange]:
    """Every change from `base` to `revision`, most severe first, then by operation and location.

    `today` decides whether a sunset date has passed (tests pin it). `flatten_all_of` compares what
    an `allOf` means rather than its branches (oasdiff's `--flatten-allof`): moving keywords into or
    out of an `allOf` is then no change.
    """
    report = Report()
    differ = SchemaDiffer(
        report,
        Views(base, merge_all_of=flatten_all_of),
        Views(revision, merge_all_of=flatten_all_of),
        schema_class_names(revision.schemas),
        today or dt.date.today(),
        str(revision.path),
    )
    _operations(base, revision, differ, report)
    _components(base, revision, report)
    return sorted(report.changes, key=lambda c: (-c.level.rank, c.operation, c.location, c.id, c.text))


def _path_key(path: str) -> str:
    return re.sub(r"\{[^}/]+\}", "{}", path)


def _operations(base: Spec, revision: Spec, differ: SchemaDiffer, report: Report) -> None:
    base_ops = {(op.method, _path_key(op.path)): op for op in base.operations}
    rev_ops = {(op.method, _path_key(op.path)): op for op in revision.operations}
    base_paths = {key[1] for key in base_ops} | {_path_key(p) for p in _path_items(base)}
    rev_paths = {key[1] for key in rev_ops} | {_path_key(p) for p in _path_items(revision)}
    for key, op in base_ops.items():
        if key not in rev_ops:
            _removed(base, op, key[1] not in rev_paths, differ, report)
    for key, op in rev_ops.items():
        if key not in base_ops:
            report.add("endpoint-added", _label(op), "", "operation added", f"Client.{_method(op)}() is new")
    for key, old in base_ops.items():
        new = rev_ops.get(key)
        if new is None:
            continue
        before, after = stability_of(raw_node(base, old.pointer)), stability_of(raw_node(revision, new.pointer))
        if before.error or after.error:
            report.add(
                "api-invalid-stability-level", _label(new), "x-stability-level", str(before.error or after.error)
            )
            continue
        if before.rank != after.rank and not before.exempt:
            rule = "api-stability-decreased" if after.rank < before.rank else "api-stability-increased"
            report.add(
                rule, _label(new), "x-stability-level", f"stability changed from {before.label} to {after.label}"
            )
        if after.exempt:
            continue  # draft and alpha operations may change freely
        pair = OperationPair(old, new, base, revision, path_existed=key[1] in base_paths)
        compare_operation(pair, differ, report)


def _path_items(spec: Spec) -> list[str]:
    paths = spec.raw.get("paths")
    return [str(p) for p in paths if not str(p).startswith("x-")] if isinstance(paths, Mapping) else []


def _removed(base: Spec, op: Operation, path_gone: bool, differ: SchemaDiffer, report: Report) -> None:
    raw = raw_node(base, op.pointer)
    stability = stability_of(raw)
    if stability.error:
        report.add("api-invalid-stability-level", _label(op), "x-stability-level", stability.error)
        return
    if stability.exempt:
        return
    verdict = removal(raw, op.deprecated, differ.today)
    if verdict is None:
        return  # deprecated, and its sunset date has passed: the removal was announced
    what = "path" if path_gone else "operation"
    client = f"Client.{_method(op)}() is removed"
    report.add(_REMOVED[(verdict, path_gone)], _label(op), "", f"{what} removed ({verdict.replace('-', ' ')})", client)


def _components(base: Spec, revision: Spec, report: Report) -> None:
    for name in base.schemas.keys() - revision.schemas.keys():
        report.add("api-schema-removed", "components", f"schemas/{name}", f"schema {name} removed")
    before, after = _mapping(base.raw.get("webhooks")), _mapping(revision.raw.get("webhooks"))
    for name in sorted(after.keys() - before.keys()):
        report.add("webhook-added", "webhooks", str(name), f"webhook {name} added")
    for name in sorted(before.keys() - after.keys()):
        report.add("webhook-removed", "webhooks", str(name), f"webhook {name} removed")
    compare_security(base.raw.get("security"), revision.raw.get("security"), report, "", "api-global-security")
    _security_schemes(base, revision, report)


def _security_schemes(base: Spec, revision: Spec, report: Report) -> None:
    before = _mapping(_mapping(base.raw.get("components")).get("securitySchemes"))
    after = _mapping(_mapping(revision.raw.get("components")).get("securitySchemes"))
    for name in sorted(after.keys() - before.keys()):
        report.add(
            "api-security-component-added", "components", f"securitySchemes/{name}", f"security scheme {name} added"
        )
    for name in sorted(before.keys() - after.keys()):
        text = f"security scheme {name} removed"
        report.add("api-security-component-removed", "components", f"securitySchemes/{name}", text)
    for name in sorted(before.keys() & after.keys()):
        a, b = _mapping(base.resolve(before[name])), _mapping(revision.resolve(after[name]))
        where = f"securitySchemes/{name}"
        if a.get("type") != b.get("type"):
            text = f"type of security scheme {name} changed from {a.get('type')} to {b.get('type')}"
            report.add("api-security-component-type-changed", "components", where, text)
        flows_a, flows_b = _mapping(a.get("flows")), _mapping(b.get("flows"))
        for flow in sorted(flows_a.keys() & flows_b.keys()):
            fa, fb = _mapping(flows_a[flow]), _mapping(flows_b[flow])
            for key, rule in (("authorizationUrl", "oauth-url-changed"), ("tokenUrl", "oauth-token-url-changed")):
                if fa.get(key) != fb.get(key):
                    text = f"{key} of {name} ({flow}) changed from {fa.get(key)} to {fb.get(key)}"
                    report.add(f"api-security-component-{rule}", "components", where, text)
            scopes_a, scopes_b = _mapping(fa.get("scopes")), _mapping(fb.get("scopes"))
            for scope in sorted(scopes_b.keys() - scopes_a.keys()):
                text = f"scope {scope} added to {name} ({flow})"
                report.add("api-security-component-oauth-scope-added", "components", where, text)
            for scope in sorted(scopes_a.keys() - scopes_b.keys()):
                text = f"scope {scope} removed from {name} ({flow})"
                report.add("api-security-component-oauth-scope-removed", "components", where, text)
            for scope in sorted(scopes_a.keys() & scopes_b.keys()):
                if scopes_a[scope] != scopes_b[scope]:
                    text = f"description of scope {scope} of {name} ({flow}) changed"
                    report.add("api-security-component-oauth-scope-changed", "components", where, text)


def _mapping(value: Any) -> Mapping[Any, Any]:
    return value if isinstance(value, Mapping) else {}


def _label(op: Operation) -> str:
    return f"{op.method} {op.path}"


def _method(op: Operation) -> str:
    return method_name(op.operation_id, op.method, op.path)
