"""Shared fixtures: the project's spec, a scratch generation, the one CLI runner, a scripted server on 127.0.0.1."""

from __future__ import annotations

import importlib
import json
import os
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from generator import Spec, load_spec
from generator.cli import main
from generator.codegen import generate

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "spec" / "qrcode.openapi.yaml"
FRAGMENTS = Path(__file__).resolve().parent / "fragments"


@pytest.fixture(scope="session")
def spec() -> Spec:
    return load_spec(SPEC_PATH)


class TextSnapshot(SingleFileSnapshotExtension):
    """One readable `.txt` file per snapshot (tests/__snapshots__/<module>/<test>.txt); update with
    `pytest --snapshot-update`, which also reports snapshots no test uses any more."""

    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def text_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(TextSnapshot)


def placeholders(text: str) -> str:
    """What varies between runs (times, request ids, temporary folders) as fixed placeholders."""
    text = re.sub(r"\d+\.\d\ds\b", "<TIME>s", text)
    text = re.sub(r"(/tmp|/var/folders)/[^\s:'\"]*?/(?=[\w.-]+\.(?:yaml|json)\b)", "<TMP>/", text)
    return re.sub(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<UUID>", text)


@dataclass(frozen=True)
class CliResult:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> CliResult:
    """`qrcontract ARGS` in-process (click's runner), from `cwd`; a bug raises instead of becoming exit 3."""
    previous = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    finally:
        os.chdir(previous)
    return CliResult(result.exit_code, result.stdout, result.stderr)


# An audit hook sees every file opened, every socket and every process, whoever asks for it.
_WATCHERS: list[list[tuple[str, tuple[Any, ...]]]] = []
_EVENTS = ("open", "socket.getaddrinfo", "socket.connect", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn")


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _WATCHERS and event in _EVENTS:
        _WATCHERS[-1].append((event, args))


sys.addaudithook(_audit)


@contextmanager
def watching() -> Iterator[list[tuple[str, tuple[Any, ...]]]]:
    """The files, sockets and processes opened inside the block (as the audit hook saw them)."""
    seen: list[tuple[str, tuple[Any, ...]]] = []
    _WATCHERS.append(seen)
    try:
        yield seen
    finally:
        _WATCHERS.remove(seen)


def opened(seen: list[tuple[str, tuple[Any, ...]]]) -> list[str]:
    return [str(args[0]) for event, args in seen if event == "open" and args and isinstance(args[0], (str, Path))]


def network_or_processes(seen: list[tuple[str, tuple[Any, ...]]]) -> list[tuple[str, tuple[Any, ...]]]:
    return [(event, args) for event, args in seen if event != "open"]


_counter = iter(range(10_000))


def generate_and_import(spec: Spec, folder: Path) -> ModuleType:
    """Generate `spec` into a fresh package under `folder` and import it under a unique name."""
    name = f"scratch_client_{next(_counter)}"
    generate(spec, folder / name)
    sys.path.insert(0, str(folder))
    try:
        importlib.invalidate_caches()
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(folder))


@pytest.fixture(scope="session")
def scratch_client(spec: Spec, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The qrCode client, generated into a temporary folder and imported, as a user would."""
    return generate_and_import(spec, tmp_path_factory.mktemp("generated"))


@dataclass
class Reply:
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> bytes:
        if self.body is None:
            return b""
        if isinstance(self.body, bytes):
            return self.body
        return json.dumps(self.body).encode()


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer:
    """An HTTP server on 127.0.0.1 that answers from a queue of replies (or a function) and records requests."""

    def __init__(self) -> None:
        self.replies: list[Reply] = []
        self.answer: Callable[[Seen], Reply] | None = None
        self.seen: list[Seen] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            disable_nagle_algorithm = True
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                seen = Seen(
                    self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
                )
                outer.seen.append(seen)
                reply = outer.replies.pop(0) if outer.replies else outer.answer(seen) if outer.answer else Reply(500)
                payload = reply.encoded()
                self.send_response(reply.status)
                headers = {"content-type": "application/json", **reply.headers} if payload else dict(reply.headers)
                for key, value in headers.items():
                    self.send_header(key, value)
                self.send_header("content-length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PATCH = do_DELETE = _serve

            def log_message(self, format: str, *args: Any) -> None:
                return

        class QuietServer(ThreadingHTTPServer):
            def handle_error(self, request: Any, client_address: Any) -> None:
                return  # a client that went away mid-answer is not news

        self._server = QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> ScriptedServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    running = ScriptedServer().start()
    try:
        yield running
    finally:
        running.stop()
