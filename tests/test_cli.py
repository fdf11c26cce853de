"""The `qrcontract` command line: exit codes, one-line errors, and settings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import __version__
from tests.conftest import ROOT, SPEC_PATH, run_cli


def test_version_and_help() -> None:
    assert run_cli("--version").stdout.strip() == f"qrcontract, version {__version__}"
    result = run_cli("--help")
    assert result.code == 0
    for command in ("generate", "check", "validate", "record", "serve", "fuzz", "diff", "docs"):
        assert command in result.stdout


def test_python_dash_m_generator_is_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--version"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"qrcontract, version {__version__}"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's spec and generated/ in a scratch folder, to run commands in."""
    (tmp_path / "spec").mkdir()
    shutil.copy(SPEC_PATH, tmp_path / "spec" / "qrcode.openapi.yaml")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.qrcontract]\nspec = "spec/qrcode.openapi.yaml"\nout = "generated"\nfuzz-examples = 0\n'
    )
    return tmp_path


def test_generate_check_is_0_when_in_step_and_1_with_a_diff_after_a_hand_edit(project: Path) -> None:
    assert run_cli("generate", "--check", cwd=project).code == 0
    models = project / "generated" / "models.py"
    models.write_text(models.read_text().replace("class QrCode(BaseModel):", "class QrCode(BaseModel):  # tweaked"))
    result = run_cli("generate", "--check", cwd=project)
    assert result.code == 1
    assert "-class QrCode(BaseModel):  # tweaked" in result.stdout
    assert "+class QrCode(BaseModel):" in result.stdout
    assert "models.py (changed)" in result.stderr


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "spec/broken.yaml: no such file"),
        ("openapi: 3.1.0\ninfo: {title: [\n", "spec/broken.yaml:3: not valid YAML"),
        ("swagger: '2.0'\n", "spec/broken.yaml:1: Swagger 2.0 is not supported"),
        (
            "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            "spec/broken.yaml:1: OpenAPI 3.2.0 is not supported",
        ),
        ("info: {}\n", "spec/broken.yaml: not an OpenAPI document"),
        (
            (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
                "        '200': {$ref: '#/components/responses/nope'}\n"
            ),
            "spec/broken.yaml:7: $ref '#/components/responses/nope' does not resolve",
        ),
    ],
    ids=["missing", "yaml-syntax", "swagger-2", "openapi-3.2", "not-openapi", "bad-ref"],
)
def test_a_bad_spec_exits_2_with_one_line_and_leaves_generated_untouched(
    project: Path, content: str | None, expected: str
) -> None:
    if content is not None:
        (project / "spec" / "broken.yaml").write_text(content)
    before = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    for command in (["generate"], ["generate", "--check"], ["check"]):
        result = run_cli(*command, "--spec", "spec/broken.yaml", cwd=project)
        assert result.code == 2, (command, result.stdout, result.stderr)
        assert expected in result.stdout + result.stderr
    after = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    assert after == before


def test_an_unknown_option_is_a_usage_error_with_exit_2() -> None:
    result = run_cli("generate", "--no-such-option")
    assert result.code == 2
    assert "No such option" in result.stderr


def test_generate_writes_into_out(project: Path) -> None:
    result = run_cli("generate", "--out", "elsewhere", cwd=project)
    assert result.code == 0
    assert "generated 8 files in elsewhere/" in result.stdout
    assert (project / "elsewhere" / "client.py").read_text() == (project / "generated" / "client.py").read_text()


def test_check_validates_the_configured_fixtures_and_fails_on_drift(project: Path) -> None:
    fixtures = project / "fixtures"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", fixtures)
    (project / "pyproject.toml").write_text(
        '[tool.qrcontract]\nspec = "spec/qrcode.openapi.yaml"\nout = "generated"\nfixtures = ["fixtures"]\n'
        "fuzz-examples = 0\n"
    )
    passed = run_cli("check", cwd=project)
    assert passed.code == 0, passed.stdout
    assert "fixtures   ok" in passed.stdout
    shutil.copy(Path(__file__).parent / "fixtures" / "drifted" / "wrong-type.vcr.yaml", fixtures)
    failed = run_cli("check", cwd=project)
    assert failed.code == 1
    assert "fixtures   FAIL" in failed.stdout
    assert '/image/version: expected int32 or null, got "two" [type]' in failed.stdout


def test_an_unknown_setting_in_pyproject_is_a_clear_error(project: Path) -> None:
    (project / "pyproject.toml").write_text('[tool.qrcontract]\nspek = "spec/qrcode.openapi.yaml"\n')
    result = run_cli("check", cwd=project)
    assert result.code == 2
    assert "unknown key 'spek'" in result.stderr
