"""`qrcontract upstream`: the fragment held against Microsoft's CSDL and OpenAPI description.

The vendored slices in upstream/ (MIT, from microsoftgraph/msgraph-metadata) are what `check` runs
against; planted changes in copies of them must be reported with both places, and every nullable
spelling Microsoft has published must read as nullable.
"""

from __future__ import annotations

import json
import re
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest

from generator.spec import load_spec
from generator.upstream import UpstreamOptions, check_upstream, read_csdl, slice_openapi
from tests.conftest import ROOT, run_cli

CSDL = ROOT / "upstream" / "beta.csdl.xml"
OPENAPI = ROOT / "upstream" / "beta.openapi.yaml"
BASELINE = ROOT / "upstream" / "baseline.yaml"
SPEC = ROOT / "spec" / "qrcode.openapi.yaml"


def findings(*args: str, cwd: Path = ROOT) -> tuple[int, list[dict[str, object]]]:
    result = run_cli("upstream", "--format", "json", *args, cwd=cwd)
    assert result.code in (0, 1), result.stderr
    return result.code, json.loads(result.stdout)["findings"]


def test_the_fragment_agrees_with_the_vendored_metadata_once_its_baseline_is_applied() -> None:
    code, found = findings("--csdl", str(CSDL), "--openapi", str(OPENAPI), "--baseline", str(BASELINE))
    assert code == 0
    assert {f["rule"] for f in found} == {"method-not-in-fragment"}  # PATCH and DELETE: outside the first scope
    assert all(f["severity"] == "info" for f in found)


def test_the_sources_and_baseline_come_from_the_settings_and_check_runs_them_as_a_step() -> None:
    from generator.check._steps import default_steps
    from generator.config import load_settings

    result = run_cli("upstream")
    assert result.code == 0, result.stdout + result.stderr
    assert "0 errors" in result.stdout and "11 accepted" in result.stdout
    steps = dict(default_steps(load_settings(ROOT)))
    outcome = steps["upstream"](load_spec(SPEC))
    assert outcome.verdict == "ok" and "11 accepted in the baseline" in outcome.summary


