"""The steps `qrcontract check` runs, built from the settings. Each wraps one library function."""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..config import Settings
from ..errors import InputError
from ..findings import Baseline, Finding, Severity, load_baseline
from ..spec import Spec
from ._run import Step, StepResult, Verdict

__all__ = ["default_steps", "live_steps"]

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
    if settings.upstream_csdl or settings.upstream_openapi:
        steps.append(("upstream", lambda spec: upstream_step(spec, settings)))
    if settings.fuzz_examples > 0:
        steps.append(("fuzz", lambda spec: fuzz_step(spec, settings.fuzz_examples, settings.fuzz_seed)))
    return steps


@dataclass(frozen=True)
class LiveOptions:
    """`check --live`: the service, the token (from an environment variable) and how much to ask of it."""

    token: str | None
    token_env: str
    base_url: str | None = None  # the spec's first server when not given
    params: Mapping[str, str] = field(default_factory=dict)  # path parameter values, e.g. {"id": "<user id>"}
    out: Path | None = None  # where cassettes go (a new temporary folder when not given)
    examples: int = 10
    seed: int = 1


def live_steps(options: LiveOptions) -> list[Step]:
    """Record every GET through the generated client, validate what came back, fuzz with safe methods only.

    Without a token this is one skipped step that says so: a pull request from a fork has no secrets.
    """
    if not options.token:
        reason = f"skipped: no token in ${options.token_env} (set it to record, validate and fuzz the live service)"
        return [("live", lambda spec: StepResult("live", Verdict.SKIPPED, reason))]
    out = options.out or Path(tempfile.mkdtemp(prefix="qrcontract-live-"))

    def base(spec: Spec) -> str:
        if options.base_url:
            return options.base_url
        if not spec.servers:
            raise InputError(str(spec.path), "declares no server; give --live-base-url")
        return spec.servers[0]

    def record_step(spec: Spec) -> StepResult:
        from ..record import record

        written = record(spec, base(spec), out, token=options.token, params=options.params)
        statuses = ", ".join(f"{r.operation} {r.status}" for r in written)
        return StepResult("live-record", Verdict.OK, f"{len(written)} GET operations recorded to {out}: {statuses}")

    def validate_step(spec: Spec) -> StepResult:
        return replace(fixtures_step(spec, (out,)), name="live-validate")

    def fuzz_live(spec: Spec) -> StepResult:
        from ..fuzz import FuzzOptions, run_fuzz

        fuzz = FuzzOptions(
            base_url=base(spec),
            token=options.token or "",
            max_examples=options.examples,
            seed=options.seed,
            checks=_LIVE_CHECKS,
            safe_methods_only=True,
            honour_retry_after=True,
        )
        result = run_fuzz(spec, fuzz)
        summary = (
            f"{result.cases} cases, {len(result.failures)} failures (safe methods only, {options.examples} examples)"
        )
        details = "\n".join(f"{f.operation}: {f.code} {f.title} ({f.check})\n{f.message}" for f in result.failures)
        verdict = {0: Verdict.OK, 1: Verdict.FAIL}.get(result.exit_code, Verdict.ERROR)
        return StepResult("live-fuzz", verdict, summary, details="\n".join([details, *result.errors]).strip())

    return [("live-record", record_step), ("live-validate", validate_step), ("live-fuzz", fuzz_live)]


# What a live service is held to: its answers, not its handling of requests the contract never promised to reject.
_LIVE_CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,"
    "response_headers_conformance,response_schema_conformance"
)


def fuzz_step(spec: Spec, examples: int, seed: int) -> StepResult:
    """schemathesis, every check, bounded and seeded, against the embedded mock in-process."""
    from ..fuzz import FuzzOptions, run_fuzz

    result = run_fuzz(spec, FuzzOptions(max_examples=examples, seed=seed))
    summary = (
        f"{result.cases} cases, {len(result.failures)} failures "
        f"(schemathesis, every check, {examples} examples, seed {seed})"
    )
    details = "\n".join(
        [f"{f.operation}: {f.code} {f.title} ({f.check})\n{f.message}\n{f.curl}" for f in result.failures]
        + list(result.errors)
    )
    verdict = {0: Verdict.OK, 1: Verdict.FAIL}.get(result.exit_code, Verdict.ERROR)
    return StepResult("fuzz", verdict, summary, details=details)


