"""The mock's built values satisfy their schemas (checked with the project's own validator)."""

from __future__ import annotations

from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import load_spec
from generator.instances import instance
from generator.schemas import SchemaIndex

SCALARS = st.sampled_from(
    [
        {"type": "string"},
        {"type": "string", "format": "date-time"},
        {"type": "string", "format": "uuid"},
        {"type": "string", "minLength": 5, "maxLength": 8},
        {"type": "integer", "minimum": 3, "maximum": 9},
        {"type": "integer", "exclusiveMinimum": 0},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "string", "enum": ["x", "y"]},
        {"type": ["string", "null"]},
    ]
)
SCHEMAS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.builds(lambda items, n: {"type": "array", "items": items, "minItems": n}, inner, st.integers(0, 2)),
        st.builds(
            lambda props: {"type": "object", "required": sorted(props), "properties": props},
            st.dictionaries(st.sampled_from(["a", "b", "c"]), inner, max_size=3),
        ),
        st.builds(
            lambda a, b: {
                "allOf": [{"type": "object", "properties": {"p": a}}, {"type": "object", "properties": {"q": b}}]
            },
            inner,
            inner,
        ),
        st.builds(lambda a: {"anyOf": [a, {"type": "null"}]}, inner),
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, derandomize=True)
@given(SCHEMAS)
def test_an_instance_validates_against_its_schema(schema: dict) -> None:  # type: ignore[type-arg]
    path = Path(__file__).parent / "fragments" / "_instance_probe.yaml"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "probe", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Probe": schema}},
    }
    spec = load_spec_from(document, path)
    value = instance(spec, {"$ref": "#/components/schemas/Probe"})
    validator = SchemaIndex(spec).validator("/probe", {"$ref": "#/components/schemas/Probe"})
    assert validator.is_valid(value), (schema, value)


def load_spec_from(document: dict, path: Path):  # type: ignore[no-untyped-def,type-arg]
    from generator.spec import load_spec_text

    return load_spec_text(yaml.safe_dump(document), path)


def test_examples_win_over_built_values(tmp_path: Path) -> None:
    spec_path = tmp_path / "s.yaml"
    spec_path.write_text(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: object, properties: {n: {type: integer, example: 42}}}\n"
    )
    assert instance(load_spec(spec_path), {"$ref": "#/components/schemas/A"}) == {"n": 42}