def plant(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the slices with a property added, one removed, a type widened and an enum member added."""
    csdl = CSDL.read_text()
    csdl = csdl.replace(
        '<Property Name="lastUsedDateTime" Type="Edm.DateTimeOffset">',
        '<Property Name="isUsable" Type="Edm.Boolean" />\n        <Property Name="lastSeenDateTime" Type="Edm.DateTimeOffset">',
    )
    csdl = csdl.replace('<Property Name="version" Type="Edm.Int32">', '<Property Name="version" Type="Edm.Int64">')
    csdl = csdl.replace(
        '<Member Name="unknownFutureValue" Value="5" />',
        '<Member Name="unknownFutureValue" Value="5" />\n        <Member Name="x" Value="6" />',
    )
    openapi = OPENAPI.read_text().replace("          format: int32\n", "          format: int64\n")
    (tmp_path / "csdl.xml").write_text(csdl)
    (tmp_path / "openapi.yaml").write_text(openapi)
    return tmp_path / "csdl.xml", tmp_path / "openapi.yaml"


def test_planted_upstream_changes_are_reported_with_both_places(tmp_path: Path) -> None:
    csdl, openapi = plant(tmp_path)
    code, found = findings("--csdl", str(csdl), "--openapi", str(openapi), "--baseline", str(BASELINE))
    assert code == 1
    by_rule = {(f["rule"], f["message"]): f for f in found if str(f["upstream"]).startswith(str(csdl))}
    expected = {
        ("property-added", "qrCode: upstream microsoft.graph.qrCode has a property 'isUsable' that the fragment lacks"),
        ("property-removed", "qrCode.lastUsedDateTime is not a property of upstream microsoft.graph.qrCode"),
        ("type-changed", "qrCodeImageDetails.version is integer/int32 here, integer/int64 upstream"),
        (
            "enum-member-added",
            "upstream microsoft.graph.errorCorrectionLevel has a member 'x' (an evolvable enum: clients tolerate it)",
        ),
    }
    assert expected <= by_rule.keys()
    spec_lines = SPEC.read_text().splitlines()
    csdl_lines = csdl.read_text().splitlines()
    removed = by_rule[
        ("property-removed", "qrCode.lastUsedDateTime is not a property of upstream microsoft.graph.qrCode")
    ]
    assert re.fullmatch(r".*qrcode\.openapi\.yaml:\d+", str(removed["spec"]))
    assert "lastUsedDateTime:" in spec_lines[int(str(removed["spec"]).rsplit(":", 1)[1]) - 1]
    widened = by_rule[("type-changed", "qrCodeImageDetails.version is integer/int32 here, integer/int64 upstream")]
    upstream_file, upstream_line = str(widened["upstream"]).rsplit(":", 1)
    assert upstream_file == str(csdl)
    assert 'Name="version" Type="Edm.Int64"' in csdl_lines[int(upstream_line) - 1]
    added = by_rule[
        ("property-added", "qrCode: upstream microsoft.graph.qrCode has a property 'isUsable' that the fragment lacks")
    ]
    assert 'Name="isUsable"' in csdl_lines[int(str(added["upstream"]).rsplit(":", 1)[1]) - 1]
    # The OpenAPI description's widening is found too, at its own line.
    openapi_lines = openapi.read_text().splitlines()
    from_openapi = [f for f in found if f["rule"] == "type-changed" and str(f["upstream"]).startswith(str(openapi))]
    assert from_openapi and "version:" in openapi_lines[int(str(from_openapi[0]["upstream"]).rsplit(":", 1)[1]) - 1]


NULLABLE_REF_SPELLINGS = {
    "3.1 anyOf null": ("3.1.0", {"anyOf": [{"$ref": "#/components/schemas/ns.image"}, {"type": "null"}]}),
    "3.0 2024": ("3.0.4", {"anyOf": [{"$ref": "#/components/schemas/ns.image"}, {"type": "object", "nullable": True}]}),
    "3.0 2024 reversed": (
        "3.0.4",
        {"anyOf": [{"nullable": True, "type": "object"}, {"$ref": "#/components/schemas/ns.image"}]},
    ),
    "3.0 January 2026": (
        "3.0.4",
        {"type": "object", "anyOf": [{"$ref": "#/components/schemas/ns.image"}], "nullable": True},
    ),
    "3.0 July 2026": ("3.0.4", {"anyOf": [{"$ref": "#/components/schemas/ns.image"}, {"enum": [None]}]}),
}
NULLABLE_INT = {
    "3.1.0": {"type": ["null", "number"], "format": "int32"},
    "3.0.4": {"type": "number", "format": "int32", "nullable": True},
}


def synthetic(version: str, image: dict[str, object]) -> dict[str, object]:
    return {
        "openapi": version,
        "paths": {
            "/things/{thing-id}": {
                "get": {
                    "responses": {
                        "2XX": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ns.thing"}}},
                        }
                    }
                }
            }
        },
        "components": {
            "schemas": {
                "ns.entity": {"type": "object", "properties": {"id": {"type": "string"}}},
                "ns.thing": {
                    "allOf": [
                        {"$ref": "#/components/schemas/ns.entity"},
                        {"type": "object", "properties": {"size": NULLABLE_INT[version], "image": image}},
                    ]
                },
                "ns.image": {
                    "type": "object",
                    "properties": {
                        "data": {"type": "string", "format": "base64url", "nullable": True}
                        if version == "3.0.4"
                        else {"type": ["string", "null"], "format": "base64url"}
                    },
                },
            }
        },
    }


FRAGMENT = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /things/{id}:
    x-upstream-path: /things/{thing-id}
    get:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/thing'}}}
components:
  schemas:
    thing:
      x-odata-type: ns.thing
      type: object
      properties:
        id: {type: string}
        size: {type: [integer, 'null'], format: int32}
        image: {anyOf: [{$ref: '#/components/schemas/image'}, {type: 'null'}]}
    image:
      x-odata-type: ns.image
      type: object
      properties:
        data: {type: [string, 'null'], format: base64url}
"""


@pytest.mark.parametrize("spelling", list(NULLABLE_REF_SPELLINGS))
def test_every_nullable_spelling_microsoft_published_reads_the_same(tmp_path: Path, spelling: str) -> None:
    version, image = NULLABLE_REF_SPELLINGS[spelling]
    (tmp_path / "fragment.yaml").write_text(FRAGMENT)
    (tmp_path / "upstream.json").write_text(json.dumps(synthetic(version, image)))
    spec = load_spec(tmp_path / "fragment.yaml")
    found = check_upstream(spec, UpstreamOptions(openapi=str(tmp_path / "upstream.json"), cache=tmp_path))
    assert found == []  # number + int32 is integer + int32, 2XX is 200, allOf inheritance gives id


def test_a_big_description_is_sliced_by_its_lines_with_original_line_numbers(tmp_path: Path) -> None:
    lines = ["openapi: 3.0.4", "info:", "  title: big", "paths:"]
    for index in range(5000):
        lines += [f"  '/filler/{index}':", "    get:", "      responses:", "        2XX:", "          description: ok"]
    wanted_at = len(lines) + 1
    lines += [
        "  '/things/{thing-id}':",
        "    get:",
        "      responses:",
        "        2XX:",
        "          description: ok",
        "          content:",
        "            application/json:",
        "              schema:",
        "                $ref: '#/components/schemas/ns.thing'",
        "components:",
        "  schemas:",
        "    ns.other:",
        "      type: string",
        "    ns.thing:",
        "      type: object",
        "      properties:",
        "        size:",
        "          type: number",
        "          format: int32",
    ]
    path = tmp_path / "big.yaml"
    path.write_text("\n".join(lines) + "\n")
    upstream = slice_openapi(path, ["/things/{thing-id}"])
    assert list(upstream.paths) == ["/things/{thing-id}"]
    assert list(upstream.components["schemas"]) == ["ns.thing"]  # only what the path reaches
    assert upstream.line_of("/paths/~1things~1{thing-id}") == wanted_at
    size_line = upstream.line_of("/components/schemas/ns.thing/properties/size")
    assert size_line is not None and lines[size_line - 1].strip() == "size:"


def test_paths_resolve_through_the_csdl_container_and_navigation(tmp_path: Path) -> None:
    csdl = read_csdl(CSDL)
    assert csdl.roots["users"][0] == "microsoft.graph.user"
    assert "id" in csdl.all_properties("microsoft.graph.qrCode")  # inherited from entity
    fragment = SPEC.read_text().replace(
        "x-upstream-path: /users/{user-id}/authentication/qrCodePinMethod/temporaryQRCode",
        "x-upstream-path: /users/{user-id}/authentication/qrCodePinMethod/oldQRCode",
    )
    (tmp_path / "spec.yaml").write_text(fragment)
    code, found = findings("--spec", str(tmp_path / "spec.yaml"), "--csdl", str(CSDL))
    assert code == 1
    (missing,) = [f for f in found if f["rule"] == "path-missing"]
    assert "has no navigation property 'oldQRCode'" in str(missing["message"])


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("<edmx:Edmx", "bad.xml:1: not XML: unclosed token"),
        ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>', "declares XML entities"),
        ("<x/>", "not a CSDL document"),
    ],
    ids=["truncated", "entities", "not csdl"],
)
def test_unusable_metadata_is_one_line_exit_2(tmp_path: Path, text: str, reason: str) -> None:
    (tmp_path / "bad.xml").write_text(text)
    result = run_cli("upstream", "--csdl", str(tmp_path / "bad.xml"))
    assert result.code == 2
    assert reason in result.stderr and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("bad.xml", '<?xml version="1.0" encoding="x-evil"?>\n<x/>\n', "bad.xml:1: not readable XML: unknown encoding"),
        (
            "bad.yaml",
            'openapi: 3.0.0\npaths:\n  "a"b": {}\n',
            "bad.yaml:3: not YAML this reader can take: a quoted key",
        ),
        ("bad.yaml", "openapi\npaths: {}\n", "bad.yaml:1: not YAML this reader can take: `openapi` without a value"),
        ("bad.yaml", "openapi: 3.0.0\npaths:\n\t/x: {}\n", "bad.yaml:3: not YAML this reader can take: a tab"),
        ("bad.json", '{"openapi": "3.0.0", "paths": {"/x": ' + "[" * 30000 + "]" * 30000 + "}}", "nests deeper than"),
        ("bad.xml", '<?xml version="1.0"?>\n' + "<a>" * 5000 + "</a>" * 5000, "bad.xml:2: nests elements deeper"),
        ("bad.xml", '<?xml version="1.0"?>\n<a b="' + "x" * (17 * 1024 * 1024) + '"/>', "longer than 16,777,216 bytes"),
    ],
    ids=["unknown-encoding", "quoted-key", "bare-openapi", "tab", "deep-json", "deep-xml", "huge-attribute"],
)
def test_metadata_the_readers_cannot_take_is_one_line_exit_2_naming_the_line(
    tmp_path: Path, name: str, text: str, reason: str
) -> None:
    (tmp_path / name).write_text(text)
    option = "--csdl" if name.endswith(".xml") else "--openapi"
    result = run_cli("upstream", option, str(tmp_path / name), "--offline")
    assert result.code == 2, result.stderr
    assert reason in result.stderr and result.stderr.count("\n") == 1


