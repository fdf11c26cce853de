"""`qrcontract diff` agrees with oasdiff, one minimal spec pair per class of rule.

Each pair is the smallest document that shows one behaviour of oasdiff's checkers (its rule id and
its level from `checker/rules.go`): the direction of a type change, levels, deprecation and sunset,
nested schemas, readOnly/writeOnly, and the rules for bodies, parameters and headers. Sunset dates
are judged against a fixed day.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.diff import diff_specs
from generator.errors import SpecError
from generator.spec import load_spec

TODAY = dt.date(2026, 6, 1)
PAST, FUTURE = "2026-01-01", "2027-01-01"
Doc = dict[str, Any]


def document(operation: Doc, *, path: str = "/things", version: str = "3.1.0", **extra: Any) -> Doc:
    doc: Doc = {"openapi": version, "info": {"title": "t", "version": "1"}, "paths": {path: {"post": operation}}}
    doc.update(extra)
    return doc


def request(schema: Doc, media: str = "application/json", **body: Any) -> Doc:
    return {
        "requestBody": {"content": {media: {"schema": schema}}, **body},
        "responses": {"204": {"description": "ok"}},
    }


def response(schema: Doc, media: str = "application/json", headers: Doc | None = None) -> Doc:
    ok: Doc = {"description": "ok", "content": {media: {"schema": schema}}}
    if headers:
        ok["headers"] = headers
    return {"responses": {"200": ok}}


def parameter(**param: Any) -> Doc:
    return {"parameters": [{"name": "q", "in": "query", **param}], "responses": {"204": {"description": "ok"}}}


def obj(required: tuple[str, ...] = (), **properties: Doc) -> Doc:
    node: Doc = {"type": "object", "properties": properties}
    if required:
        node["required"] = list(required)
    return node


S, I, N = {"type": "string"}, {"type": "integer"}, {"type": "number"}

Pair = tuple[str, Doc, Doc, set[tuple[str, str]]]

TYPE_DIRECTION: list[Pair] = [
    (
        "request widening integer to number",
        document(request(obj(a=I))),
        document(request(obj(a=N))),
        {("request-property-type-generalized", "INFO")},
    ),
    (
        "request narrowing number to integer",
        document(request(obj(a=N))),
        document(request(obj(a=I))),
        {("request-property-type-changed", "ERR")},
    ),
    (
        "request format removed",
        document(request(obj(a={**S, "format": "uuid"}))),
        document(request(obj(a=S))),
        {("request-property-type-generalized", "INFO")},
    ),
    (
        "request int32 to int64",
        document(request(obj(a={**I, "format": "int32"}))),
        document(request(obj(a={**I, "format": "int64"}))),
        {("request-property-type-generalized", "INFO")},
    ),
    (
        "request type list widened",
        document(request(obj(a={"type": ["string"]}))),
        document(request(obj(a={"type": ["string", "integer"]}))),
        {("request-property-type-generalized", "INFO")},
    ),
    (
        "request untyped body gets a type",
        document(request({})),
        document(request(S)),
        {("request-body-type-changed", "ERR")},
    ),
    (
        "request xml body: an integer still fits text",
        document(request(I, "application/xml")),
        document(request(S, "application/xml")),
        {("request-body-type-compatible", "INFO")},
    ),
    (
        "response narrowing number to integer",
        document(response(obj(a=N))),
        document(response(obj(a=I))),
        {("response-property-type-specialized", "INFO")},
    ),
    (
        "response widening integer to number",
        document(response(obj(a=I))),
        document(response(obj(a=N))),
        {("response-property-type-generalized", "ERR")},
    ),
    (
        "response type list narrowed",
        document(response({"type": ["string", "integer"]})),
        document(response(S)),
        {("response-body-type-specialized", "INFO")},
    ),
    ("response loses its type", document(response(S)), document(response({})), {("response-body-type-changed", "ERR")}),
    (
        "response xml body swaps type",
        document(response(S, "application/xml")),
        document(response(I, "application/xml")),
        {("response-body-type-compatible", "INFO")},
    ),
    (
        "query scalar to exploded array",
        document(parameter(schema=S)),
        document(parameter(schema={"type": "array", "items": S}, style="form", explode=True)),
        {("request-parameter-type-generalized", "INFO")},
    ),
    (
        "query text becomes boolean",
        document(parameter(schema=S)),
        document(parameter(schema={"type": "boolean"})),
        {("request-parameter-type-changed", "ERR")},
    ),
    (
        "deepObject property number to string",
        document(parameter(schema=obj(a=N), style="deepObject")),
        document(parameter(schema=obj(a=S), style="deepObject")),
        {("request-parameter-property-type-changed", "WARN")},
    ),
    (
        "deepObject property integer to number",
        document(parameter(schema=obj(a=I), style="deepObject")),
        document(parameter(schema=obj(a=N), style="deepObject")),
        {("request-parameter-property-type-generalized", "INFO")},
    ),
    (
        "response header text swaps type",
        document(response(S, headers={"X-N": {"schema": S}})),
        document(response(S, headers={"X-N": {"schema": I}})),
        {("response-header-type-compatible", "INFO")},
    ),
    (
        "null added to a type list is nullability only",
        document(response(obj(a=S))),
        document(response(obj(a={"type": ["string", "null"]}))),
        {("response-property-became-nullable", "ERR")},
    ),
]

LEVELS: list[Pair] = [
    (
        "request maxLength set warns",
        document(request(obj(a=S))),
        document(request(obj(a={**S, "maxLength": 9}))),
        {("request-property-max-length-set", "WARN")},
    ),
    (
        "request maximum set warns",
        document(request(obj(a=I))),
        document(request(obj(a={**I, "maximum": 9}))),
        {("request-property-max-set", "WARN")},
    ),
    (
        "request minimum set warns",
        document(request(obj(a=I))),
        document(request(obj(a={**I, "minimum": 9}))),
        {("request-property-min-set", "WARN")},
    ),
    (
        "request minItems from none reads as raised from 0",
        document(request(obj(a={"type": "array", "items": S}))),
        document(request(obj(a={"type": "array", "items": S, "minItems": 2}))),
        {("request-property-min-items-increased", "ERR")},
    ),
    (
        "response optional property removed warns",
        document(response(obj(a=S, b=S))),
        document(response(obj(a=S))),
        {("response-optional-property-removed", "WARN")},
    ),
    (
        "response pattern removed is safe",
        document(response(obj(a={**S, "pattern": "^a$"}))),
        document(response(obj(a=S))),
        {("response-property-pattern-removed", "INFO")},
    ),
    (
        "response pattern changed is safe",
        document(response(obj(a={**S, "pattern": "^a$"}))),
        document(response(obj(a={**S, "pattern": "^b$"}))),
        {("response-property-pattern-changed", "INFO")},
    ),
    (
        "response anyOf branch added is safe",
        document(response({"anyOf": [obj(a=S), obj(b=I)]})),
        document(response({"anyOf": [obj(a=S), obj(b=I), obj(c=N)]})),
        {("response-body-any-of-added", "INFO")},
    ),
    (
        "response oneOf branch added breaks",
        document(response({"oneOf": [obj(a=S), obj(b=I)]})),
        document(response({"oneOf": [obj(a=S), obj(b=I), obj(c=N)]})),
        {("response-body-one-of-added", "ERR")},
    ),
]


def with_op(extra: Doc, base: Callable[[Doc], Doc] = lambda op: op) -> Doc:
    return document(base({"responses": {"204": {"description": "ok"}}, **extra}))


def other_op() -> Doc:
    return {"get": {"responses": {"204": {"description": "ok"}}}}


def removed_op(**marks: Any) -> tuple[Doc, Doc]:
    base = document({"responses": {"204": {"description": "ok"}}, **marks})
    base["paths"]["/things"].update(other_op())
    revision = copy.deepcopy(base)
    del revision["paths"]["/things"]["post"]
    return base, revision


def removed_param(**marks: Any) -> tuple[Doc, Doc]:
    return document(parameter(schema=S, **marks)), document({"responses": {"204": {"description": "ok"}}})


LIFECYCLE: list[Pair] = [
    ("operation removed without deprecation", *removed_op(), {("api-removed-without-deprecation", "ERR")}),
    ("operation removed after deprecation", *removed_op(deprecated=True), {("api-removed-with-deprecation", "INFO")}),
    (
        "operation removed before its sunset",
        *removed_op(deprecated=True, **{"x-sunset": FUTURE}),
        {("api-removed-before-sunset", "ERR")},
    ),
    ("operation removed after its sunset", *removed_op(deprecated=True, **{"x-sunset": PAST}), set()),
    ("alpha operation removed", *removed_op(**{"x-stability-level": "alpha"}), set()),
    (
        "path removed before its sunset",
        with_op({"deprecated": True, "x-sunset": FUTURE}),
        document({"responses": {"204": {"description": "ok"}}}, path="/other"),
        {("api-path-removed-before-sunset", "ERR"), ("endpoint-added", "INFO")},
    ),
    (
        "operation deprecated with a sunset",
        with_op({}),
        with_op({"deprecated": True, "x-sunset": FUTURE}),
        {("endpoint-deprecated-with-sunset", "INFO")},
    ),
    (
        "operation deprecated without a sunset",
        with_op({}),
        with_op({"deprecated": True}),
        {("endpoint-deprecated", "INFO")},
    ),
    ("operation reactivated", with_op({"deprecated": True}), with_op({}), {("endpoint-reactivated", "INFO")}),
    (
        "stable operation becomes beta",
        with_op({}),
        with_op({"x-stability-level": "beta"}),
        {("api-stability-decreased", "ERR")},
    ),
    (
        "alpha operation changes freely",
        document(request(obj(a=S)) | {"x-stability-level": "alpha"}),
        document(request(obj(a=I)) | {"x-stability-level": "alpha"}),
        set(),
    ),
    ("parameter removed", *removed_param(), {("request-parameter-removed", "WARN")}),
    (
        "deprecated parameter removed",
        *removed_param(deprecated=True),
        {("request-parameter-removed-with-deprecation", "INFO")},
    ),
    (
        "parameter removed before its sunset",
        *removed_param(deprecated=True, **{"x-sunset": FUTURE}),
        {("request-parameter-removed-before-sunset", "ERR")},
    ),
    ("parameter removed after its sunset", *removed_param(deprecated=True, **{"x-sunset": PAST}), set()),
    (
        "parameter deprecated",
        document(parameter(schema=S)),
        document(parameter(schema=S, deprecated=True)),
        {("request-parameter-deprecated", "INFO")},
    ),
    (
        "property deprecated with a sunset",
        document(response(obj(a=S))),
        document(response(obj(a={**S, "deprecated": True, "x-sunset": FUTURE}))),
        {("response-property-deprecated-with-sunset", "INFO")},
    ),
]

NESTED: list[Pair] = [
    (
        "deepObject property enum value removed",
        document(parameter(schema=obj(a={**S, "enum": ["x", "y"]}), style="deepObject")),
        document(parameter(schema=obj(a={**S, "enum": ["x"]}), style="deepObject")),
        {("request-parameter-property-enum-value-removed", "ERR")},
    ),
    (
        "additionalProperties type changed in a response",
        document(response({"type": "object", "additionalProperties": S})),
        document(response({"type": "object", "additionalProperties": I})),
        {("response-property-type-changed", "ERR")},
    ),
    (
        "required property added inside additionalProperties",
        document(request({"type": "object", "additionalProperties": obj(a=S)})),
        document(request({"type": "object", "additionalProperties": obj(("b",), a=S, b=S)})),
        {("new-required-request-property", "ERR")},
    ),
    (
        "if added to a request body",
        document(request(obj(a=S))),
        document(request(obj(a=S) | {"if": obj(("a",)), "then": obj(("b",))})),
        {("request-body-if-added", "ERR"), ("request-body-then-added", "ERR")},
    ),
    (
        "minLength raised inside then",
        document(request(obj(a=S) | {"if": obj(("a",)), "then": obj(b=S)})),
        document(request(obj(a=S) | {"if": obj(("a",)), "then": obj(b={**S, "minLength": 3})})),
        {("request-property-min-length-increased", "ERR")},
    ),
    (
        "contains added to a request array",
        document(request({"type": "array", "items": S})),
        document(request({"type": "array", "items": S, "contains": {"const": "x"}})),
        {("request-body-contains-added", "ERR")},
    ),
    (
        "prefixItems entry removed from a request",
        document(request({"type": "array", "prefixItems": [S, I]})),
        document(request({"type": "array", "prefixItems": [S]})),
        {("request-body-prefix-items-removed", "ERR")},
    ),
    (
        "dependentSchemas added to a request",
        document(request(obj(a=S))),
        document(request(obj(a=S) | {"dependentSchemas": {"a": obj(("b",))}})),
        {("request-body-dependent-schema-added", "ERR")},
    ),
    (
        "a property of a oneOf branch becomes optional",
        document(
            response({"oneOf": [{"$ref": "#/components/schemas/A"}, obj(b=I)]}),
            components={"schemas": {"A": obj(("a",), a=S)}},
        ),
        document(
            response({"oneOf": [{"$ref": "#/components/schemas/A"}, obj(b=I)]}),
            components={"schemas": {"A": obj((), a=S)}},
        ),
        {("response-property-became-optional", "ERR")},
    ),
]

MUTABILITY: list[Pair] = [
    (
        "required readOnly property added to a request",
        document(request(obj(a=S))),
        document(request(obj(("b",), a=S, b={**S, "readOnly": True}))),
        set(),
    ),
    (
        "readOnly property becomes required in a request",
        document(request(obj(a=S, b={**S, "readOnly": True}))),
        document(request(obj(("b",), a=S, b={**S, "readOnly": True}))),
        set(),
    ),
    (
        "readOnly property maxLength lowered",
        document(request(obj(a={**S, "readOnly": True, "maxLength": 9}))),
        document(request(obj(a={**S, "readOnly": True, "maxLength": 5}))),
        {("request-read-only-property-max-length-decreased", "INFO")},
    ),
    (
        "required writeOnly property removed from a response",
        document(response(obj(("a", "b"), a=S, b={**S, "writeOnly": True}))),
        document(response(obj(("a",), a=S))),
        {("response-required-write-only-property-removed", "INFO")},
    ),
    (
        "writeOnly property becomes optional in a response",
        document(response(obj(("b",), b={**S, "writeOnly": True}))),
        document(response(obj((), b={**S, "writeOnly": True}))),
        {("response-write-only-property-became-optional", "INFO")},
    ),
]

BODIES_AND_MORE: list[Pair] = [
    (
        "required request body added",
        with_op({}),
        document(request(S, required=True)),
        {("request-body-added-required", "ERR")},
    ),
    (
        "request body became optional",
        document(request(S, required=True)),
        document(request(S)),
        {("request-body-became-optional", "INFO")},
    ),
    ("request body removed", document(request(S)), with_op({}), {("request-body-removed", "ERR")}),
    (
        "request media type added",
        document(request(S)),
        document(
            {
                "requestBody": {"content": {"application/json": {"schema": S}, "text/plain": {"schema": S}}},
                "responses": {"204": {"description": "ok"}},
            }
        ),
        {("request-body-media-type-added", "INFO")},
    ),
    (
        "request property became optional",
        document(request(obj(("a",), a=S))),
        document(request(obj((), a=S))),
        {("request-property-became-optional", "INFO")},
    ),
    (
        "request property became nullable",
        document(request(obj(a=S))),
        document(request(obj(a={"type": ["string", "null"]}))),
        {("request-property-became-nullable", "INFO")},
    ),
    (
        "required request property with a default added",
        document(request(obj(a=S))),
        document(request(obj(("b",), a=S, b={**S, "default": "x"}))),
        {("new-required-request-property-with-default", "ERR")},
    ),
    (
        "request property with a default became required",
        document(request(obj(a={**S, "default": "x"}))),
        document(request(obj(("a",), a={**S, "default": "x"}))),
        {("request-property-became-required-with-default", "ERR")},
    ),
    (
        "exclusiveMinimum raised on a parameter",
        document(parameter(schema={**I, "exclusiveMinimum": 1})),
        document(parameter(schema={**I, "exclusiveMinimum": 5})),
        {("request-parameter-exclusive-min-increased", "ERR")},
    ),
    (
        "exclusiveMaximum lowered on a parameter",
        document(parameter(schema={**I, "exclusiveMaximum": 9})),
        document(parameter(schema={**I, "exclusiveMaximum": 5})),
        {("request-parameter-exclusive-max-decreased", "ERR")},
    ),
    (
        "header parameter property became an enum",
        document(
            {
                "parameters": [{"name": "X-F", "in": "header", "schema": obj(a=S)}],
                "responses": {"204": {"description": "ok"}},
            }
        ),
        document(
            {
                "parameters": [{"name": "X-F", "in": "header", "schema": obj(a={**S, "enum": ["x"]})}],
                "responses": {"204": {"description": "ok"}},
            }
        ),
        {("request-header-property-became-enum", "ERR")},
    ),
    (
        "response body enum value removed",
        document(response({**S, "enum": ["x", "y"]})),
        document(response({**S, "enum": ["x"]})),
        {("response-mediatype-enum-value-removed", "INFO")},
    ),
    (
        "optional response header removed",
        document(response(S, headers={"X-N": {"schema": S}})),
        document(response(S)),
        {("optional-response-header-removed", "WARN")},
    ),
    (
        "request pattern relaxed to .*",
        document(request(obj(a={**S, "pattern": "^a+$"}))),
        document(request(obj(a={**S, "pattern": ".*"}))),
        {("request-property-pattern-generalized", "INFO")},
    ),
    (
        "an empty pattern is no pattern",
        document(request(obj(a={**S, "pattern": ""}))),
        document(request(obj(a={**S, "pattern": "^a$"}))),
        {("request-property-pattern-added", "ERR")},
    ),
    (
        "request enum dropped removes each value",
        document(request({**S, "enum": ["x", "y"]})),
        document(request(S)),
        {("request-body-enum-value-removed", "ERR")},
    ),
    (
        "a path parameter renamed is the same parameter",
        document(
            {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": S}],
                "responses": {"204": {"description": "ok"}},
            },
            path="/things/{id}",
        ),
        document(
            {
                "parameters": [{"name": "thing-id", "in": "path", "required": True, "schema": S}],
                "responses": {"204": {"description": "ok"}},
            },
            path="/things/{thing-id}",
        ),
        set(),
    ),
    (
        "allOf branch of annotations only added",
        document(request({"allOf": [obj(a=S)]})),
        document(request({"allOf": [obj(a=S), {"description": "a note"}]})),
        {("request-body-all-of-added-annotation-only", "INFO")},
    ),
    (
        "allOf branch added",
        document(request({"allOf": [obj(a=S)]})),
        document(request({"allOf": [obj(a=S), obj(("b",), b=S)]})),
        {("request-body-all-of-added", "ERR")},
    ),
]

PAIRS = TYPE_DIRECTION + LEVELS + LIFECYCLE + NESTED + MUTABILITY + BODIES_AND_MORE


def diff(tmp_path: Path, base: Doc, revision: Doc, *, flatten: bool = False) -> set[tuple[str, str]]:
    (tmp_path / "base.json").write_text(json.dumps(base))
    (tmp_path / "rev.json").write_text(json.dumps(revision))
    changes = diff_specs(
        load_spec(tmp_path / "base.json"), load_spec(tmp_path / "rev.json"), today=TODAY, flatten_all_of=flatten
    )
    return {(c.id, str(c.level)) for c in changes}


@pytest.mark.parametrize(("name", "base", "revision", "expected"), PAIRS, ids=[p[0] for p in PAIRS])
def test_each_pair_gives_oasdiffs_rules(
    tmp_path: Path, name: str, base: Doc, revision: Doc, expected: set[tuple[str, str]]
) -> None:
    assert diff(tmp_path, base, revision) == expected


def test_keywords_moved_into_an_allof_are_branches_unless_flattened(tmp_path: Path) -> None:
    base = document(request(obj(("a",), a=S, b=I)))
    revision = document(request({"allOf": [obj(("a",), a=S), obj(b=I)]}))
    assert ("request-body-all-of-added", "ERR") in diff(tmp_path, base, revision)  # as oasdiff compares them
    assert diff(tmp_path, base, revision, flatten=True) == set()  # as `--flatten-allof`: the same meaning


# Inputs oasdiff reads: accepted where they have one meaning, refused with file:line and the reason.

LENIENT = """\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    get:
      x-sunset: 2027-01-01
      parameters:
      - {name: q, in: query, schema: {type: string, pattern: '^(?:[\\w-./:]+)$'}}
      responses:
        200:
          description: ok
