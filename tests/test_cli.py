"""The `qrcontract` command line: exit codes, one-line errors, and the output people read."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import __version__
from generator.cli import main
from tests.conftest import ROOT, SPEC_PATH
from tests.snapshot import assert_snapshot, placeholders


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str]:
    runner = CliRunner()
    if cwd is None:
        result = runner.invoke(main, list(args))
    else:
        with runner.isolated_filesystem(temp_dir=cwd):
            result = runner.invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_version_and_help() -> None:
    code, out, _ = run("--version")
    assert code == 0 and out.strip() == f"qrcontract, version {__version__}"
    code, out, _ = run("--help")
    assert code == 0
    for command in ("generate", "check"):
        assert command in out


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project's spec and generated/ in a scratch folder, to run commands in."""
    (tmp_path / "spec").mkdir()
    shutil.copy(SPEC_PATH, tmp_path / "spec" / "qrcode.openapi.yaml")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.qrcontract]\nspec = "spec/qrcode.openapi.yaml"\nout = "generated"\n'
    )
    return tmp_path


def cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=project, capture_output=True, text=True, check=False
    )


def test_generate_check_is_0_when_in_step_and_1_with_a_diff_after_a_hand_edit(project: Path) -> None:
    assert cli(project, "generate", "--check").returncode == 0
    models = project / "generated" / "models.py"
    models.write_text(models.read_text().replace("class QrCode(BaseModel):", "class QrCode(BaseModel):  # tweaked"))
    result = cli(project, "generate", "--check")
    assert result.returncode == 1
    assert "-class QrCode(BaseModel):  # tweaked" in result.stdout
    assert "+class QrCode(BaseModel):" in result.stdout
    assert "models.py (changed)" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_one_line_per_step_then_a_summary(project: Path) -> None:
    result = cli(project, "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert_snapshot("check_ok.txt", placeholders(result.stdout))


def test_check_fails_with_exit_1_on_drift(project: Path) -> None:
    (project / "generated" / "errors.py").unlink()
    result = cli(project, "check")
    assert result.returncode == 1
    assert_snapshot("check_drift.txt", placeholders(result.stdout))


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "spec/broken.yaml: no such file"),
        ("openapi: 3.1.0\ninfo: {title: [\n", "spec/broken.yaml:3: not valid YAML"),
        ("swagger: '2.0'\n", "spec/broken.yaml: not an OpenAPI document"),
        (
            (
                "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n"
                "        '200': {$ref: '#/components/responses/nope'}\n"
            ),
            "spec/broken.yaml:7: $ref '#/components/responses/nope' does not resolve",
        ),
    ],
    ids=["missing", "yaml-syntax", "not-openapi", "bad-ref"],
)
def test_a_bad_spec_exits_2_with_one_line_and_leaves_generated_untouched(
    project: Path, content: str | None, expected: str
) -> None:
    if content is not None:
        (project / "spec" / "broken.yaml").write_text(content)
    before = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    for command in (["generate"], ["generate", "--check"], ["check"]):
        result = cli(project, *command, "--spec", "spec/broken.yaml")
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        assert "Traceback" not in result.stderr
        assert expected in result.stdout + result.stderr
    after = {p: p.read_bytes() for p in (project / "generated").rglob("*") if p.is_file()}
    assert after == before


def test_an_unknown_option_is_a_usage_error_with_exit_2() -> None:
    code, _, err = run("generate", "--no-such-option")
    assert code == 2
    assert "No such option" in err


def test_generate_writes_into_out(project: Path) -> None:
    result = cli(project, "generate", "--out", "elsewhere")
    assert result.returncode == 0
    assert "generated 8 files in elsewhere/" in result.stdout
    assert (project / "elsewhere" / "client.py").read_text() == (project / "generated" / "client.py").read_text()


def test_check_validates_the_configured_fixtures_and_fails_on_drift(project: Path) -> None:
    fixtures = project / "fixtures"
    shutil.copytree(Path(__file__).parent / "fixtures" / "valid", fixtures)
    (project / "pyproject.toml").write_text(
        '[tool.qrcontract]\nspec = "spec/qrcode.openapi.yaml"\nout = "generated"\nfixtures = ["fixtures"]\n'
    )
    passed = cli(project, "check")
    assert passed.returncode == 0, passed.stdout
    assert "fixtures   ok" in passed.stdout
    shutil.copy(Path(__file__).parent / "fixtures" / "drifted" / "wrong-type.vcr.yaml", fixtures)
    failed = cli(project, "check")
    assert failed.returncode == 1
    assert "fixtures   FAIL" in failed.stdout
    assert '/image/version: expected int32 or null, got "two" [type]' in failed.stdout
