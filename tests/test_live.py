"""`check --live`: the real service, recorded, validated and fuzzed; `qrcontract serve` stands in for it here."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx2

from generator.check import LiveOptions, Verdict, live_steps, run_check
from generator.fuzz._forward import Forwarder, parse_retry_after
from tests.conftest import ROOT, Reply, ScriptedServer
from tests.serving import serving

SPEC = ROOT / "spec" / "qrcode.openapi.yaml"
USER = "7c4999f7-9c25-4f8e-8b84-766eb28a1b49"


def test_without_a_token_the_live_step_says_it_skipped_in_one_line() -> None:
    (step,) = live_steps(LiveOptions(token=None, token_env="GRAPH_TOKEN"))
    report = run_check(SPEC, [step])
    (live,) = [s for s in report.steps if s.name == "live"]
    assert live.verdict is Verdict.SKIPPED and report.exit_code == 0
    assert live.summary == "skipped: no token in $GRAPH_TOKEN (set it to record, validate and fuzz the live service)"


def test_the_live_steps_record_validate_and_fuzz_a_throttling_service(tmp_path: Path) -> None:
    with serving("--throttle", "40/s") as base_url:
        options = LiveOptions("live-token", "GRAPH_TOKEN", base_url, {"id": USER}, tmp_path / "live", examples=2)
        report = run_check(SPEC, live_steps(options))
    steps = {s.name: s for s in report.steps}
    assert [steps[n].verdict for n in ("live-record", "live-validate", "live-fuzz")] == [Verdict.OK] * 3, [
        (s.name, s.summary, s.details) for s in report.steps
    ]
    assert len(list((tmp_path / "live").iterdir())) == 4  # one cassette per GET
    assert "0 fail" in steps["live-validate"].summary
    assert "0 failures (safe methods only" in steps["live-fuzz"].summary
    for cassette in (tmp_path / "live").iterdir():
        assert "live-token" not in cassette.read_text()  # the token is redacted


def test_the_forwarder_waits_out_retry_after_and_gives_up_on_long_waits(server: ScriptedServer) -> None:
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)

    async def get(path: str) -> int:
        forwarder = Forwarder(server.url, sleep=sleep, host="in-process")
        async with httpx2.AsyncClient(
            transport=httpx2.ASGITransport(app=forwarder), base_url="http://in-process"
        ) as client:
            return (await client.get(path, headers={"authorization": "Bearer t"})).status_code

    server.replies = [Reply(429, {"error": {}}, {"retry-after": "1.5"}), Reply(200, {"ok": True})]
    assert asyncio.run(get("/beta/x?a=1")) == 200
    assert waits == [1.5] and server.seen[-1].path == "/beta/x?a=1"
    assert server.seen[-1].headers["authorization"] == "Bearer t"
    server.replies = [Reply(503, {"error": {}}, {"retry-after": "3600"})]
    assert asyncio.run(get("/beta/y")) == 503  # an hour is not waited out: the answer is reported as it is
    assert waits == [1.5]


def test_retry_after_reads_seconds_fractions_and_http_dates() -> None:
    assert parse_retry_after("2.128") == 2.128
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past: no wait
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None
