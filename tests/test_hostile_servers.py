"""Servers and clients can be hostile too: the mock stays responsive and bounded whatever a spec or a
client asks of it, and `record` and `fuzz` are bounded in what they read from a server and how long
they wait for it."""

from __future__ import annotations

import asyncio
import contextlib
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml

from generator import load_spec
from generator.errors import InputError
from generator.fuzz import FuzzOptions, run_fuzz
from generator.mock import MockConfig, build_app
from generator.record import record
from tests.conftest import FRAGMENTS, Reply, ScriptedServer
from tests.serving import serving

HUGE = {
    "openapi": "3.1.0",
    "info": {"title": "huge", "version": "1"},
    "paths": {
        f"/{name}": {
            "get": {"responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}}}
        }
        for name, schema in {
            "string": {"type": "string", "minLength": 2_000_000_000},
            "array": {"type": "array", "minItems": 200_000_000, "items": {"type": "string"}},
            "tree": {"$ref": "#/components/schemas/Node"},
            "fine": {"type": "object", "properties": {"ok": {"type": "boolean"}}, "required": ["ok"]},
        }.items()
    },
    "components": {
        "schemas": {
            "Node": {
                "type": "object",
                "properties": {
                    "left": {"$ref": "#/components/schemas/Node"},
                    "right": {"$ref": "#/components/schemas/Node"},
                    "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}},
                },
            }
        }
    },
}


def call(app: Any, method: str, path: str, **kwargs: Any) -> httpx2.Response:
    async def go() -> httpx2.Response:
        async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://mock") as client:
            return await client.request(method, path, **kwargs)

    return asyncio.run(go())


@pytest.fixture
def huge_spec(tmp_path: Path) -> Any:
    path = tmp_path / "huge.yaml"
    path.write_text(yaml.safe_dump(HUGE))
    return load_spec(path)


def test_schemas_that_ask_for_too_much_get_a_quick_500_and_the_rest_still_works(huge_spec: Any) -> None:
    app = build_app(huge_spec)
    started = time.perf_counter()
    for path in ("/string", "/array"):
        assert call(app, "GET", path).status_code == 500
    tree = call(app, "GET", "/tree")
    assert tree.status_code == 200 and len(tree.content) < 10_000  # optional self-references end
    assert call(app, "GET", "/fine").json() == {"ok": False}
    assert time.perf_counter() - started < 10


def test_a_request_body_larger_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.mock._app as mock_app

    monkeypatch.setattr(mock_app, "MAX_REQUEST_BYTES", 1024)
    app = build_app(load_spec(FRAGMENTS / "inventory.openapi.yaml"))
    response = call(app, "POST", "/api/v2/items", content=b"x" * 4096, headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_a_slow_client_is_cut_off_and_does_not_stall_the_others() -> None:
    with serving("--read-timeout", "1") as base:
        host, port = base.split("//", 1)[1].split("/", 1)[0].split(":")
        slow = socket.create_connection((host, int(port)))
        slow.sendall(b"GET /beta/me HTTP/1.1\r\nHost: x\r\n")  # a request head that never ends
        started = time.perf_counter()
        assert httpx2.get(base + "/me/authentication/qrCodePinMethod/standardQRCode", timeout=5).status_code == 401
        slow.settimeout(5)
        assert slow.recv(1024) == b""  # closed by the mock within the read timeout
        assert time.perf_counter() - started < 4
        slow.close()


def test_record_cuts_off_an_endless_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.record._record as recording

    monkeypatch.setattr(recording, "MAX_BODY_BYTES", 64 * 1024)

    def endless() -> Any:
        while True:
            yield b"x" * 8192

    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, content=endless()))
    spec = load_spec(FRAGMENTS / "things.openapi.yaml")
    with pytest.raises(InputError, match="larger than"):
        record(spec, "http://127.0.0.1:9/v1", tmp_path / "out", token="t", params={"id": "1"}, transport=transport)


