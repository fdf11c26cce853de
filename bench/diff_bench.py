"""Time `qrcontract diff` on synthetic specs of 10, 100 and 1,000 schemas (half as many operations)."""

from __future__ import annotations

import copy
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.diff import diff_specs
from generator.spec import load_spec


def synthetic(schemas: int) -> dict[str, Any]:
    components: dict[str, Any] = {}
    for index in range(schemas):
        properties: dict[str, Any] = {
            "id": {"type": "string"},
            "count": {"type": "integer", "format": "int32", "minimum": 0},
            "when": {"type": ["string", "null"], "format": "date-time"},
            "kind": {"type": "string", "enum": ["a", "b", "c"]},
            "tags": {"type": "array", "items": {"type": "string"}, "maxItems": 10},
            "name": {"type": "string", "maxLength": 64},
        }
        if index:  # a tree of references, about ten levels deep at 1,000 schemas
            properties["parent"] = {"anyOf": [{"$ref": f"#/components/schemas/S{(index - 1) // 2}"}, {"type": "null"}]}
        components[f"S{index}"] = {"type": "object", "required": ["id"], "properties": properties}
    paths = {
        f"/things{index}/{{id}}": {
            "get": {
                "operationId": f"getThing{index}",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}},
                    {"name": "top", "in": "query", "schema": {"type": "integer", "maximum": 100}},
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": f"#/components/schemas/S{index * 2 % schemas}"}}
                        },
                    },
                    "404": {"description": "missing"},
                },
            }
        }
        for index in range(max(schemas // 2, 1))
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "synthetic", "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        for schemas in (10, 100, 1000):
            base = synthetic(schemas)
            revision = copy.deepcopy(base)
            for index in range(0, schemas, 10):  # one schema in ten changes a type and an enum
                props = revision["components"]["schemas"][f"S{index}"]["properties"]
                props["count"]["format"] = "int64"
                props["kind"]["enum"].append("d")
            base_path, revision_path = Path(scratch) / f"b{schemas}.json", Path(scratch) / f"r{schemas}.json"
            base_path.write_text(json.dumps(base))
            revision_path.write_text(json.dumps(revision))
            started = time.perf_counter()
            old, new = load_spec(base_path), load_spec(revision_path)
            loaded = time.perf_counter()
            changes = diff_specs(old, new)
            done = time.perf_counter()
            print(
                f"{schemas:>5} schemas, {max(schemas // 2, 1):>4} operations: load both {loaded - started:6.2f}s, "
                f"diff {done - loaded:6.2f}s, {len(changes):>6} changes"
            )


if __name__ == "__main__":
    main()
