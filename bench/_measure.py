"""Process-level measurement: run commands round-robin, report median wall time and peak RSS."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Sample:
    label: str
    wall_ms: float
    low_ms: float
    high_ms: float
    rss_mib: float


def run_once(argv: Sequence[str], cwd: str | None = None) -> tuple[float, float]:
    started = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = (time.perf_counter() - started) * 1000
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(argv)} failed")
    return elapsed, usage.ru_maxrss / 1024


def compare(cases: Sequence[tuple[str, Sequence[str]]], rounds: int = 9, cwd: str | None = None) -> list[Sample]:
    """Interleave the cases so machine drift hits each alike; one discarded warm-up round."""
    for _, argv in cases:
        run_once(argv, cwd)
    walls: dict[str, list[float]] = {label: [] for label, _ in cases}
    rss: dict[str, list[float]] = {label: [] for label, _ in cases}
    for _ in range(rounds):
        for label, argv in cases:
            wall, peak = run_once(argv, cwd)
            walls[label].append(wall)
            rss[label].append(peak)
    return [
        Sample(
            label, statistics.median(walls[label]), min(walls[label]), max(walls[label]), statistics.median(rss[label])
        )
        for label, _ in cases
    ]


def table(samples: Sequence[Sample], floor: str | None = None) -> str:
    base = next((s for s in samples if s.label == floor), None)
    lines = [f"{'case':<58} {'wall ms':>9} {'[min..max]':>15} {'RSS MiB':>8} {'x floor':>8}"]
    for s in samples:
        ratio = f"{s.wall_ms / base.wall_ms:.2f}" if base else ""
        lines.append(
            f"{s.label:<58} {s.wall_ms:9.1f} {f'[{s.low_ms:.0f}..{s.high_ms:.0f}]':>15} {s.rss_mib:8.1f} {ratio:>8}"
        )
    return "\n".join(lines)
