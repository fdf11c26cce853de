"""Write `generator/diff/_levels.py` from oasdiff's rule table, so no level is typed from memory.

usage: python scripts/oasdiff_levels.py PATH/TO/rules.json

`rules.json` is oasdiff's `checker/rules.go` as data: `id2level` (rule id -> ERR/WARN/INFO) and
`id2handler` (rule id -> the checker that emits it, "nil" for rules outside the default checkers).
The written module is committed; the diff engine and the README's rule list both read it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "generator" / "diff" / "_levels.py"

HEADER = '''"""oasdiff's level and checker for every rule id, from `checker/rules.go` (written by scripts/oasdiff_levels.py).

Do not edit by hand: regenerate from oasdiff's rule table. Levels: ERR breaks clients, WARN may break
them, INFO is safe. The checker name groups rules the way oasdiff's documentation does.
"""

from __future__ import annotations

from typing import Final

__all__ = ["OASDIFF_CHECKER", "OASDIFF_LEVEL"]

'''


def render(table: dict[str, dict[str, str]]) -> str:
    levels, handlers = table["id2level"], table["id2handler"]
    unknown = {level for level in levels.values()} - {"ERR", "WARN", "INFO"}
    if unknown:
        raise SystemExit(f"rules.json: unknown levels {sorted(unknown)}")
    lines = [HEADER, "OASDIFF_LEVEL: Final[dict[str, str]] = {"]
    lines += [f'    "{rule}": "{levels[rule]}",' for rule in sorted(levels)]
    lines += ["}", "", "OASDIFF_CHECKER: Final[dict[str, str]] = {"]
    lines += [f'    "{rule}": "{handlers.get(rule, "nil")}",' for rule in sorted(levels)]
    lines += ["}", ""]
    return "\n".join(lines)


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    table = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    TARGET.write_text(render(table), encoding="utf-8")
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(table['id2level'])} rule ids")
    return 0


if __name__ == "__main__":
    sys.exit(main())
