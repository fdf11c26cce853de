"""`qrcontract validate`: recorded exchanges held against the spec."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from ..errors import EXIT_FOUND, EXIT_OK, EXIT_UNUSABLE
from ._app import main

if TYPE_CHECKING:
    from ..reporting import ValidationRenderer
    from ..spec import Spec
from ._options import resolve_spec, spec_option


@main.command()
@spec_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Treat unknown members and unknown enum members as errors.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option(
    "--junit", "junit_path", type=click.Path(path_type=Path, dir_okay=False), help="Also write JUnit XML here."
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Validate files in N processes (output stays in file order).",
)
def validate(
    spec_path: Path | None,
    paths: tuple[Path, ...],
    strict: bool,
    output_format: str,
    junit_path: Path | None,
    jobs: int,
) -> None:
    """Validate recorded exchanges (VCR, schemathesis, HAR, native; files or folders) against the spec.

    Every file is read even when one cannot be: each is named with its reason, and the summary and
    the JUnit file are always written.

    \b
    qrcontract validate tests/fixtures/valid
    qrcontract validate cassettes/ --format json --junit reports/contract.xml
    """
    from ..files import write_text_atomic
    from ..reporting import ValidationRenderer, in_github_actions
    from ..spec import load_spec

    spec = load_spec(resolve_spec(spec_path))  # once here: a bad spec is one error, before any worker starts
    renderer = ValidationRenderer(output_format, github=in_github_actions(), junit=junit_path is not None)
    out = sys.stdout
    for line in renderer.start():
        out.write(line + "\n")
    pending: list[str] = []  # stdout written in blocks of lines; stderr in order with them
    try:
        for line, to_stderr in _results(spec, paths, strict, jobs, renderer):
            if to_stderr:
                _write(out, pending)
                out.flush()
                click.echo(line, err=True)
            else:
                pending.append(line)
                if len(pending) >= 256:
                    _write(out, pending)
    finally:  # what was validated is printed even when the run stops early (an interrupt, a bug)
        _write(out, pending)
    for line in renderer.end():
        out.write(line + "\n")
    out.flush()
    if junit_path is not None:
        write_text_atomic(junit_path, renderer.junit())
    summary = renderer.summary
    sys.exit(EXIT_UNUSABLE if summary.unreadable else EXIT_FOUND if summary.failed else EXIT_OK)


def _write(out: TextIO, pending: list[str]) -> None:
    if pending:
        out.write("\n".join(pending) + "\n")
        pending.clear()


def _results(
    spec: Spec, paths: tuple[Path, ...], strict: bool, jobs: int, renderer: ValidationRenderer
) -> Iterator[tuple[str, bool]]:
    """Output lines in file order: validated here, or one file per worker process with `--jobs`."""
    from ..exchanges import collect_files
    from ..validation import validate_paths

    if jobs == 1:
        for item in validate_paths(spec, paths, strict=strict):
            yield from renderer.lines(item)
        return
    from concurrent.futures import ProcessPoolExecutor
    from functools import partial

    from ..reporting import render_file

    entries = list(collect_files(paths))
    work = partial(
        render_file,
        str(spec.path),
        strict=strict,
        output_format=renderer.output_format,
        github=renderer.github,
        junit=renderer.wants_junit,
    )
    files = [str(entry) for entry in entries if isinstance(entry, Path)]
    with ProcessPoolExecutor(max_workers=min(jobs, max(len(files), 1))) as pool:
        outputs = iter(pool.map(work, files))
        for entry in entries:
            if isinstance(entry, Path):
                yield from renderer.absorb(next(outputs))
            else:
                yield from renderer.lines(entry)
