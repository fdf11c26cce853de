"""`qrcontract record`: cassettes written through the generated client, redacted, and valid for `validate`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator import Spec
from generator.errors import QrContractError
from generator.record import record
from generator.validation import validate_paths
from tests.conftest import ROOT, Reply, ScriptedServer, Seen

USER = "someone@contoso.com"
FAKE_JWT = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlLWZvci10ZXN0cyJ9."


def graph_like(seen: Seen) -> Reply:
    body = {
        "@odata.context": f"https://graph.microsoft.com/beta/$metadata#users('{USER}')/x/$entity",
        "id": "cb960eac",
        "createdDateTime": "2024-02-01T19:58:51.2210909Z",
        "lastUsedDateTime": "0001-01-01T00:00:00Z",
        "image": {"binaryValue": "PHN2Zz4", "rawContent": "bXMtcXJwaW4", "errorCorrectionLevel": "m", "version": 2},
    }
    if "temporaryQRCode" in seen.path and "/me/" in seen.path:
        return Reply(
            404, {"error": {"code": "Request_ResourceNotFound", "message": "none"}}, {"Set-Cookie": "session=abc"}
        )
    return Reply(200, body, {"request-id": "r-1", "Set-Cookie": "fpc=secret"})


def test_record_writes_one_redacted_cassette_per_get_and_validate_passes_them(
    spec: Spec, server: ScriptedServer, tmp_path: Path
) -> None:
    server.answer = graph_like
    written = record(spec, server.url + "/beta", tmp_path, token=FAKE_JWT, params={"id": USER}, anonymize=True)

    assert sorted(r.operation for r in written) == [
        "getMyStandardQRCode",
        "getMyTemporaryQRCode",
        "getUserStandardQRCode",
        "getUserTemporaryQRCode",
    ]
    assert {r.operation: r.status for r in written}["getMyTemporaryQRCode"] == 404
    assert server.seen[0].headers["authorization"] == f"Bearer {FAKE_JWT}"  # the real token went on the wire
    text = "".join(p.read_text() for p in tmp_path.glob("*.yaml"))
    for secret in (FAKE_JWT, "PHN2Zz4", "bXMtcXJwaW4", "fpc=secret", "session=abc", USER, "contoso"):
        assert secret not in text
    cassette = yaml.safe_load((tmp_path / "getUserStandardQRCode.yaml").read_text())
    interaction = cassette["interactions"][0]
    assert interaction["request"]["headers"]["authorization"] == ["Bearer REDACTED"]
    assert "/users/00000000-0000-0000-0000-000000000001/" in interaction["request"]["uri"]

    results = list(validate_paths(spec, [tmp_path]))
    assert len(results) == 4
    assert all(getattr(r, "ok", False) for r in results), results


def test_a_missing_path_parameter_is_asked_for_before_any_request(
    spec: Spec, server: ScriptedServer, tmp_path: Path
) -> None:
    from dataclasses import replace

    without_example = replace(
        spec,
        operations=tuple(
            replace(op, parameters=tuple(replace(p, example=None) for p in op.parameters)) for op in spec.operations
        ),
    )
    with pytest.raises(QrContractError, match="needs the path parameter 'id': pass --param id=VALUE"):
        record(without_example, server.url, tmp_path, token="t", params={})
    assert server.seen == []


def test_the_cli_reports_an_unreachable_server_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "record",
            "--base-url",
            "http://127.0.0.1:9/beta",
            "--out",
            str(tmp_path),
            "--timeout",
            "2",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("qrcontract: error: http://127.0.0.1:9/beta: cannot reach the server")
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_cli_needs_the_token_variable_it_names(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "record",
            "--base-url",
            "http://127.0.0.1:9",
            "--token-env",
            "QRCONTRACT_NO_SUCH_VAR",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "QRCONTRACT_NO_SUCH_VAR" in result.stderr


def test_recording_the_project_mock_round_trips_through_validate(spec: Spec, tmp_path: Path) -> None:
    from tests.serving import serving

    with serving() as base_url:
        written = record(spec, base_url, tmp_path, token="recorder", params={}, anonymize=True)
    assert {r.status for r in written} == {200}
    results = list(validate_paths(spec, [tmp_path]))
    assert len(results) == 4 and all(getattr(r, "ok", False) for r in results), results
