"""Start `qrcontract serve` as a real process on a free loopback port, and stop it."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx2

from tests.conftest import ROOT


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(*args: str) -> Iterator[str]:
    """The mock's base URL while it runs; the process is stopped (and reaped) afterwards."""
    port = free_port()
    with tempfile.TemporaryFile() as log:
        yield from _run(port, log, args)


def _run(port: int, log: Any, args: tuple[str, ...]) -> Iterator[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "generator", "serve", "--host", "127.0.0.1", "--port", str(port), *args],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 20
        while True:
            if process.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"qrcontract serve exited: {log.read().decode(errors='replace')}")
            try:
                httpx2.get(base + "/beta", timeout=0.5)
                break
            except httpx2.TransportError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        yield base + "/beta"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
