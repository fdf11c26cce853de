"""What people read from check, validate, diff and docs, pinned as syrupy snapshots (tests/__snapshots__/)."""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import pytest
import yaml
from syrupy.assertion import SnapshotAssertion

from tests.conftest import ROOT, SPEC_PATH, placeholders, run_cli
from tests.test_diff import BASE


def shown(*args: str, cwd: Path = ROOT) -> str:
    result = run_cli(*args, cwd=cwd)
    return placeholders(result.stdout + result.stderr + f"exit {result.code}\n")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's spec and generated/ in a scratch folder, to run commands in."""
    (tmp_path / "spec").mkdir()
    shutil.copy(SPEC_PATH, tmp_path / "spec" / "qrcode.openapi.yaml")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.qrcontract]\nspec = "spec/qrcode.openapi.yaml"\nout = "generated"\nfuzz-examples = 5\n'
    )
    return tmp_path


def test_check_reports_one_line_per_step_then_a_summary(project: Path, text_snapshot: SnapshotAssertion) -> None:
    assert shown("check", cwd=project) == text_snapshot


def test_check_fails_with_exit_1_on_drift(project: Path, text_snapshot: SnapshotAssertion) -> None:
    (project / "generated" / "errors.py").unlink()
    assert shown("check", cwd=project) == text_snapshot


def test_validate_text_output_on_the_drifted_fixtures(text_snapshot: SnapshotAssertion) -> None:
    assert shown("validate", "tests/fixtures/drifted") == text_snapshot


def test_docs_text_output_on_the_rule_pages(text_snapshot: SnapshotAssertion) -> None:
    assert shown("docs", "tests/docs/rules") == text_snapshot


@pytest.mark.parametrize("output_format", ["text", "markdown"])
def test_diff_output(tmp_path: Path, output_format: str, text_snapshot: SnapshotAssertion) -> None:
    revision = copy.deepcopy(BASE)
    schemas = revision["components"]["schemas"]
    schemas["Image"]["properties"]["version"] = {"type": "string"}
    schemas["Thing"]["properties"]["level"]["enum"] = ["l", "m", "h"]
    del revision["paths"]["/health"]
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(BASE))
    (tmp_path / "revision.yaml").write_text(yaml.safe_dump(revision))
    text = shown("diff", str(tmp_path / "base.yaml"), str(tmp_path / "revision.yaml"), "--format", output_format)
    assert text.replace(str(tmp_path), "<TMP>") == text_snapshot