def fixtures_step(spec: Spec, folders: tuple[Path, ...]) -> StepResult:
    """The recorded exchanges the project keeps as conforming must still conform."""
    from ..validation import ExchangeResult, Summary, validate_paths

    summary = Summary()
    lines: list[str] = []
    for item in validate_paths(spec, folders):
        summary.add(item)
        if isinstance(item, InputError):
            lines.append(f"error: {item}")
        elif isinstance(item, ExchangeResult):
            lines += item.lines(Severity.ERROR)
    where = ", ".join(str(folder) for folder in folders)
    counts = f"{summary.exchanges} exchanges in {where}: {summary.failed} fail, {summary.warnings} warnings"
    if summary.unreadable:
        return StepResult(
            "fixtures", Verdict.ERROR, f"{counts}, {len(summary.unreadable)} unreadable files", details="\n".join(lines)
        )
    return StepResult("fixtures", Verdict.FAIL if summary.failed else Verdict.OK, counts, details="\n".join(lines))


def generated_step(spec: Spec, out: Path) -> StepResult:
    from ..codegen import check_generated

    drifted = check_generated(spec, out)
    if not drifted:
        return StepResult("generated", Verdict.OK, f"{out}/ is in step with the spec")
    names = ", ".join(f"{item.name} ({item.kind})" for item in drifted)
    diff = "".join(item.diff for item in drifted).splitlines()
    if len(diff) > _MAX_DIFF_LINES:
        diff = [
            *diff[:_MAX_DIFF_LINES],
            f"... {len(diff) - _MAX_DIFF_LINES} more lines: run `qrcontract generate --check`",
        ]
    return StepResult(
        "generated",
        Verdict.DRIFT,
        f"{out}/ is out of step: {names}; run `qrcontract generate`",
        details="\n".join(diff),
    )


def diff_step(spec: Spec, base_ref: str) -> StepResult:
    """The spec at `base_ref` against this one: breaking changes (ERR) fail the check."""
    from ..diff import Level, diff_specs, load_revision, resolve_revision

    commit = resolve_revision(base_ref, "--base-ref")
    try:
        inner = subprocess.run(
            ["git", "ls-files", "--full-name", "--", str(spec.path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        ).stdout.strip() or str(spec.path)
    except (OSError, subprocess.TimeoutExpired):
        inner = str(spec.path)
    changes = diff_specs(load_revision(f"{commit}:{inner}"), spec)
    counts = {level: sum(c.level is level for c in changes) for level in Level}
    text = f"against {base_ref}: {counts[Level.ERR]} ERR, {counts[Level.WARN]} WARN, {counts[Level.INFO]} INFO"
    breaking = [c for c in changes if c.level is Level.ERR]
    details = "\n".join(f"{c.level} {c.id} {c.operation} {c.location}: {c.text}" for c in breaking)
    return StepResult("diff", Verdict.FAIL if breaking else Verdict.OK, text, details=details)


def upstream_step(spec: Spec, settings: Settings) -> StepResult:
    """Microsoft's metadata against the fragment; deviations accepted in the baseline do not fail."""
    from ..upstream import UpstreamOptions, check_upstream

    options = UpstreamOptions(csdl=settings.upstream_csdl, openapi=settings.upstream_openapi)
    baseline = load_baseline(settings.upstream_baseline) if settings.upstream_baseline else Baseline()
    new, known = baseline.split(check_upstream(spec, options))
    errors = [f for f in new if f.severity is Severity.ERROR]
    sources = ", ".join(s for s in (settings.upstream_csdl, settings.upstream_openapi) if s)
    summary = f"{sources}: {len(new)} new findings ({len(errors)} errors), {len(known)} accepted in the baseline"
    details = "\n".join(f.text() for f in new if f.severity is not Severity.INFO)
    return StepResult("upstream", Verdict.FAIL if errors else Verdict.OK, summary, details=details)


def docs_step(spec: Spec, pages: tuple[Path, ...], baseline_path: Path | None) -> StepResult:
    """Microsoft's pages against the contract; findings accepted in the baseline do not fail."""
    from ..docs import check_pages

    baseline = load_baseline(baseline_path) if baseline_path else Baseline()
    findings = []
    for item in check_pages(spec, pages):
        if isinstance(item, InputError):
            return StepResult("docs", Verdict.ERROR, str(item))
        if isinstance(item, Finding):
            findings.append(item)
    new, known = baseline.split(findings)
    errors = [f for f in new if f.severity is Severity.ERROR]
    summary = f"{len(new)} new findings ({len(errors)} errors), {len(known)} accepted in the baseline"
    return StepResult("docs", Verdict.FAIL if errors else Verdict.OK, summary, details="\n".join(f.text() for f in new))
