"""`qrcontract diff`: a table of spec pairs, each with exactly the oasdiff rule ids and levels it must produce."""

from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.diff import diff_specs
from generator.spec import load_spec
from tests.conftest import ROOT, CliResult, run_cli

THING = "#/components/schemas/Thing"
BASE: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "diff corpus", "version": "1"},
    "paths": {
        "/users/{id}/thing": {
            "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
            "get": {
                "operationId": "getThing",
                "parameters": [
                    {
                        "name": "$select",
                        "in": "query",
                        "style": "form",
                        "explode": False,
                        "schema": {"type": "array", "items": {"type": "string", "enum": ["a", "b"]}},
                    },
                    {"name": "top", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100}},
                ],
                "responses": {
                    "200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": THING}}}},
                    "404": {"description": "not found"},
                },
            },
            "post": {
                "operationId": "createThing",
                "requestBody": {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/NewThing"}}}},
                "responses": {
                    "201": {"description": "created", "content": {"application/json": {"schema": {"$ref": THING}}}}
                },
            },
        },
        "/health": {"get": {"operationId": "health", "responses": {"204": {"description": "alive"}}}},
    },
    "components": {
        "schemas": {
            "Thing": {
                "type": "object",
                "required": ["id"],
                "properties": {
                    "id": {"type": "string"},
                    "size": {"type": "integer", "format": "int32"},
                    "level": {"type": "string", "enum": ["l", "m"]},
                    "when": {"type": ["string", "null"], "format": "date-time"},
                    "image": {"anyOf": [{"$ref": "#/components/schemas/Image"}, {"type": "null"}]},
                    "name": {"type": "string", "maxLength": 10, "pattern": "^[a-z]+$"},
                    "tags": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                },
            },
            "Image": {"type": "object", "properties": {"version": {"type": "integer", "format": "int32"}}},
            "NewThing": {
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {"type": "string"},
                    "size": {"type": "integer"},
                    "kind": {"type": "string", "enum": ["a", "b"]},
                },
            },
        }
    },
}

Doc = dict[str, Any]


def thing(doc: Doc) -> Doc:
    return doc["components"]["schemas"]["Thing"]


def get(doc: Doc) -> Doc:
    return doc["paths"]["/users/{id}/thing"]["get"]


def param(doc: Doc, name: str) -> Doc:
    return next(p for p in get(doc)["parameters"] if p["name"] == name)


def new_thing(doc: Doc) -> Doc:
    return doc["components"]["schemas"]["NewThing"]


def as_30(doc: Doc) -> Doc:
    """The same API in OpenAPI 3.0 spelling: nullable: true, and Microsoft's 2024 nullable reference."""
    doc["openapi"] = "3.0.3"
    props = thing(doc)["properties"]
    props["when"] = {"type": "string", "format": "date-time", "nullable": True}
    props["image"] = {"anyOf": [{"$ref": "#/components/schemas/Image"}, {"type": "object", "nullable": True}]}
    return doc


def inline_image(doc: Doc) -> Doc:
    thing(doc)["properties"]["image"] = {
        "anyOf": [copy.deepcopy(doc["components"]["schemas"]["Image"]), {"type": "null"}]
    }
    return doc


def inline_thing(doc: Doc) -> Doc:
    get(doc)["responses"]["200"]["content"]["application/json"]["schema"] = copy.deepcopy(thing(doc))
    return doc


def image_as(form: Doc) -> Callable[[Doc], Doc]:
    def mutate(doc: Doc) -> Doc:
        thing(doc)["properties"]["image"] = form
        return doc

    return mutate


IMAGE_REF = {"$ref": "#/components/schemas/Image"}


def set_in(path: str, value: Any) -> Callable[[Doc], Doc]:
    """Set a value at a slash path under components/schemas (or delete it with value=DELETE)."""

    def mutate(doc: Doc) -> Doc:
        node: Any = doc["components"]["schemas"]
        *parents, last = path.split("/")
        for part in parents:
            node = node[part]
        if value is DELETE:
            del node[last]
        else:
            node[last] = value
        return doc

    return mutate


DELETE = object()


def remove_required(name: str) -> Callable[[Doc], Doc]:
    def mutate(doc: Doc) -> Doc:
        thing(doc)["required"] = [r for r in thing(doc)["required"] if r != name]
        return doc

    return mutate


def chain(*mutations: Callable[[Doc], Doc]) -> Callable[[Doc], Doc]:
    def mutate(doc: Doc) -> Doc:
        for mutation in mutations:
            doc = mutation(doc)
        return doc

    return mutate


