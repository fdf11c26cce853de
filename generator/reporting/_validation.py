"""Rendering validation runs: text lines and annotations as results arrive, JSON streamed, JUnit at the end."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..exchanges import Skipped
from ..findings import Severity
from ..redaction import redact_text
from ..validation import ExchangeResult, Summary, Violation, short_path
from ._github import annotation
from ._junit import Case, junit_xml

__all__ = ["FileOutput", "ValidationRenderer", "render_file"]


@dataclass
class FileOutput:
    """What one file's validation prints, made in a worker process and merged in order by the parent."""

    lines: list[tuple[str, bool, bool]]  # (line, to_stderr, is_a_json_result)
    counts: dict[str, int]
    unreadable: list[tuple[str, str, str | None]]  # (path, reason, where)
    skipped: list[Skipped]
    cases: list[Case]


class ValidationRenderer:
    """Turns a stream of results into output lines. `lines(item)` is called per item; `end()` once."""

    def __init__(self, output_format: str, *, github: bool = False, junit: bool = False, bare: bool = False) -> None:
        """`bare`: JSON results without the separating commas (a worker's part of a run; see `absorb`)."""
        self.output_format = output_format
        self.bare = bare
        self.github = github
        self.summary = Summary()
        self._cases: list[Case] | None = [] if junit else None
        self._first = True

    def start(self) -> Iterator[str]:
        if self.output_format == "json":
            yield '{"results": ['

    def lines(self, item: ExchangeResult | Skipped | InputError) -> list[tuple[str, bool]]:
        """`(line, to_stderr)` pairs for one item (a list: called once per exchange, on the hot path)."""
        self.summary.add(item)
        if isinstance(item, InputError):
            if self._cases is not None:
                self._cases.append(Case(item.path, "read", error=str(item), kind="unreadable", text=str(item)))
            return [(f"qrcontract: error: {item}", True)]
        if isinstance(item, Skipped):
            return [(f"qrcontract: warning: {item}", True)]
        if self.output_format == "json" and not self.github and self._cases is None:
            prefix = "" if self._first or self.bare else ","
            self._first = False
            return [(prefix + _result_json(item), False)]
        text_lines = item.lines()
        out: list[tuple[str, bool]] = []
        if self.output_format == "json":
            prefix = "" if self._first or self.bare else ","
            self._first = False
            out.append((prefix + _result_json(item), False))
        else:
            out += [(line, False) for line in text_lines]
        if self.github:
            for violation, line in zip(item.violations, text_lines, strict=True):
                level = "error" if violation.severity is Severity.ERROR else "warning"
                # Text output keeps annotations on stdout (where Actions reads them); JSON keeps stdout pure.
                out.append(
                    (
                        annotation(level, item.exchange.source, f"qrcontract {violation.rule}", line),
                        self.output_format == "json",
                    )
                )
        if self._cases is not None:
            self._cases.append(_case(item, text_lines))
        return out

    def absorb(self, output: FileOutput) -> Iterator[tuple[str, bool]]:
        """Lines of a file rendered elsewhere (`render_file`), with this run's JSON commas and counts."""
        for line, to_stderr, result in output.lines:
            prefix = ""
            if result:
                prefix = "" if self._first else ","
                self._first = False
            yield prefix + line, to_stderr
        for key in ("exchanges", "failed", "errors", "warnings"):
            setattr(self.summary, key, getattr(self.summary, key) + output.counts[key])
        self.summary.unreadable += [InputError(path, reason, where) for path, reason, where in output.unreadable]
        self.summary.skipped += output.skipped
        if self._cases is not None:
            self._cases += output.cases

    def end(self) -> Iterator[str]:
        if self.output_format == "json":
            extra = {
                "summary": self.summary.as_dict(),
                "unreadable": [
                    {"source": e.path, "where": e.where, "reason": e.reason} for e in self.summary.unreadable
                ],
                "skipped": [{"source": s.source, "where": s.where, "reason": s.reason} for s in self.summary.skipped],
            }
            yield "]," + json.dumps(extra, ensure_ascii=False)[1:]
        else:
            yield self.summary.text()

    @property
    def wants_junit(self) -> bool:
        return self._cases is not None

    @property
    def cases(self) -> list[Case]:
        return list(self._cases or [])

    def junit(self) -> str:
        return junit_xml("qrcontract validate", self._cases or [])


