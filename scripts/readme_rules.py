"""Rewrite the diff rule list in README.md from the rule table the differ uses.

usage: python scripts/readme_rules.py   (tests/test_readme_rules.py fails when the README is stale)
"""

from __future__ import annotations

import sys
from pathlib import Path

from generator.diff._rules import README_END, README_START, rules_markdown

README = Path(__file__).resolve().parent.parent / "README.md"


def main() -> int:
    text = README.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start < 0 or end < start:
        print(f"README.md: no {README_START!r} ... {README_END!r} section", file=sys.stderr)
        return 2
    README.write_text(text[:start] + rules_markdown() + text[end + len(README_END) :], encoding="utf-8")
    print("README.md: rule list rewritten")
    return 0


if __name__ == "__main__":
    sys.exit(main())