def test_record_gives_up_on_a_server_that_never_answers(tmp_path: Path) -> None:
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    stop = threading.Event()
    accepted: list[socket.socket] = []

    def accept() -> None:
        listener.settimeout(0.1)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        port = listener.getsockname()[1]
        spec = load_spec(FRAGMENTS / "things.openapi.yaml")
        started = time.perf_counter()
        # Under load the connection itself may be what times out; either way one clean error, soon.
        with pytest.raises(InputError, match=r"no complete answer within 0\.5 s|cannot reach the server: timed out"):
            record(spec, f"http://127.0.0.1:{port}/v1", tmp_path / "out", token="t", params={"id": "1"}, timeout=0.5)
        assert time.perf_counter() - started < 10
    finally:
        stop.set()
        thread.join(timeout=5)
        for connection in accepted:
            connection.close()
        listener.close()


def test_fuzz_reports_a_server_that_hangs_instead_of_waiting_forever(server: ScriptedServer) -> None:
    def hang(seen: Any) -> Any:
        time.sleep(2)
        return Reply(200, {"id": 1, "name": "late"}, {"X-Trace": "t"})

    server.answer = hang
    spec = load_spec(FRAGMENTS / "things.openapi.yaml")
    started = time.perf_counter()
    result = run_fuzz(spec, FuzzOptions(base_url=server.url + "/v1", max_examples=1, seed=1, request_timeout=0.5))
    assert result.exit_code != 0
    assert time.perf_counter() - started < 120


def test_the_mock_serves_in_fuzz_mode_only_to_the_fuzz_credential() -> None:
    spec = load_spec(FRAGMENTS / "inventory.openapi.yaml")
    app = build_app(spec, MockConfig(only_credentials=frozenset({"only-me"})))
    assert call(app, "GET", "/api/v2/items/7", headers={"X-Api-Key": "only-me"}).status_code == 200
    assert call(app, "GET", "/api/v2/items/7", headers={"X-Api-Key": "anything-else"}).status_code == 401
    assert call(app, "GET", "/api/v2/items/7").status_code == 401


def test_a_backtracking_pattern_in_a_schema_never_runs_in_the_mock(tmp_path: Path) -> None:
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {
            "/p": {
                "get": {
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {
                                    "schema": {
                                        "type": "object",
                                        "required": ["v"],
                                        "properties": {"v": {"type": "string", "pattern": r"^(?:(a+)+){30}\W$"}},
                                    }
                                }
                            },
                        }
                    }
                }
            },
            "/q": {"get": {"responses": {"200": {"description": "ok"}}}},
        },
    }
    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(document))
    app = build_app(load_spec(path))
    assert call(app, "GET", "/p").status_code in (200, 500)
    assert call(app, "GET", "/q").status_code == 200


def test_path_templates_with_adjacent_variables_route_in_linear_time(tmp_path: Path) -> None:
    names = "abcdefghijkl"
    template = "/" + "".join(f"{{{n}}}" for n in names) + "x"
    parameters = [{"name": n, "in": "path", "required": True, "schema": {"type": "string"}} for n in names]
    document = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "paths": {template: {"get": {"parameters": parameters, "responses": {"200": {"description": "ok"}}}}},
    }
    path = tmp_path / "r.yaml"
    path.write_text(yaml.safe_dump(document))
    spec = load_spec(path)
    assert spec.router.match("GET", "/" + "a" * 2000).operation is None
    assert spec.router.match("GET", "/abcx").operation is not None


def test_record_gives_up_on_an_answer_that_trickles_past_the_timeout(tmp_path: Path) -> None:
    with hostile("trickle") as (origin, _):
        spec = load_spec(FRAGMENTS / "things.openapi.yaml")
        started = time.perf_counter()
        with pytest.raises(InputError, match=r"no complete answer within 1 s"):
            record(spec, origin + "/v1", tmp_path / "out", token="t", params={"id": "1"}, timeout=1.0)
        assert time.perf_counter() - started < 8


