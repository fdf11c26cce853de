"""The rule table: every rule id the differ knows, with its level. One place, generated from oasdiff.

Levels are never typed by hand: they come from `_levels.py`, written from oasdiff's `checker/rules.go`
by `scripts/oasdiff_levels.py`. The README's rule list is rendered from this table (`rule_table`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ._change import Level
from ._levels import OASDIFF_CHECKER, OASDIFF_LEVEL

__all__ = ["EMITTED", "Rule", "is_rule", "level_of", "rule_table"]

# The oasdiff checkers whose rules the differ implements; the README lists these rules.
# "nil" holds the document-version rules, which oasdiff's default checks leave out too.
EMITTED = frozenset(checker for checker in set(OASDIFF_CHECKER.values()) if checker != "nil")


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    checker: str


def is_rule(rule: str) -> bool:
    return rule in OASDIFF_LEVEL


def level_of(rule: str) -> Level:
    """oasdiff's level for `rule`; a KeyError is a bug in the differ (a rule id oasdiff does not have)."""
    return Level(OASDIFF_LEVEL[rule])


def rule_table() -> list[Rule]:
    """The rules the differ reports, grouped by oasdiff checker, in the order the README lists them."""
    rules = [
        Rule(rule, Level(level), OASDIFF_CHECKER[rule])
        for rule, level in OASDIFF_LEVEL.items()
        if OASDIFF_CHECKER[rule] in EMITTED
    ]
    return sorted(rules, key=lambda r: (r.checker, r.id))
