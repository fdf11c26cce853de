"""The README's list of diff rules is the table the differ uses, not a second copy."""

from __future__ import annotations

from generator.diff._levels import OASDIFF_LEVEL
from generator.diff._rules import level_of, rules_markdown
from tests.conftest import ROOT


def test_the_readme_lists_every_rule_with_the_level_the_code_uses() -> None:
    assert rules_markdown() in (ROOT / "README.md").read_text(encoding="utf-8"), "run: python scripts/readme_rules.py"


def test_levels_come_from_oasdiffs_table() -> None:
    assert level_of("request-property-max-length-set") == "WARN"
    assert level_of("response-optional-property-removed") == "WARN"
    assert all(str(level_of(rule)) == level for rule, level in OASDIFF_LEVEL.items())
