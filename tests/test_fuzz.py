"""`qrcontract fuzz`: schemathesis with every check passes on the embedded mock and catches broken servers."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import Spec, load_spec
from generator.fuzz import FuzzOptions, run_fuzz
from tests.conftest import FRAGMENTS, ROOT, Reply, ScriptedServer, Seen


def test_the_embedded_mock_passes_every_check_in_process(spec: Spec, tmp_path: Path) -> None:
    report = io.StringIO()
    junit = tmp_path / "fuzz.xml"
    code = run_fuzz(spec, FuzzOptions(max_examples=20, seed=3, junit=junit), output=report)
    text = report.getvalue()
    assert code == 0, text
    assert "No issues found" in text
    generated = int(re.search(r"(\d+) generated, (\d+) passed", text).group(1))  # type: ignore[union-attr]
    assert generated > 50
    cases = ET.parse(junit).getroot().iter("testcase")
    assert len(list(cases)) == 4  # one per operation


def test_the_cli_fuzzes_the_mock_and_exits_0() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "fuzz", "--max-examples", "5"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Schemathesis" in result.stdout


def broken(kind: str):  # type: ignore[no-untyped-def]
    def answer(seen: Seen) -> Reply:
        thing_id = seen.path.rsplit("/", 1)[-1]
        if kind == "server-error":
            return Reply(500, {"oops": True}, {"X-Trace": "t"})
        if not thing_id.isdigit() or int(thing_id) < 1:
            return Reply(400, None)
        if kind == "wrong-type":
            return Reply(200, {"id": "seven", "name": "bolt"}, {"X-Trace": "t"})
        return Reply(200, {"id": int(thing_id), "name": "bolt"})  # missing-header: no X-Trace

    return answer


@pytest.mark.parametrize(
    ("kind", "code"),
    [("wrong-type", "ST108"), ("missing-header", "ST107"), ("server-error", "ST101")],
)
def test_fuzz_finds_each_fault_of_a_broken_server(server: ScriptedServer, kind: str, code: str) -> None:
    server.answer = broken(kind)
    report = io.StringIO()
    spec = load_spec(FRAGMENTS / "things.openapi.yaml")
    exit_code = run_fuzz(spec, FuzzOptions(base_url=server.url + "/v1", max_examples=5, seed=1), output=report)
    text = report.getvalue()
    assert exit_code == 1, text
    assert code in text
    assert "curl -X GET" in text  # a line to reproduce the failure


@pytest.mark.parametrize("fragment", ["inventory.openapi.yaml", "things.openapi.yaml"])
def test_other_fragments_are_mocked_and_fuzzed_with_no_code_change(fragment: str) -> None:
    report = io.StringIO()
    code = run_fuzz(load_spec(FRAGMENTS / fragment), FuzzOptions(max_examples=15, seed=2), output=report)
    assert code == 0, report.getvalue()[-4000:]
