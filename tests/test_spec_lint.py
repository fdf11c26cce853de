"""The spec passes the independent judges: openapi-spec-validator and Stoplight Spectral (spectral:oas)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SPEC_PATH

SPECTRAL = ROOT / ".tools" / "node_modules" / ".bin" / "spectral"


def test_openapi_spec_validator_accepts_the_spec() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "openapi_spec_validator", str(SPEC_PATH)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK" in result.stdout


@pytest.mark.spectral
@pytest.mark.skipif(shutil.which("npm") is None, reason="npm is absent, so Spectral cannot be installed")
def test_spectral_oas_ruleset_finds_no_errors(tmp_path: Path) -> None:
    if not SPECTRAL.exists():
        subprocess.run(["make", "spectral"], cwd=ROOT, check=True, capture_output=True)
    report = tmp_path / "spectral.json"
    result = subprocess.run(
        [
            str(SPECTRAL),
            "lint",
            "--ruleset",
            str(ROOT / ".spectral.yaml"),
            "-f",
            "json",
            "-o",
            str(report),
            str(SPEC_PATH),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert report.exists(), result.stdout + result.stderr
    findings = json.loads(report.read_text() or "[]")
    errors = [f for f in findings if f["severity"] == 0]
    assert errors == [], errors
    # Spectral also checks every example against its schema (oas3-valid-media-example): none may be invalid.
    assert not [f for f in findings if "example" in f["code"]], findings
