"""Loading the spec: the one object every consumer reads, and clear errors for unusable files."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import Spec, SpecError, load_spec
from tests.conftest import SPEC_PATH


def test_the_project_spec_has_the_four_get_operations(spec: Spec) -> None:
    assert {(op.method, op.path, op.operation_id) for op in spec.operations} == {
        ("GET", "/me/authentication/qrCodePinMethod/standardQRCode", "getMyStandardQRCode"),
        ("GET", "/me/authentication/qrCodePinMethod/temporaryQRCode", "getMyTemporaryQRCode"),
        ("GET", "/users/{id}/authentication/qrCodePinMethod/standardQRCode", "getUserStandardQRCode"),
        ("GET", "/users/{id}/authentication/qrCodePinMethod/temporaryQRCode", "getUserTemporaryQRCode"),
    }
    assert spec.servers == ("https://graph.microsoft.com/beta",)
    assert spec.server_path == "/beta"


def test_me_paths_accept_only_delegated_tokens_and_users_paths_also_application(spec: Spec) -> None:
    me = spec.operations_by_id["getMyStandardQRCode"]
    users = spec.operations_by_id["getUserStandardQRCode"]
    assert {scheme for alt in me.security for scheme in alt} == {"azureAdDelegated"}
    assert {"UserAuthenticationMethod.Read.All"} in [set(alt.get("azureAdApplication", ())) for alt in users.security]


def test_success_is_a_bare_qrcode_and_errors_are_odata_with_retry_after_on_429_and_503(spec: Spec) -> None:
    op = spec.operations_by_id["getUserTemporaryQRCode"]
    ok = op.response_for(200)
    assert ok is not None and ok.content["application/json"].schema == {"$ref": "#/components/schemas/qrCode"}
    for status in (400, 401, 403, 404, 405, 409, 412, 429, 500, 503, 504):
        response = op.response_for(status)
        assert response is not None, status
        assert response.content["application/json"].schema == {"$ref": "#/components/schemas/odataError"}
        names = {header.name for header in response.headers}
        assert {"request-id", "client-request-id"} <= names
        assert ("Retry-After" in names) == (status in (429, 503))
    assert op.response_for(418) is None


def test_every_response_has_examples_with_the_real_world_values(spec: Spec) -> None:
    for op in spec.operations:
        for response in op.responses:
            assert response.content["application/json"].examples, (op.operation_id, response.status)
    standard = spec.operations[0].response_for(200).content["application/json"].examples["standard"]  # type: ignore[union-attr]
    assert standard["createdDateTime"] == "2024-02-01T19:58:51.2210909Z"
    assert standard["lastUsedDateTime"] == "0001-01-01T00:00:00Z"
    assert standard["image"] is None
    assert "value" not in standard


def test_nullable_image_is_written_the_openapi_31_way(spec: Spec) -> None:
    image = spec.schemas["qrCode"]["properties"]["image"]
    assert image["anyOf"] == [{"$ref": "#/components/schemas/qrCodeImageDetails"}, {"type": "null"}]


def test_where_names_the_file_and_line_of_a_pointer(spec: Spec) -> None:
    text = SPEC_PATH.read_text().splitlines()
    location = spec.where("/components/schemas/qrCodeImageDetails/properties/version")
    line = int(location.rsplit(":", 1)[1])
    assert text[line - 1].strip() == "version:"


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


MINIMAL = """\
openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/A'
components:
  schemas:
    A: {type: object}
"""


@pytest.mark.parametrize(
    ("text", "message", "line"),
    [
        ("openapi: 3.1.0\ninfo: [unclosed\n", "not valid YAML", 3),
        ("just: a mapping\n", "not an OpenAPI document", None),
        ("- a list\n", "not an OpenAPI document", None),
        ("openapi: 2.0\ninfo: {title: t, version: '1'}\npaths: {}\n", "OpenAPI 2.0 is not supported", 1),
        (MINIMAL.replace("#/components/schemas/A", "#/components/schemas/Missing"), "does not resolve", 12),
        (MINIMAL.replace("#/components/schemas/A", "other.yaml#/A"), "points outside this file", 12),
        (MINIMAL.replace("A: {type: object}", "A: {type: objekt}"), "invalid OpenAPI", None),
        (MINIMAL.replace("      responses:\n", "      responses: 5\n").split("        '200'")[0], "invalid OpenAPI", 6),
        (MINIMAL + "  schemas:\n    B: {type: string}\n", "the key 'schemas' is given twice (lines 14 and 16)", 16),
    ],
    ids=[
        "yaml-syntax",
        "not-openapi",
        "not-a-mapping",
        "swagger-2",
        "bad-ref",
        "external-ref",
        "bad-type",
        "bad-responses",
        "duplicate-key",
    ],
)
def test_an_unusable_spec_gives_one_line_naming_file_and_place(
    tmp_path: Path, text: str, message: str, line: int | None
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(SpecError) as caught:
        load_spec(path)
    error = str(caught.value)
    assert "\n" not in error
    assert error.startswith(str(path))
    assert message in error
    if line is not None:
        assert error.startswith(f"{path}:{line}:"), error


def test_a_missing_file_and_a_binary_file_are_reported(tmp_path: Path) -> None:
    with pytest.raises(SpecError, match="no such file"):
        load_spec(tmp_path / "absent.yaml")
    binary = tmp_path / "blob.yaml"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    with pytest.raises(SpecError, match="not UTF-8"):
        load_spec(binary)
    with pytest.raises(SpecError, match="is a folder"):
        load_spec(tmp_path)


def test_a_json_spec_loads_too(tmp_path: Path) -> None:
    import json

    import yaml

    path = write(tmp_path, json.dumps(yaml.safe_load(MINIMAL)), "spec.json")
    assert [op.key for op in load_spec(path).operations] == ["GET /a"]
