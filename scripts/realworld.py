"""`make realworld`: every published document and real recording in ../shared/realworld, run as a user would.

Documents: `generate` (the package must import and pass `mypy --strict`), `fuzz --max-examples 25` with
every check against the mock, and `serve` (every operation answered without a 5xx). Swagger 2.0 and
OpenAPI 3.2 must be refused in one line. Recordings: `validate` must read them (exchanges, skipped
entries) and never exit 3. Prints one table: document or recording, command, result.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "realworld"
PY = sys.executable


def run(*args: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [PY, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def first_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1][:150] if lines else ""


def generate(spec: Path) -> str:
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch) / "realworld_client"
        result = run("generate", "--spec", str(spec), "--out", str(out))
        if result.returncode != 0:
            return f"exit {result.returncode}: {first_line(result.stderr)}"
        imported = subprocess.run(
            [PY, "-c", "import realworld_client, realworld_client.models, realworld_client.client"],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        if imported.returncode != 0:
            return f"import fails: {first_line(imported.stderr)}"
        typed = subprocess.run(
            [str(Path(PY).parent / "mypy"), "--strict", "--no-incremental", "realworld_client"],
            cwd=scratch,
            capture_output=True,
            text=True,
            check=False,
        )
        if typed.returncode != 0:
            return f"mypy --strict: {first_line(typed.stdout)}"
        return "ok (imports, mypy --strict clean)"


def fuzz(spec: Path) -> str:
    started = time.perf_counter()
    result = run("fuzz", "--spec", str(spec), "--max-examples", "25", timeout=600)
    summary = next((line for line in result.stdout.splitlines() if line.startswith("schemathesis against")), "")
    cases = summary.split(" operations, ")[-1].split(" cases")[0] if summary else "?"
    if result.returncode == 0:
        return f"ok ({cases} cases, {time.perf_counter() - started:.1f}s)"
    failures = sorted({line.split(": ", 1)[1] for line in result.stdout.splitlines() if line.startswith("FAIL ")})
    return f"exit {result.returncode}: {'; '.join(failures)[:300] or first_line(result.stdout + result.stderr)}"


def serve(spec_path: Path) -> str:
    sys.path.insert(0, str(ROOT))
    import httpx2

    from generator import load_spec
    from generator.mock import build_app
    from generator.schema import sample

    spec = load_spec(spec_path)
    app = build_app(spec)
    statuses = []

    async def go() -> None:
        async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://mock") as client:
            for operation in spec.operations:
                path = operation.path
                for param in operation.parameters_in("path"):
                    value = param.example if param.example is not None else sample(spec, param.schema)
                    path = path.replace("{" + param.name + "}", str(value))
                response = await client.request(operation.method, spec.server_path + path)
                statuses.append((operation.key, response.status_code))

    asyncio.run(go())
    bad = [f"{key} {status}" for key, status in statuses if status >= 500]
    return f"5xx: {', '.join(bad)}" if bad else f"ok ({len(statuses)} operations: {sorted({s for _, s in statuses})})"


def validate(recording: Path) -> str:
    result = run("validate", str(recording), "--format", "json")
    import json

    try:
        report = json.loads(result.stdout)
    except ValueError:
        return f"exit {result.returncode}: {first_line(result.stderr)}"
    summary = report["summary"]
    reason = f"; {report['unreadable'][0]['reason'][:80]}" if report["unreadable"] else ""
    verdict = "BUG" if result.returncode == 3 else f"exit {result.returncode}"
    return (
        f"{verdict}: {summary['exchanges']} exchanges, {summary['skipped']} skipped, "
        f"{summary['unreadable']} unreadable{reason}"
    )


def main() -> int:
    if not CORPUS.is_dir():
        print(f"{CORPUS} is not here: nothing to run (this target needs the shared real-world corpus)")
        return 0
    rows: list[tuple[str, str, str]] = []
    for spec in sorted((CORPUS / "specs").iterdir()):
        if spec.name.startswith(("extra-swagger20", "extra-oai32")):
            result = run("generate", "--spec", str(spec), "--out", tempfile.mkdtemp())
            lines = result.stderr.strip().splitlines()
            verdict = (
                "refused in one line" if result.returncode == 2 and len(lines) == 1 else f"exit {result.returncode}"
            )
            rows.append((spec.name, "generate", f"{verdict}: {first_line(result.stderr)}"))
            continue
        rows.append((spec.name, "generate", generate(spec)))
        rows.append((spec.name, "fuzz", fuzz(spec)))
        rows.append((spec.name, "serve", serve(spec)))
    for recording in sorted(p for p in (CORPUS / "traffic").rglob("*") if p.is_file()):
        rows.append((str(recording.relative_to(CORPUS / "traffic")), "validate", validate(recording)))
    width = max(len(name) for name, _, _ in rows)
    print(f"| {'document or recording':<{width}} | command  | result |")
    print(f"|{'-' * (width + 2)}|----------|--------|")
    for name, command, result in rows:
        print(f"| {name:<{width}} | {command:<8} | {result} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
