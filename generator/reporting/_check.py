"""Rendering `qrcontract check`: one line per step with its verdict and time, details, then the verdict."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # `check` composes every feature: importing it costs what `validate` should not pay
    from ..check import CheckReport

__all__ = ["render_check"]


def render_check(report: CheckReport) -> str:
    from ..check import Verdict

    width = max(len(step.name) for step in report.steps)
    lines = []
    for step in report.steps:
        verdict = str(step.verdict) if step.verdict in (Verdict.OK, Verdict.SKIPPED) else step.verdict.upper()
        lines.append(f"{step.name:<{width}}  {verdict:<7}  {step.seconds:6.2f}s  {step.summary}")
    for step in report.steps:
        if step.details:
            lines.append(f"\n== {step.name}\n{step.details.rstrip()}")
    failed = [step.name for step in report.steps if step.exit_code != 0]
    if failed:
        lines.append(f"\ncheck failed: {', '.join(failed)} ({report.seconds:.2f}s)")
    else:
        lines.append(f"\ncheck passed: {len(report.steps)} steps ({report.seconds:.2f}s)")
    return "\n".join(lines)
