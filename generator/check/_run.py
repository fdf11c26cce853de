"""`qrcontract check`: every contract check in one run, one verdict per step.

Each step is a function from the loaded spec to a `StepResult`. The spec is loaded once, here, and
shared; when it cannot be loaded the other steps are skipped.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from ..errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE, QrContractError
from ..spec import Spec, load_spec

__all__ = ["CheckReport", "Step", "StepResult", "Verdict", "run_check"]


class Verdict(StrEnum):
    OK = "ok"
    SKIPPED = "skipped"
    DRIFT = "drift"
    FAIL = "fail"
    ERROR = "error"

    @property
    def exit_code(self) -> int:
        if self in (Verdict.OK, Verdict.SKIPPED):
            return EXIT_OK
        return EXIT_UNUSABLE if self is Verdict.ERROR else EXIT_FOUND


@dataclass(frozen=True)
class StepResult:
    """The outcome of one step, a one-line summary, and the details people read when it failed."""

    name: str
    verdict: Verdict
    summary: str
    seconds: float = 0.0
    details: str = ""

    @property
    def exit_code(self) -> int:
        return self.verdict.exit_code


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
        failed = StepResult("spec", Verdict.ERROR, str(exc), time.perf_counter() - started)
        return CheckReport((failed, *(StepResult(name, Verdict.SKIPPED, "the spec is unusable") for name, _ in steps)))
    results = [
        StepResult(
            "spec",
            Verdict.OK,
            f"{spec.path}: OpenAPI {spec.openapi_version}, {len(spec.operations)} operations",
            time.perf_counter() - started,
        )
    ]
    for name, run in steps:
        started = time.perf_counter()
        try:
            result = run(spec)
        except QrContractError as exc:
            result = StepResult(name, Verdict.ERROR, str(exc))
        results.append(
            StepResult(result.name, result.verdict, result.summary, time.perf_counter() - started, result.details)
        )
    return CheckReport(tuple(results))
