"""`make bench`: the figures the issues ask for, measured on this machine, printed side by side.

Speed is measured here, never asserted in tests. Each section runs its cases round-robin.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import compare, table

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FIRST_PARSE = (
    "import generated as g; c = g.Client('t'); "
    'g.QrCode.model_validate_json(b\'{"id": "x", "createdDateTime": "2024-02-01T19:58:51.2210909Z"}\')'
)


def import_cost() -> None:
    print("## Import of the generated package vs the floor (python -c ...)\n")
    cases = [
        ("floor: import pydantic, httpx2", [PY, "-c", "import pydantic, httpx2"]),
        ("import generated", [PY, "-c", "import generated"]),
        ("from generated import Client, AsyncClient", [PY, "-c", "from generated import Client, AsyncClient"]),
        (
            "ref: from pydantic import BaseModel; import httpx2",
            [PY, "-c", "from pydantic import BaseModel; import httpx2"],
        ),
        ("from generated import Client, QrCode (models built)", [PY, "-c", "from generated import Client, QrCode"]),
        (
            "... + Client(token) + first parse of a response",
            [
                PY,
                "-c",
                FIRST_PARSE,
            ],
        ),
    ]
    print(table(compare(cases, cwd=str(ROOT)), floor="floor: import pydantic, httpx2"))
    print()


def generate_cost() -> None:
    print("## qrcontract generate for spec/qrcode.openapi.yaml\n")
    with tempfile.TemporaryDirectory() as scratch:
        out = str(Path(scratch) / "generated")
        spec = str(ROOT / "spec" / "qrcode.openapi.yaml")
        cases = [
            ("floor: python -c pass", [PY, "-c", "pass"]),
            ("qrcontract --version", [PY, "-m", "generator", "--version"]),
            ("qrcontract generate", [PY, "-m", "generator", "generate", "--spec", spec, "--out", out]),
            (
                "qrcontract generate --check",
                [PY, "-m", "generator", "generate", "--spec", spec, "--out", out, "--check"],
            ),
        ]
        print(table(compare(cases, rounds=5, cwd=str(ROOT))))
    print()


def validation_throughput() -> None:
    import json
    import subprocess

    print("## qrcontract validate over a HAR (1 in 10 entries drifted), one core, vs openapi-core\n")
    script = str(ROOT / "bench" / "validate_bench.py")
    with tempfile.TemporaryDirectory() as scratch:
        rows = []
        for entries in (10_000, 100_000):
            har = str(Path(scratch) / f"{entries}.har")
            subprocess.run([PY, script, "make", str(entries), har], check=True)
            size = Path(har).stat().st_size / 2**20
            for which, limit in (("ours", None), ("openapi-core", 2_000)):
                out = subprocess.run(
                    [PY, script, which, har, *([str(limit)] if limit else [])],
                    check=True,
                    capture_output=True,
                    text=True,
                )
                result = json.loads(out.stdout)
                rate = result["exchanges"] / result["seconds"]
                rows.append(
                    f"{which:<14} {entries:>8,} entries ({size:5.1f} MiB)  {result['exchanges']:>8,} validated  "
                    f"{rate:>9,.0f} exchanges/s  {result['failed']:>6,} failed  peak RSS {result['peak_rss_mib']:6.1f} MiB"
                )
            rows.append(command_row(har, entries))
        unique = str(Path(scratch) / "unique.har")
        subprocess.run([PY, script, "make", "100000", unique, "unique"], check=True)
        rows.append(command_row(unique, 100_000, "command, unique URLs"))
        print("\n".join(rows))
        print("\n(openapi-core is timed over the first 2,000 entries: at its rate the full file takes minutes;")
        print(" `command` is `qrcontract validate HAR --format json > /dev/null` as a user runs it: start-up,")
        print(" spec load, reading, validating, the credential scan and rendering; median of 3, CPU time of that run;")
        print(" fifty users take turns in the generated HAR, and with `unique URLs` no URL repeats, so each is routed)")
    print()


def command_row(har: str, entries: int, label: str = "command") -> str:
    """`qrcontract validate --format json` end to end (exit 1 is expected: one entry in ten drifts)."""
    import os
    import subprocess

    runs = []
    for _ in range(3):
        started = time.perf_counter()
        process = subprocess.Popen(
            [str(Path(PY).parent / "qrcontract"), "validate", har, "--format", "json"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 1:
            raise RuntimeError("qrcontract validate did not report the drifted entries")
        runs.append((time.perf_counter() - started, usage.ru_utime + usage.ru_stime))
    wall, cpu = sorted(runs)[1]
    return (
        f"{label:<14} {entries:>8,} entries  end to end {wall:6.2f} s wall, {cpu:6.2f} s CPU  "
        f"{entries / wall:>9,.0f} exchanges/s"
    )


def mock_load() -> None:
    import json
    import subprocess

    print("## The embedded mock under load (uvicorn, one process; keep-alive client in another; loopback)\n")
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "mock_bench.py"), "20000"], check=True, capture_output=True, text=True, cwd=ROOT
    )
    result = json.loads(out.stdout)
    print(
        f"{result['requests']:,} requests in {result['seconds']:.2f}s = {result['per_second']:,.0f} requests/s; "
        f"statuses {result['statuses']} (no 5xx)"
    )
    print()


def fuzz_rate() -> None:
    import time

    sys.path.insert(0, str(ROOT))
    from generator import load_spec
    from generator.fuzz import FuzzOptions, run_fuzz
    from tests.serving import serving

    print("## schemathesis examples per second: in-process (ASGI, no socket) vs over HTTP to `qrcontract serve`\n")
    spec = load_spec(ROOT / "spec" / "qrcode.openapi.yaml")
    run_fuzz(spec, FuzzOptions(max_examples=2, seed=1))  # warm-up: imports, caches
    rows = []
    for label, base in (("in-process", None), ("over HTTP", "serve")):
        if base is None:
            started = time.perf_counter()
            result = run_fuzz(spec, FuzzOptions(max_examples=100, seed=1))
            elapsed = time.perf_counter() - started
        else:
            with serving() as url:
                started = time.perf_counter()
                result = run_fuzz(spec, FuzzOptions(base_url=url, max_examples=100, seed=1))
                elapsed = time.perf_counter() - started
        rows.append(
            f"{label:<11} {result.cases:>5} cases in {elapsed:5.2f}s = {result.cases / elapsed:6.0f} cases/s "
            f"(exit {result.exit_code})"
        )
    print("\n".join(rows))
    print()


def diff_cost() -> None:
    import subprocess

    print("## qrcontract diff on synthetic specs (one schema in ten changed)\n")
    out = subprocess.run(
        [PY, str(ROOT / "bench" / "diff_bench.py")], check=True, capture_output=True, text=True, cwd=ROOT
    )
    print(out.stdout)


def upstream_cost() -> None:
    import json
    import subprocess

    print("## qrcontract upstream on Microsoft-scale documents (synthetic, Microsoft's layout)\n")
    script = str(ROOT / "bench" / "upstream_bench.py")
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for kind, megabytes, budget in (("csdl", 17, "<= 3 s, <= 80 MB"), ("openapi", 1024, "<= 60 s, flat memory")):
            path = str(Path(scratch) / f"big.{kind}")
            subprocess.run([PY, script, f"make-{kind}", path, str(megabytes)], check=True)
            out = subprocess.run([PY, script, kind, path], check=True, capture_output=True, text=True)
            result = json.loads(out.stdout)
            found = result.get("types", result.get("paths"))
            rows.append(
                f"{kind:<8} {result['megabytes']:8.1f} MiB  {result['seconds']:6.2f}s  "
                f"peak RSS {result['peak_rss_mib']:6.1f} MiB (budget {budget}); found {found}"
            )
            Path(path).unlink()
    print("\n".join(rows))
    print("\n(peak RSS is the whole process, interpreter and imports included: about 26 MiB of it)")
    print()


def main() -> None:
    print(f"python {sys.version.split()[0]} at {PY}\n")
    import_cost()
    generate_cost()
    validation_throughput()
    mock_load()
    fuzz_rate()
    diff_cost()
    upstream_cost()


if __name__ == "__main__":
    main()