def edit(function: Callable[[Doc], None]) -> Callable[[Doc], Doc]:
    def mutate(doc: Doc) -> Doc:
        function(doc)
        return doc

    return mutate


Case = tuple[str, Callable[[Doc], Doc], Callable[[Doc], Doc], set[tuple[str, str]]]
SAME: Callable[[Doc], Doc] = lambda doc: doc

CASES: list[Case] = [
    # No change at all: spelling is not meaning.
    ("identical", SAME, SAME, set()),
    ("ref-indirection-inlined", SAME, inline_image, set()),
    ("schema-moved-into-components", inline_thing, SAME, set()),
    (
        "nullable-as-anyof-null",
        SAME,
        set_in("Thing/properties/when", {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]}),
        set(),
    ),
    ("nullable-openapi-30-spelling", SAME, as_30, set()),
    (
        "nullable-ref-microsoft-2024",
        SAME,
        image_as({"anyOf": [IMAGE_REF, {"type": "object", "nullable": True}]}),
        set(),
    ),
    ("nullable-ref-microsoft-2026-01", SAME, image_as({"anyOf": [IMAGE_REF], "nullable": True}), set()),
    ("nullable-ref-microsoft-2026-07", SAME, image_as({"anyOf": [IMAGE_REF, {"enum": [None]}]}), set()),
    (
        "nullable-ref-microsoft-2024-vs-2026-07",
        image_as({"anyOf": [IMAGE_REF, {"type": "object", "nullable": True}]}),
        image_as({"anyOf": [IMAGE_REF, {"enum": [None]}]}),
        set(),
    ),
    (
        "path-parameter-renamed",
        SAME,
        edit(
            lambda d: d["paths"].__setitem__("/users/{userId}/thing", _rename_id(d["paths"].pop("/users/{id}/thing")))
        ),
        set(),
    ),
    # Paths and operations.
    (
        "path-removed",
        SAME,
        edit(lambda d: d["paths"].pop("/health")),
        {("api-path-removed-without-deprecation", "ERR")},
    ),
    (
        "path-removed-after-deprecation",
        edit(lambda d: d["paths"]["/health"]["get"].__setitem__("deprecated", True)),
        edit(lambda d: d["paths"].pop("/health")),
        {("api-path-removed-with-deprecation", "INFO")},
    ),
    (
        "operation-removed",
        SAME,
        edit(lambda d: d["paths"]["/users/{id}/thing"].pop("post")),
        {("api-removed-without-deprecation", "ERR")},
    ),
    (
        "operation-removed-after-deprecation",
        edit(lambda d: d["paths"]["/users/{id}/thing"]["post"].__setitem__("deprecated", True)),
        edit(lambda d: d["paths"]["/users/{id}/thing"].pop("post")),
        {("api-removed-with-deprecation", "INFO")},
    ),
    (
        "endpoint-added",
        SAME,
        edit(lambda d: d["paths"].__setitem__("/ping", {"get": {"responses": {"204": {"description": "pong"}}}})),
        {("endpoint-added", "INFO")},
    ),
    (
        "endpoint-deprecated",
        SAME,
        edit(lambda d: d["paths"]["/health"]["get"].__setitem__("deprecated", True)),
        {("endpoint-deprecated", "INFO")},
    ),
    # Responses.
    (
        "success-status-changed",
        SAME,
        edit(lambda d: get(d)["responses"].__setitem__("203", get(d)["responses"].pop("200"))),
        {("response-success-status-removed", "ERR"), ("response-success-status-added", "INFO")},
    ),
    (
        "non-success-status-removed",
        SAME,
        edit(lambda d: get(d)["responses"].pop("404")),
        {("response-non-success-status-removed", "INFO")},
    ),
    (
        "media-type-replaced",
        SAME,
        edit(
            lambda d: get(d)["responses"]["200"].__setitem__(
                "content", {"application/xml": {"schema": {"$ref": THING}}}
            )
        ),
        {("response-media-type-removed", "ERR"), ("response-media-type-added", "INFO")},
    ),
    (
        "required-property-removed",
        SAME,
        chain(set_in("Thing/properties/id", DELETE), remove_required("id")),
        {("response-required-property-removed", "ERR")},
    ),
    (
        "optional-property-removed",
        SAME,
        set_in("Thing/properties/size", DELETE),
        {("response-optional-property-removed", "WARN")},
    ),
    ("property-became-optional", SAME, remove_required("id"), {("response-property-became-optional", "ERR")}),
    (
        "property-became-required",
        SAME,
        set_in("Thing/required", ["id", "size"]),
        {("response-property-became-required", "INFO")},
    ),
    (
        "property-became-nullable",
        SAME,
        set_in("Thing/properties/size/type", ["integer", "null"]),
        {("response-property-became-nullable", "ERR")},
    ),
    (
        "property-became-not-nullable",
        SAME,
        set_in("Thing/properties/when/type", "string"),
        {("response-property-became-not-nullable", "INFO")},
    ),
    (
        "property-type-changed",
        SAME,
        set_in("Thing/properties/size", {"type": "string"}),
        {("response-property-type-changed", "ERR")},
    ),
    (
        "property-format-changed",
        SAME,
        set_in("Thing/properties/size/format", "int64"),
        {("response-property-type-changed", "ERR")},
    ),
    (
        "nested-property-type-changed",
        SAME,
        set_in("Image/properties/version", {"type": "string"}),
        {("response-property-type-changed", "ERR")},
    ),
    (
        "enum-value-added",
        SAME,
        set_in("Thing/properties/level/enum", ["l", "m", "h"]),
        {("response-property-enum-value-added", "WARN")},
    ),
    (
        "enum-value-removed",
        SAME,
        set_in("Thing/properties/level/enum", ["l"]),
        {("response-property-enum-value-removed", "INFO")},
    ),
    (
        "optional-property-added",
        SAME,
        set_in("Thing/properties/colour", {"type": "string"}),
        {("response-optional-property-added", "INFO")},
    ),
    (
        "required-property-added",
        SAME,
        chain(set_in("Thing/properties/colour", {"type": "string"}), set_in("Thing/required", ["id", "colour"])),
        {("response-required-property-added", "INFO")},
    ),
    (
        "response-max-length-increased",
        SAME,
        set_in("Thing/properties/name/maxLength", 20),
        {("response-property-max-length-increased", "ERR")},
    ),
    (
        "response-max-length-decreased",  # a response sending less is no rule in oasdiff
        SAME,
        set_in("Thing/properties/name/maxLength", 5),
        set(),
    ),
    (
        "response-max-length-unset",
        SAME,
        set_in("Thing/properties/name/maxLength", DELETE),
        {("response-property-max-length-unset", "ERR")},
    ),
    (
        "response-pattern-removed",
        SAME,
        set_in("Thing/properties/name/pattern", DELETE),
        {("response-property-pattern-removed", "INFO")},
    ),
    (
        "response-pattern-changed",
        SAME,
        set_in("Thing/properties/name/pattern", "^[a-z0-9]+$"),
        {("response-property-pattern-changed", "INFO")},
    ),
    (
        "response-min-items-decreased",
        SAME,
        set_in("Thing/properties/tags/minItems", 0),  # 0 is no bound: minItems reads absent as 0
        {("response-property-min-items-decreased", "ERR")},
    ),
    # Request parameters.
    (
        "new-required-parameter",
        SAME,
        edit(
            lambda d: get(d)["parameters"].append(
                {"name": "tenant", "in": "query", "required": True, "schema": {"type": "string"}}
            )
        ),
        {("new-required-request-parameter", "ERR")},
    ),
    (
        "new-optional-parameter",
        SAME,
        edit(lambda d: get(d)["parameters"].append({"name": "tenant", "in": "query", "schema": {"type": "string"}})),
        {("new-optional-request-parameter", "INFO")},
    ),
    (
        "parameter-became-required",
        SAME,
        edit(lambda d: param(d, "top").__setitem__("required", True)),
        {("request-parameter-became-required", "ERR")},
    ),
    (
        "parameter-became-optional",
        edit(lambda d: param(d, "top").__setitem__("required", True)),
        edit(lambda d: param(d, "top").pop("required")),
        {("request-parameter-became-optional", "INFO")},
    ),
    (
        "parameter-removed",
        SAME,
        edit(lambda d: get(d).__setitem__("parameters", [p for p in get(d)["parameters"] if p["name"] != "top"])),
        {("request-parameter-removed", "WARN")},
    ),
    (
        "parameter-type-generalized",  # a query parameter is text on the wire: any value still fits a string
        SAME,
        edit(lambda d: param(d, "top").__setitem__("schema", {"type": "string"})),
        {("request-parameter-type-generalized", "INFO")},
    ),
    (
        "parameter-type-changed",
        SAME,
        edit(lambda d: param(d, "top").__setitem__("schema", {"type": "boolean"})),
        {("request-parameter-type-changed", "ERR")},
    ),
    (
        "parameter-enum-value-removed",
        SAME,
        edit(lambda d: param(d, "$select")["schema"]["items"].__setitem__("enum", ["a"])),
        {("request-parameter-property-enum-value-removed", "ERR")},
    ),
    (
        "parameter-enum-value-added",
        SAME,
        edit(lambda d: param(d, "$select")["schema"]["items"].__setitem__("enum", ["a", "b", "c"])),
        {("request-parameter-property-enum-value-added", "INFO")},
    ),
    (
        "parameter-became-enum",
        SAME,
        edit(lambda d: d["paths"]["/users/{id}/thing"]["parameters"][0]["schema"].__setitem__("enum", ["me"])),
        {("request-parameter-became-enum", "ERR")},
    ),
    (
        "parameter-pattern-added",
        SAME,
        edit(
            lambda d: d["paths"]["/users/{id}/thing"]["parameters"][0]["schema"].__setitem__("pattern", "^[0-9a-f-]+$")
        ),
        {("request-parameter-pattern-added", "ERR")},
    ),
    (
        "parameter-max-length-set",
        SAME,
        edit(lambda d: d["paths"]["/users/{id}/thing"]["parameters"][0]["schema"].__setitem__("maxLength", 36)),
        {("request-parameter-max-length-set", "WARN")},
    ),
    (
        "parameter-min-increased",
        SAME,
        edit(lambda d: param(d, "top")["schema"].__setitem__("minimum", 5)),
        {("request-parameter-min-increased", "ERR")},
    ),
    (
        "parameter-min-decreased",
        SAME,
        edit(lambda d: param(d, "top")["schema"].__setitem__("minimum", 0)),
        {("request-parameter-min-decreased", "INFO")},
    ),
    (
        "parameter-max-decreased",
        SAME,
        edit(lambda d: param(d, "top")["schema"].__setitem__("maximum", 50)),
        {("request-parameter-max-decreased", "ERR")},
    ),
    (
        "parameter-min-items-from-none",  # absent reads as 0, so this is a raise (oasdiff at 4553c69d)
        SAME,
        edit(lambda d: param(d, "$select")["schema"].__setitem__("minItems", 1)),
        {("request-parameter-min-items-increased", "ERR")},
    ),
    # Request bodies.
    (
        "new-required-request-property",
        SAME,
        chain(set_in("NewThing/properties/owner", {"type": "string"}), set_in("NewThing/required", ["name", "owner"])),
        {("new-required-request-property", "ERR")},
    ),
    (
        "new-optional-request-property",
        SAME,
        set_in("NewThing/properties/owner", {"type": "string"}),
        {("new-optional-request-property", "INFO")},
    ),
    (
        "request-property-became-required",
        SAME,
        set_in("NewThing/required", ["name", "size"]),
        {("request-property-became-required", "ERR")},
    ),
    (
        "request-property-removed",
        SAME,
        set_in("NewThing/properties/size", DELETE),
        {("request-property-removed", "WARN")},
    ),
    (
        "request-property-type-changed",
        SAME,
        set_in("NewThing/properties/size", {"type": "string"}),
        {("request-property-type-changed", "ERR")},
    ),
    (
        "request-property-enum-value-removed",
        SAME,
        set_in("NewThing/properties/kind/enum", ["a"]),
        {("request-property-enum-value-removed", "ERR")},
    ),
    (
        "request-property-enum-value-added",
        SAME,
        set_in("NewThing/properties/kind/enum", ["a", "b", "c"]),
        {("request-property-enum-value-added", "INFO")},
    ),
    (
        "request-property-max-length-set",
        SAME,
        set_in("NewThing/properties/name/maxLength", 40),
        {("request-property-max-length-set", "WARN")},
    ),
    (
        "request-body-became-required",
        SAME,
        edit(lambda d: d["paths"]["/users/{id}/thing"]["post"]["requestBody"].__setitem__("required", True)),
        {("request-body-became-required", "ERR")},
    ),
]


