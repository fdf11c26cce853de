"""`qrcontract fuzz`: schemathesis with every check passes on the embedded mock and catches broken servers."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import Spec, load_spec
from generator.fuzz import FuzzOptions, run_fuzz
from tests.conftest import FRAGMENTS, ROOT, Reply, ScriptedServer, Seen, run_cli


def test_the_embedded_mock_passes_every_check_in_process(spec: Spec) -> None:
    result = run_fuzz(spec, FuzzOptions(max_examples=20, seed=3))
    assert result.exit_code == 0, result.failures or result.errors
    assert result.operations == 4
    assert result.cases > 50


def test_the_cli_fuzzes_the_mock_writes_junit_and_exits_0(tmp_path: Path) -> None:
    junit = tmp_path / "reports" / "fuzz.xml"
    result = run_cli("fuzz", "--max-examples", "5", "--seed", "7", "--junit", str(junit), cwd=ROOT)
    assert result.code == 0, result.stdout[-3000:]
    assert "seed 7" in result.stdout  # the seed given is the seed used
    assert "fuzz passed" in result.stdout
    assert ET.parse(junit).getroot().get("failures") == "0"


def test_fuzz_leaves_no_tool_state_in_the_working_tree(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text((FRAGMENTS / "things.openapi.yaml").read_text())
    result = run_cli("fuzz", "--spec", "spec.yaml", "--max-examples", "3", cwd=tmp_path)
    assert result.code == 0, result.stdout[-2000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spec.yaml"]


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
    spec = load_spec(FRAGMENTS / "things.openapi.yaml")
    result = run_fuzz(spec, FuzzOptions(base_url=server.url + "/v1", max_examples=5, seed=1))
    assert result.exit_code == 1
    found = [failure for failure in result.failures if failure.code == code]
    assert found, result.failures
    assert found[0].curl.startswith("curl -X ") and f"{server.url}/v1/things/" in found[0].curl  # reproducible


@pytest.mark.parametrize("fragment", ["inventory.openapi.yaml", "things.openapi.yaml"])
def test_other_fragments_are_mocked_and_fuzzed_with_no_code_change(fragment: str) -> None:
    result = run_fuzz(load_spec(FRAGMENTS / fragment), FuzzOptions(max_examples=15, seed=2))
    assert result.exit_code == 0, [(f.operation, f.code, f.title, f.message) for f in result.failures] or result.errors
