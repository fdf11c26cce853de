"""Property: whatever text a spec holds, wherever it reaches generated code, the package parses, imports,
and runs nothing (no process, no socket) — the text stays text."""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import load_spec
from generator.codegen import generate, render
from generator.errors import SpecError
from tests.conftest import network_or_processes, watching

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    ['"""', "'''", "\\", "\\N{x}", "\n", "\r", "\u2028", "#", '"; import os; "', "{", "}"]
)
NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9._-]{0,20}", fullmatch=True)
_counter = iter(range(1_000_000))


def document(texts: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": texts["title"], "version": "1", "description": texts["info"]},
        "servers": [{"url": "https://example.com/v1"}],
        "paths": {
            "/items/{id}": {
                "get": {
                    "operationId": texts["operation_id"],
                    "summary": texts["summary"],
                    "description": texts["description"],
                    "parameters": [
                        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                        {
                            "name": texts["param"],
                            "in": "query",
                            "description": texts["param_description"],
                            "schema": {"type": "string", "enum": [texts["enum"], "b"]},
                        },
                    ],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {
                                "application/json": {"schema": {"$ref": f"#/components/schemas/{texts['schema']}"}}
                            },
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                texts["schema"]: {
                    "type": "object",
                    "title": texts["schema_title"],
                    "description": texts["schema_description"],
                    "properties": {
                        texts["member"]: {
                            "type": "string",
                            "description": texts["member_description"],
                            "default": texts["default"],
                        },
                        "kind": {"type": "string", "enum": [texts["enum"], "x"]},
                    },
                }
            }
        },
    }


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {
            "title": TEXT,
            "info": TEXT,
            "operation_id": TEXT.filter(bool),
            "summary": TEXT,
            "description": TEXT,
            "param": TEXT.filter(lambda t: bool(t) and t != "id"),
            "param_description": TEXT,
            "enum": TEXT.filter(lambda t: t not in {"b", "x"}),
            "schema": NAME,
            "schema_title": TEXT,
            "schema_description": TEXT,
            "member": TEXT.filter(lambda t: bool(t) and t != "kind"),
            "member_description": TEXT,
            "default": TEXT,
        }
    )
)
def test_any_spec_text_gives_a_package_that_imports_and_runs_nothing(texts: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        spec_path = folder / "spec.yaml"
        spec_path.write_text(yaml.safe_dump(document(texts), allow_unicode=True), encoding="utf-8")
        try:
            spec = load_spec(spec_path)
            render(spec, folder / "probe")
        except SpecError as exc:
            # Refusing is allowed (one clean line); writing something broken is not.
            assert "\n" not in str(exc)
            return
        name = f"property_probe_{next(_counter)}"
        with watching() as seen:
            generate(spec, folder / name)
            sys.path.insert(0, scratch)
            try:
                importlib.invalidate_caches()
                importlib.import_module(name)
                importlib.import_module(f"{name}.models")
                importlib.import_module(f"{name}.client")
            finally:
                sys.path.remove(scratch)
                for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
                    del sys.modules[module]
        assert network_or_processes(seen) == []
