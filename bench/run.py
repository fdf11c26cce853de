"""`make bench`: the figures the issues ask for, measured on this machine, printed side by side.

Speed is measured here, never asserted in tests. Each section runs its cases round-robin.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _measure import compare, table

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
FIRST_PARSE = (
    "import generated as g; c = g.Client('t'); "
    'g.QrCode.model_validate_json(b\'{"id": "x", "createdDateTime": "2024-02-01T19:58:51.2210909Z"}\')'
)


def import_cost() -> None:
    print("## Import of the generated package vs the floor (python -c ...)\n")
    cases = [
        ("floor: import pydantic, httpx2", [PY, "-c", "import pydantic, httpx2"]),
        ("import generated", [PY, "-c", "import generated"]),
        ("from generated import Client, AsyncClient", [PY, "-c", "from generated import Client, AsyncClient"]),
        (
            "ref: from pydantic import BaseModel; import httpx2",
            [PY, "-c", "from pydantic import BaseModel; import httpx2"],
        ),
        ("from generated import Client, QrCode (models built)", [PY, "-c", "from generated import Client, QrCode"]),
        (
            "... + Client(token) + first parse of a response",
            [
                PY,
                "-c",
                FIRST_PARSE,
            ],
        ),
    ]
    print(table(compare(cases, cwd=str(ROOT)), floor="floor: import pydantic, httpx2"))
    print()


def generate_cost() -> None:
    print("## qrcontract generate for spec/qrcode.openapi.yaml\n")
    with tempfile.TemporaryDirectory() as scratch:
        out = str(Path(scratch) / "generated")
        spec = str(ROOT / "spec" / "qrcode.openapi.yaml")
        cases = [
            ("floor: python -c pass", [PY, "-c", "pass"]),
            ("qrcontract --version", [PY, "-m", "generator", "--version"]),
            ("qrcontract generate", [PY, "-m", "generator", "generate", "--spec", spec, "--out", out]),
            (
                "qrcontract generate --check",
                [PY, "-m", "generator", "generate", "--spec", spec, "--out", out, "--check"],
            ),
        ]
        print(table(compare(cases, rounds=5, cwd=str(ROOT))))
    print()


def main() -> None:
    print(f"python {sys.version.split()[0]} at {PY}\n")
    import_cost()
    generate_cost()


if __name__ == "__main__":
    main()