def _result_json(result: ExchangeResult) -> str:
    """One result as a compact JSON object. Results of a recording repeat themselves (the same file,
    operation and status; the same drift in every response), so the parts are encoded once each and
    only the index is new; the text is what `json.dumps` writes for the same object."""
    exchange = result.exchange
    operation = result.operation.operation_id if result.operation else None
    frame = _result_frame if len(result.path) <= 2048 else _result_frame.__wrapped__  # long paths are not kept
    head, tail = frame(exchange.source, exchange.method, result.path, operation, exchange.status)
    if not result.violations:
        return f'{head}{exchange.index:d}{tail}true,"violations":[]}}'
    violations = ",".join(
        [_violation_json(v) if len(v.pointer) <= 2048 else _dumps(v.as_dict()) for v in result.violations]
    )
    ok = "true" if result.ok else "false"
    return f'{head}{exchange.index:d}{tail}{ok},"violations":[{violations}]}}'


@functools.lru_cache(maxsize=4096)
def _result_frame(source: str, method: str, path: str, operation: str | None, status: int) -> tuple[str, str]:
    head = f'{{"source":{_dumps(source)},"index":'
    tail = (
        f',"method":{_dumps(method)},"path":{_dumps(_redacted_path(path))},"operation":{_dumps(operation)},'
        f'"status":{_dumps(status)},"ok":'
    )
    return head, tail


@functools.lru_cache(maxsize=4096)
def _violation_json(violation: Violation) -> str:
    return _dumps(violation.as_dict())


def _redacted_path(path: str) -> str:
    """Paths repeat across a recording (templates, and the same ids): each is redacted once (a long one is
    redacted each time, never kept)."""
    return _short_redacted_path(path) if len(path) <= 2048 else redact_text(path)


@functools.lru_cache(maxsize=4096)
def _short_redacted_path(path: str) -> str:
    return redact_text(path)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _case(result: ExchangeResult, lines: list[str]) -> Case:
    exchange = result.exchange
    name = f"#{exchange.index} {exchange.method} {_redacted_path(short_path(result.path))} {exchange.status}"
    errors = [line for line, v in zip(lines, result.violations, strict=True) if v.severity is Severity.ERROR]
    others = [line for line, v in zip(lines, result.violations, strict=True) if v.severity is not Severity.ERROR]
    if errors:
        return Case(exchange.source, name, failure=errors[0], text="\n".join(errors + others))
    return Case(exchange.source, name, text="\n".join(others))


_SPECS: dict[str, Any] = {}


def render_file(
    spec_path: str, path: str, *, strict: bool, output_format: str, github: bool, junit: bool
) -> FileOutput:
    """Validate and render one file (in a worker process: the spec is loaded once per process)."""
    from pathlib import Path

    from ..spec import load_spec
    from ..validation import validate_paths

    spec = _SPECS.get(spec_path)
    if spec is None:
        spec = _SPECS[spec_path] = load_spec(Path(spec_path))
    renderer = ValidationRenderer(output_format, github=github, junit=junit, bare=True)
    lines: list[tuple[str, bool, bool]] = []
    for item in validate_paths(spec, [Path(path)], strict=strict):
        result = isinstance(item, ExchangeResult) and output_format == "json"
        lines += [(line, err, result and not err) for line, err in renderer.lines(item)]
    summary = renderer.summary
    return FileOutput(
        lines,
        {key: getattr(summary, key) for key in ("exchanges", "failed", "errors", "warnings")},
        [(e.path, e.reason, e.where) for e in summary.unreadable],
        summary.skipped,
        renderer.cases,
    )
