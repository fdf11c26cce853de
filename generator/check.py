"""`qrcontract check`: every contract check in one run, one verdict line per step.

Each step is a function from the loaded spec to a `StepResult`. The spec is loaded once,
here, and shared; a step that cannot run because an earlier one failed is skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE, QrContractError
from .spec import Spec, load_spec

__all__ = ["CheckReport", "StepResult", "run_check"]


@dataclass(frozen=True)
class StepResult:
    """The outcome of one step: `verdict` is ok, drift, fail, error or skipped."""

    name: str
    verdict: str
    summary: str
    seconds: float = 0.0
    details: str = ""

    @property
    def exit_code(self) -> int:
        return {"ok": EXIT_OK, "skipped": EXIT_OK, "error": EXIT_UNUSABLE}.get(self.verdict, EXIT_FOUND)


@dataclass(frozen=True)
class CheckReport:
    steps: tuple[StepResult, ...] = field(default=())

    @property
    def exit_code(self) -> int:
        codes = [step.exit_code for step in self.steps]
        return EXIT_UNUSABLE if EXIT_UNUSABLE in codes else max(codes, default=EXIT_OK)

    @property
    def seconds(self) -> float:
        return sum(step.seconds for step in self.steps)


Step = tuple[str, Callable[[Spec], StepResult]]


def run_check(spec_path: Path, steps: list[Step]) -> CheckReport:
    """Load the spec, then run `steps` in order; an unusable spec skips the rest."""
    started = time.perf_counter()
    try:
        spec = load_spec(spec_path)
    except QrContractError as exc:
        failed = StepResult("spec", "error", str(exc), time.perf_counter() - started)
        return CheckReport((failed, *(StepResult(name, "skipped", "the spec is unusable") for name, _ in steps)))
    results = [
        StepResult(
            "spec",
            "ok",
            f"{spec.path}: OpenAPI {spec.openapi_version}, {len(spec.operations)} operations",
            time.perf_counter() - started,
        )
    ]
    for name, run in steps:
        started = time.perf_counter()
        try:
            result = run(spec)
        except QrContractError as exc:
            result = StepResult(name, "error", str(exc))
        results.append(
            StepResult(result.name, result.verdict, result.summary, time.perf_counter() - started, result.details)
        )
    return CheckReport(tuple(results))
