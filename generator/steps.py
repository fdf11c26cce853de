"""The steps `qrcontract check` runs, built from the settings. Each wraps one library function."""

from __future__ import annotations

from pathlib import Path

from .check import Step, StepResult
from .config import Settings
from .spec import Spec

__all__ = ["default_steps"]

_MAX_DIFF_LINES = 200


def default_steps(settings: Settings, *, out: Path | None = None) -> list[Step]:
    target = out or settings.out
    return [("generated", lambda spec: generated_step(spec, target))]


def generated_step(spec: Spec, out: Path) -> StepResult:
    from .codegen import check_generated

    drifted = check_generated(spec, out)
    if not drifted:
        return StepResult("generated", "ok", f"{out}/ is in step with the spec")
    names = ", ".join(f"{item.name} ({item.kind})" for item in drifted)
    diff = "".join(item.diff for item in drifted).splitlines()
    if len(diff) > _MAX_DIFF_LINES:
        diff = [
            *diff[:_MAX_DIFF_LINES],
            f"... {len(diff) - _MAX_DIFF_LINES} more lines: run `qrcontract generate --check`",
        ]
    return StepResult(
        "generated",
        "drift",
        f"{out}/ is out of step: {names}; run `qrcontract generate`",
        details="\n".join(diff),
    )