@contextlib.contextmanager
def hostile(kind: str) -> Iterator[tuple[str, list[str]]]:
    """A server on 127.0.0.1 that trickles its answer, never ends it, or redirects to another host."""
    import http.server

    seen: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            seen.append(self.path)
            if kind == "slow-head":
                for byte in b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n{}":
                    try:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                    except OSError:
                        return
                    time.sleep(0.3)
                return
            if kind == "loop" or (kind == "self" and self.path != "/v1/x"):
                self.send_response(302)
                location = self.path if kind == "loop" else f"http://127.0.0.1:{self.server.server_address[1]}/v1/x"
                self.send_header("location", location)
                self.send_header("content-length", "0")
                self.end_headers()
                return
            if kind == "redirect":
                self.send_response(302)
                self.send_header("location", "http://127.0.0.2:9/stolen")
                self.send_header("content-length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("transfer-encoding", "chunked")
            self.end_headers()
            try:
                for _ in range(40 if kind == "trickle" else 100_000):
                    self.wfile.write(b"1\r\n \r\n" if kind == "trickle" else b"2000\r\n" + b"x" * 0x2000 + b"\r\n")
                    self.wfile.flush()
                    if kind == "trickle":
                        time.sleep(0.25)
            except OSError:
                return

        def log_message(self, *args: Any) -> None:
            return

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def forward(origin: str, path: str, **options: Any) -> httpx2.Response:
    from generator.fuzz._forward import Forwarder

    async def go() -> httpx2.Response:
        app = Forwarder(origin, host="127.0.0.1:8000", **options)
        transport = httpx2.ASGITransport(app=app)
        async with httpx2.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            return await client.get(path, follow_redirects=True)

    return asyncio.run(go())


def test_every_answer_a_fuzzed_server_gives_is_bounded_in_time_and_size(monkeypatch: pytest.MonkeyPatch) -> None:
    import generator.fuzz._forward as forwarding

    with hostile("trickle") as (origin, _):
        started = time.perf_counter()
        answer = forward(origin, "/v1/things/1", timeout=1.0)
        assert answer.status_code == 504 and "no complete answer within 1 s" in answer.text
        assert time.perf_counter() - started < 8
    monkeypatch.setattr(forwarding, "MAX_BODY_BYTES", 256 * 1024)
    with hostile("endless") as (origin, _):
        answer = forward(origin, "/v1/things/1")
        assert answer.status_code == 502 and "larger than 262,144 bytes" in answer.text


def test_a_redirect_to_another_host_is_not_replayed_against_the_origin() -> None:
    with hostile("redirect") as (origin, seen):
        answer = forward(origin, "/v1/things/1")
    assert answer.status_code == 421 and "another host (127.0.0.2:9)" in answer.text
    assert seen == ["/v1/things/1"]  # asked once; /stolen never reached the origin


def test_an_upstream_url_that_trickles_is_refused_soon(tmp_path: Path) -> None:
    from generator.upstream._fetch import local_copy

    with hostile("trickle") as (origin, _):
        started = time.perf_counter()
        with pytest.raises(InputError, match="arrives slower than 64 KiB/s after 1 s"):
            local_copy(origin + "/beta/$metadata", cache=tmp_path, timeout=1.0)
        assert time.perf_counter() - started < 8
    assert list(tmp_path.iterdir()) == []  # no partial file is left in the cache


def test_a_redirect_back_to_the_server_is_forwarded_and_a_loop_ends() -> None:
    with hostile("self") as (origin, seen):
        forward(origin, "/v1/things/1")
    assert seen == ["/v1/things/1", "/v1/x"]  # the same server, by its own address: not a 421
    with hostile("loop") as (origin, seen):
        answer = forward(origin, "/v1/things/1")
    assert answer.status_code == 508 and "10 redirects in a row" in answer.text
    assert len(seen) == 10


def test_an_upstream_server_that_trickles_its_headers_is_cut_off(tmp_path: Path) -> None:
    from generator.upstream._fetch import local_copy

    with hostile("slow-head") as (origin, _):
        started = time.perf_counter()
        with pytest.raises(InputError, match="arrives slower than 64 KiB/s after 1 s"):
            local_copy(origin + "/beta/$metadata", cache=tmp_path, timeout=1.0)
        assert time.perf_counter() - started < 8
