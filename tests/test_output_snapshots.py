"""What people read from validate, diff and docs, pinned in snapshot files under tests/snapshots/."""

from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT
from tests.snapshot import assert_snapshot, placeholders
from tests.test_diff import BASE


def run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    return placeholders(result.stdout + result.stderr + f"exit {result.returncode}\n")


def test_validate_text_output_on_the_drifted_fixtures() -> None:
    assert_snapshot("validate_drifted.txt", run("validate", "tests/fixtures/drifted"))


def test_docs_text_output_on_the_rule_pages() -> None:
    assert_snapshot("docs_rules.txt", run("docs", "tests/docs/rules"))


def test_diff_text_and_markdown_output(tmp_path: Path) -> None:
    revision = copy.deepcopy(BASE)
    schemas = revision["components"]["schemas"]
    schemas["Image"]["properties"]["version"] = {"type": "string"}
    schemas["Thing"]["properties"]["level"]["enum"] = ["l", "m", "h"]
    del revision["paths"]["/health"]
    (tmp_path / "base.yaml").write_text(yaml.safe_dump(BASE))
    (tmp_path / "revision.yaml").write_text(yaml.safe_dump(revision))
    for output_format in ("text", "markdown"):
        text = run("diff", str(tmp_path / "base.yaml"), str(tmp_path / "revision.yaml"), "--format", output_format)
        assert_snapshot(f"diff_{output_format}.txt", text.replace(str(tmp_path), "<TMP>"))