def _rename_id(item: Doc) -> Doc:
    item["parameters"][0]["name"] = "userId"
    return item


def write(folder: Path, name: str, doc: Doc) -> Path:
    path = folder / name
    path.write_text(yaml.safe_dump(doc, sort_keys=False))
    return path


@pytest.mark.parametrize(("name", "make_base", "make_revision", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_spec_pair_gives_exactly_its_rules(
    tmp_path: Path,
    name: str,
    make_base: Callable[[Doc], Doc],
    make_revision: Callable[[Doc], Doc],
    expected: set[tuple[str, str]],
) -> None:
    base = make_base(copy.deepcopy(BASE))
    revision = make_revision(copy.deepcopy(base))
    changes = diff_specs(
        load_spec(write(tmp_path, "base.yaml", base)), load_spec(write(tmp_path, "revision.yaml", revision))
    )
    assert {(c.id, c.level) for c in changes} == expected, [c.as_dict() for c in changes]


def test_the_corpus_has_at_least_forty_pairs() -> None:
    assert len(CASES) >= 40
    assert sum(1 for case in CASES if not case[3]) >= 10  # pairs that must produce nothing


def test_reformatting_and_reordering_the_file_is_no_change(tmp_path: Path) -> None:
    spec = ROOT / "spec" / "qrcode.openapi.yaml"
    data = yaml.safe_load(spec.read_text())
    as_json = tmp_path / "spec.json"
    as_json.write_text(json.dumps(data, sort_keys=True, indent=1))  # every key reordered, JSON instead of YAML
    assert diff_specs(load_spec(spec), load_spec(as_json)) == []


def test_breaking_changes_say_what_the_generated_client_feels(tmp_path: Path) -> None:
    base = copy.deepcopy(BASE)
    revision = copy.deepcopy(BASE)
    revision["components"]["schemas"]["Image"]["properties"]["version"] = {"type": "string"}
    del revision["paths"]["/health"]
    changes = diff_specs(load_spec(write(tmp_path, "a.yaml", base)), load_spec(write(tmp_path, "b.yaml", revision)))
    clients = {c.client for c in changes}
    assert "Client.health() is removed" in clients
    assert "Image.version changes type to string" in clients


def cli(*args: str, cwd: Path = ROOT) -> CliResult:
    return run_cli("diff", *args, cwd=cwd)


def test_fail_on_sets_the_exit_code_and_formats_render(tmp_path: Path) -> None:
    base = write(tmp_path, "a.yaml", BASE)
    warn_only = copy.deepcopy(BASE)
    warn_only["components"]["schemas"]["Thing"]["properties"]["level"]["enum"] = ["l", "m", "h"]
    revision = write(tmp_path, "b.yaml", warn_only)
    assert cli(str(base), str(revision)).code == 0
    assert cli(str(base), str(revision), "--fail-on", "WARN").code == 1
    as_json = json.loads(cli(str(base), str(revision), "--format", "json").stdout)
    assert as_json["summary"] == {"ERR": 0, "WARN": 2, "INFO": 0}
    assert set(as_json["changes"][0]) >= {"id", "level", "operation", "location", "text"}
    markdown = cli(str(base), str(revision), "--format", "markdown").stdout
    assert markdown.startswith("### API changes:") and "| 🟠 WARN | `response-property-enum-value-added`" in markdown
    junit = cli(str(base), str(revision), "--format", "junit").stdout
    assert "<testsuite" in junit and 'tests="2"' in junit


def test_git_revisions_are_read_and_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    write(tmp_path, "spec.yaml", BASE)
    subprocess.run(["git", "-C", str(tmp_path), "add", "spec.yaml"], check=True)
    subprocess.run(
        ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "base"], check=True
    )
    changed = copy.deepcopy(BASE)
    del changed["paths"]["/health"]
    write(tmp_path, "spec.yaml", changed)
    result = cli("HEAD:spec.yaml", "spec.yaml", cwd=tmp_path)
    assert result.code == 1
    assert "api-path-removed-without-deprecation" in result.stdout
    for args, message in (
        (("nope:spec.yaml", "spec.yaml"), "nope:spec.yaml: 'nope' is not a commit in this repository"),
        (("missing.yaml", "spec.yaml"), "missing.yaml: no such file"),
        (("HEAD:absent.yaml", "spec.yaml"), "HEAD:absent.yaml: not a file, and not a git revision of one"),
    ):
        bad = cli(*args, cwd=tmp_path)
        assert bad.code == 2
        assert bad.stderr.startswith(f"qrcontract: error: {message}"), bad.stderr
        assert "Traceback" not in bad.stderr
    (tmp_path / "invalid.yaml").write_text("openapi: 3.1.0\ninfo: {title: t}\npaths: {}\n")
    invalid = cli("invalid.yaml", "spec.yaml", cwd=tmp_path)
    assert invalid.code == 2 and "invalid OpenAPI" in invalid.stderr
