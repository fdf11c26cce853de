"""The mock's built values satisfy their schemas, and schemas that ask too much are refused, not obeyed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import load_spec
from generator.schema import SampleError, SchemaIndex, sample

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
def test_a_sample_validates_against_its_schema(schema: dict) -> None:  # type: ignore[type-arg]
    path = Path(__file__).parent / "fragments" / "_instance_probe.yaml"
    document = {
        "openapi": "3.1.0",
        "info": {"title": "probe", "version": "1"},
        "paths": {},
        "components": {"schemas": {"Probe": schema}},
    }
    spec = load_spec_from(document, path)
    value = sample(spec, {"$ref": "#/components/schemas/Probe"})
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
    assert sample(load_spec(spec_path), {"$ref": "#/components/schemas/A"}) == {"n": 42}


def _spec_with(tmp_path: Path, schema: str):  # type: ignore[no-untyped-def]
    spec_path = tmp_path / "s.yaml"
    spec_path.write_text(
        f"openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    A: {schema}\n"
    )
    return load_spec(spec_path)


@pytest.mark.parametrize(
    "schema",
    [
        "{type: string, minLength: 2000000000}",
        "{type: array, minItems: 200000000, items: {type: string}}",
        "{type: object, required: [next], properties: {next: {$ref: '#/components/schemas/A'}}}",
    ],
    ids=["huge-string", "huge-array", "required-self-reference"],
)
def test_a_schema_that_cannot_be_met_within_the_bounds_is_refused(tmp_path: Path, schema: str) -> None:
    with pytest.raises(SampleError):
        sample(_spec_with(tmp_path, schema), {"$ref": "#/components/schemas/A"})


def test_optional_self_references_end_instead_of_growing(tmp_path: Path) -> None:
    spec = _spec_with(
        tmp_path,
        "{type: object, properties: {a: {$ref: '#/components/schemas/A'}, b: {$ref: '#/components/schemas/A'},"
        " c: {type: array, items: {$ref: '#/components/schemas/A'}}, n: {type: integer}}}",
    )
    value = sample(spec, {"$ref": "#/components/schemas/A"})
    assert len(str(value)) < 200
    assert SchemaIndex(spec).validator("/a", {"$ref": "#/components/schemas/A"}).is_valid(value)


@pytest.mark.parametrize("pattern", [r"^[A-Z]{2}-\d{4}$", r"^(foo|bar)_[a-z]+$", r"^\w+@\w+\.com$"])
def test_a_pattern_gets_a_value_that_matches_it(tmp_path: Path, pattern: str) -> None:
    spec = _spec_with(tmp_path, f"{{type: string, pattern: '{pattern}'}}")
    value = sample(spec, {"$ref": "#/components/schemas/A"})
    assert SchemaIndex(spec).validator("/a", {"$ref": "#/components/schemas/A"}).is_valid(value), value
