"""The steps `qrcontract check` runs, built from the settings. Each wraps one library function."""

from __future__ import annotations

from pathlib import Path

from .check import Step, StepResult
from .config import Settings
from .spec import Spec

__all__ = ["default_steps"]

_MAX_DIFF_LINES = 200


def default_steps(settings: Settings, *, out: Path | None = None, base_ref: str | None = None) -> list[Step]:
    target = out or settings.out
    steps: list[Step] = [("generated", lambda spec: generated_step(spec, target))]
    if base_ref:
        steps.append(("diff", lambda spec: diff_step(spec, base_ref)))
    if settings.fixtures:
        steps.append(("fixtures", lambda spec: fixtures_step(spec, settings.fixtures)))
    if settings.docs:
        steps.append(("docs", lambda spec: docs_step(spec, settings.docs, settings.docs_baseline)))
    if settings.fuzz_examples > 0:
        steps.append(("fuzz", lambda spec: fuzz_step(spec, settings.fuzz_examples, settings.fuzz_seed)))
    return steps


def fuzz_step(spec: Spec, examples: int, seed: int) -> StepResult:
    """schemathesis, every check, bounded and seeded, against the embedded mock in-process."""
    import io
    import re

    from .fuzz import FuzzOptions, run_fuzz

    report = io.StringIO()
    code = run_fuzz(spec, FuzzOptions(max_examples=examples, seed=seed), output=report)
    text = report.getvalue()
    counts = re.search(r"(\d+) generated, .*", text)
    summary = f"{counts.group(0).strip() if counts else 'no count'} (schemathesis, every check, {examples} examples, seed {seed})"
    if code == 0:
        return StepResult("fuzz", "ok", summary)
    return StepResult("fuzz", "fail" if code == 1 else "error", summary, details=text)


def fixtures_step(spec: Spec, folders: tuple[Path, ...]) -> StepResult:
    """The recorded exchanges the project keeps as conforming must still conform."""
    from .errors import InputError
    from .report import Summary, text_line
    from .validate import validate_paths

    summary = Summary()
    lines: list[str] = []
    for item in validate_paths(spec, folders):
        if isinstance(item, InputError):
            summary.unreadable.append(item)
            lines.append(f"error: {item}")
            continue
        summary.add(item)
        lines += [text_line(item, v) for v in item.violations if v.severity == "error"]
    where = ", ".join(str(folder) for folder in folders)
    counts = f"{summary.exchanges} exchanges in {where}: {summary.failed} fail, {summary.warnings} warnings"
    if summary.unreadable:
        return StepResult(
            "fixtures", "error", f"{counts}, {len(summary.unreadable)} unreadable files", details="\n".join(lines)
        )
    return StepResult("fixtures", "fail" if summary.failed else "ok", counts, details="\n".join(lines))


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


def diff_step(spec: Spec, base_ref: str) -> StepResult:
    """The spec at `base_ref` against this one: breaking changes (ERR) fail the check."""
    import subprocess

    from .diff import diff_specs, load_revision
    from .diff_report import render, summary

    try:
        inner = subprocess.run(
            ["git", "ls-files", "--full-name", str(spec.path)], capture_output=True, text=True, check=False
        ).stdout.strip() or str(spec.path)
    except OSError:
        inner = str(spec.path)
    changes = diff_specs(load_revision(f"{base_ref}:{inner}"), spec)
    counts = summary(changes)
    text = f"against {base_ref}: {counts['ERR']} ERR, {counts['WARN']} WARN, {counts['INFO']} INFO"
    breaking = [c for c in changes if c.level == "ERR"]
    return StepResult(
        "diff", "fail" if breaking else "ok", text, details=render(breaking, "text", base_ref, "") if breaking else ""
    )


def docs_step(spec: Spec, pages: tuple[Path, ...], baseline_path: Path | None) -> StepResult:
    """Microsoft's pages against the contract; findings accepted in the baseline do not fail."""
    from .docs import check_pages
    from .docs_cli import load_baseline, split_by_baseline
    from .errors import InputError

    baseline = load_baseline(baseline_path) if baseline_path else []
    findings = []
    for item in check_pages(spec, pages):
        if isinstance(item, InputError):
            return StepResult("docs", "error", str(item))
        findings.append(item)
    new, known = split_by_baseline(findings, baseline)
    errors = [f for f in new if f.severity == "error"]
    summary = f"{len(new)} new findings ({len(errors)} errors), {len(known)} accepted in the baseline"
    return StepResult("docs", "fail" if errors else "ok", summary, details="\n".join(f.text() for f in new))
