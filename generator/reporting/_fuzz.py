"""Rendering `qrcontract fuzz`: what ran, every failure with a command that reproduces it, JUnit."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._junit import Case, junit_xml

if TYPE_CHECKING:  # the fuzz package pulls in schemathesis: imported only where a fuzz result exists
    from ..fuzz import FuzzResult

__all__ = ["fuzz_junit", "render_fuzz"]


def render_fuzz(result: FuzzResult) -> str:
    where = "the embedded mock (in-process)" if result.in_process else result.base_url
    lines = [
        (
            f"schemathesis against {where}: {result.operations} operations, {result.cases} cases "
            f"({result.examples} examples each, seed {result.seed}), {result.seconds:.2f}s"
        )
    ]
    lines += [f"note: {note}" for note in result.notes]
    for failure in result.failures:
        lines += ["", f"FAIL {failure.operation}: {failure.code} {failure.title} ({failure.check})"]
        lines += [f"    {line}" for line in failure.message.splitlines() if line.strip()]
        lines.append(f"    reproduce: {failure.curl}")
    if result.failures and result.in_process:
        lines += ["", "To reproduce against the mock, start it first: qrcontract serve --port 8000"]
    for error in result.errors:
        lines += ["", f"ERROR {error}"]
    verdict = "passed" if not result.failures and not result.errors else "failed"
    lines += ["", f"fuzz {verdict}: {len(result.failures)} failures, {len(result.errors)} errors"]
    return "\n".join(lines)


def fuzz_junit(result: FuzzResult) -> str:
    cases = [
        Case(
            failure.operation,
            f"{failure.check} {failure.code}",
            failure=failure.title,
            text=f"{failure.message}\n{failure.curl}",
            kind=failure.code or failure.check,
        )
        for failure in result.failures
    ]
    cases += [Case("schemathesis", "error", error=error, text=error) for error in result.errors]
    if not cases:
        cases.append(Case("schemathesis", f"{result.operations} operations, {result.cases} cases"))
    return junit_xml("qrcontract fuzz", cases)