"""


def test_integer_status_keys_unquoted_dates_and_ecma_patterns_are_read(tmp_path: Path) -> None:
    path = tmp_path / "lenient.yaml"
    path.write_text(LENIENT)
    spec = load_spec(path)
    (operation,) = spec.operations
    assert [r.status for r in operation.responses] == ["200"]
    assert spec.raw["paths"]["/things"]["get"]["x-sunset"] == "2027-01-01"
    pattern = operation.parameters[0].schema["pattern"]
    assert pattern == "^(?:[\\w\\-./:]+)$"  # the ECMA class `[\w-.]`, spelled as Python reads it
    assert diff_specs(spec, spec) == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            LENIENT.replace("[\\w-./:]", "[z-a]"),
            (
                "lenient.yaml:8: pattern '^(?:[z-a]+)$' at /paths/~1things/get"
                "/parameters/0/schema/pattern is not a regular expression: bad character range z-a"
            ),
        ),
        (
            LENIENT.replace("          description: ok\n", "          content: {}\n"),
            (
                "lenient.yaml:10: invalid OpenAPI"
                " at /paths/~1things/get/responses/200: 'description' is a required property"
            ),
        ),
    ],
    ids=["bad pattern", "reason of a oneOf failure"],
)
def test_what_cannot_be_read_is_refused_with_line_and_reason(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "lenient.yaml"
    path.write_text(text)
    with pytest.raises(SpecError) as error:
        load_spec(path)
    assert message in str(error.value)