class _Metadata(BaseHTTPRequestHandler):
    requests: ClassVar[list[dict[str, str]]] = []

    def do_GET(self) -> None:
        type(self).requests.append(dict(self.headers))
        if self.headers.get("If-None-Match") == '"v1"':
            self.send_response(304)
            self.end_headers()
            return
        body = CSDL.read_bytes()
        self.send_response(200)
        self.send_header("ETag", '"v1"')
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def metadata_server() -> Iterator[str]:
    _Metadata.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Metadata)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/beta/$metadata"
    finally:
        server.shutdown()
        server.server_close()


def test_urls_are_cached_and_revalidated_by_etag_and_offline_uses_the_cache(
    tmp_path: Path, metadata_server: str
) -> None:
    cache = tmp_path / "cache"
    args = ("--csdl", metadata_server, "--cache-dir", str(cache), "--baseline", str(BASELINE))
    assert run_cli("upstream", *args).code == 0
    assert run_cli("upstream", *args).code == 0
    assert [r.get("If-None-Match") for r in _Metadata.requests] == [None, '"v1"']  # the second costs a 304
    assert run_cli("upstream", *args, "--offline").code == 0
    assert len(_Metadata.requests) == 2  # offline: no request at all
    shutil.rmtree(cache)
    offline = run_cli("upstream", *args, "--offline")
    assert offline.code == 2 and "not in the cache" in offline.stderr


def test_a_credential_in_an_upstream_url_never_reaches_the_findings(tmp_path: Path, metadata_server: str) -> None:
    url = metadata_server + "?sig=SIGSECRET123&x=1"
    empty = tmp_path / "baseline.yaml"
    empty.write_text("[]\n")
    args = ("--format", "json", "--csdl", url, "--cache-dir", str(tmp_path / "cache"), "--baseline", str(empty))
    result = run_cli("upstream", *args)
    assert result.code == 1, result.stderr  # without the baseline, the accepted differences are findings again
    assert "SIGSECRET123" not in result.stdout + result.stderr
    assert "sig=REDACTED" in result.stdout
