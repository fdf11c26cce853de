"""`qrcontract validate` and the Python API: recorded exchanges held against the contract."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from generator import Spec
from generator.exchanges import Exchange, read_exchanges
from generator.validation import ContractValidator, Violation, validate_exchange
from tests.conftest import ROOT, CliResult, run_cli

FIXTURES = Path(__file__).parent / "fixtures"
STD = "https://graph.microsoft.com/beta/users/u1/authentication/qrCodePinMethod/standardQRCode"
QR = {
    "id": "cb96",
    "createdDateTime": "2024-02-01T19:58:51.2210909Z",
    "lastUsedDateTime": "0001-01-01T00:00:00Z",
    "image": None,
}


def run(*args: str, env: dict[str, str] | None = None) -> CliResult:
    return run_cli("validate", *args, cwd=ROOT, env=env)


def exchange(body: object, status: int = 200, url: str = STD, headers: dict[str, str] | None = None) -> Exchange:
    return Exchange(
        "GET", url, status, response_headers=headers or {"content-type": "application/json"}, body=json.dumps(body)
    )


def test_every_reader_finds_its_exchanges() -> None:
    counts: dict[str, int] = {}
    for item in read_exchanges([FIXTURES / "valid"]):
        assert isinstance(item, Exchange)
        counts[Path(item.source).name] = counts.get(Path(item.source).name, 0) + 1
    assert counts == {"graph.vcr.yaml": 4, "schemathesis.yaml": 2, "browser.har": 2, "hand-written.json": 2}


def test_conforming_fixtures_pass_with_exit_0() -> None:
    result = run("tests/fixtures/valid")
    assert result.code == 0, result.stdout + result.stderr
    assert (
        result.stdout.splitlines()[-1]
        == "10 exchanges: 10 conform, 0 do not (0 errors, 1 warnings, 0 skipped, 0 unreadable files)"
    )


def test_each_drifted_fixture_triggers_exactly_the_rule_it_states(spec: Spec) -> None:
    expected = yaml.safe_load((FIXTURES / "drifted.expected.yaml").read_text())
    validator = ContractValidator(spec, check_secrets=True)
    seen: dict[str, list[str]] = {}
    for item in read_exchanges([FIXTURES / "drifted"]):
        assert isinstance(item, Exchange), item
        result = validator.validate(item)
        seen[Path(item.source).name] = sorted({v.rule for v in result.violations if v.severity == "error"})
    assert seen == {name: sorted(rules) for name, rules in expected.items()}


def test_a_violation_line_names_source_operation_status_pointer_expected_actual_and_rule() -> None:
    result = run("tests/fixtures/drifted/wrong-type.vcr.yaml")
    assert result.code == 1
    assert result.stdout.splitlines()[0] == (
        "tests/fixtures/drifted/wrong-type.vcr.yaml#0 GET /users/{id}/.../standardQRCode 200 "
        '/image/version: expected int32 or null, got "two" [type]'
    )


def test_the_value_wrapper_is_one_error_that_says_so() -> None:
    result = run("tests/fixtures/drifted/value-wrapper.json")
    assert result.code == 1
    assert (
        'the qrCode is wrapped in {"value": ...}; the spec says the response is the bare qrCode [value-wrapper]'
        in result.stdout
    )
    assert "[required]" not in result.stdout


def test_unreadable_files_are_named_with_a_reason_and_the_rest_still_validated() -> None:
    result = run("tests/fixtures/unreadable", "tests/fixtures/valid/browser.har")
    assert result.code == 2
    errors = result.stderr.splitlines()
    assert errors == [
        "qrcontract: error: tests/fixtures/unreadable/bad-syntax.yaml:3: not valid YAML: did not find expected ',' or '}'",
        "qrcontract: error: tests/fixtures/unreadable/binary.json: a binary file, not a recorded exchange",
        "qrcontract: warning: tests/fixtures/unreadable/no-entries.har:/log/entries: a HAR file without entries",
        "qrcontract: error: tests/fixtures/unreadable/truncated.json:4: not valid JSON: Unterminated string starting at",
    ]
    assert "2 exchanges: 2 conform" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_output_has_summary_and_results_with_ok_meaning_no_errors() -> None:
    result = run("tests/fixtures/valid/schemathesis.yaml", "tests/fixtures/drifted/missing-id.yaml", "--format", "json")
    assert result.code == 1
    report = json.loads(result.stdout)
    assert report["summary"] == {
        "exchanges": 3,
        "conform": 2,
        "failed": 1,
        "errors": 1,
        "warnings": 1,
        "skipped": 0,
        "unreadable": 0,
    }
    by_source = {(Path(r["source"]).name, r["index"]): r for r in report["results"]}
    warned = by_source[("schemathesis.yaml", 1)]
    assert warned["ok"] is True
    assert warned["operation"] == "getUserStandardQRCode"
    assert warned["path"] == "/users/{id}/authentication/qrCodePinMethod/standardQRCode"
    assert warned["violations"] == [
        {
            "rule": "unknown-member",
            "severity": "warning",
            "pointer": "/isUsable",
            "message": 'member "isUsable" is not in the spec (drift to look at: the type may have grown)',
            "actual": "true",
        }
    ]
    missing = by_source[("missing-id.yaml", 0)]
    assert missing["ok"] is False and missing["status"] == 200 and missing["method"] == "GET"
    (required,) = missing["violations"]
    assert required["rule"] == "required" and required["expected"] == "id"
    assert required["spec"].startswith("spec/qrcode.openapi.yaml:")  # where in the spec the broken schema is


def test_junit_has_one_test_case_per_exchange(tmp_path: Path) -> None:
    report = tmp_path / "junit.xml"
    result = run("tests/fixtures/drifted", "tests/fixtures/valid", "--junit", str(report))
    assert result.code == 1
    suite = ET.parse(report).getroot()
    assert suite.get("tests") == "22"
    assert suite.get("failures") == "12"
    assert len(suite.findall("testcase")) == 22


def test_github_actions_gets_error_annotations() -> None:
    result = run("tests/fixtures/drifted/missing-id.yaml", env={"GITHUB_ACTIONS": "true"})
    annotation = "::error file=tests/fixtures/drifted/missing-id.yaml,title=qrcontract required::tests/fixtures/drifted/missing-id.yaml#0"
    assert result.stdout.splitlines()[1].startswith(annotation)
    as_json = run("tests/fixtures/drifted/missing-id.yaml", "--format", "json", env={"GITHUB_ACTIONS": "true"})
    assert json.loads(as_json.stdout)["summary"]["failed"] == 1  # stdout stays pure JSON
    assert as_json.stderr.startswith(annotation)


def test_strict_makes_unknown_members_errors() -> None:
    assert run("tests/fixtures/valid/schemathesis.yaml", "--strict").code == 1


def test_a_missing_path_is_unusable_input() -> None:
    result = run("tests/fixtures/absent")
    assert result.code == 2
    assert result.stderr.strip() == "qrcontract: error: tests/fixtures/absent: no such file or folder"


def test_the_python_api_returns_typed_violations(spec: Spec) -> None:
    result = validate_exchange(spec, exchange({**QR, "image": {"version": "two"}}))
    assert not result.ok
    assert result.operation is not None and result.operation.operation_id == "getUserStandardQRCode"
    (violation,) = result.violations
    assert isinstance(violation, Violation)
    assert (violation.rule, violation.severity, violation.pointer) == ("type", "error", "/image/version")
    assert violation.expected == "int32 or null" and violation.actual == '"two"'
    assert violation.spec_location is not None and "qrcode.openapi.yaml:" in violation.spec_location


@pytest.mark.parametrize(
    ("body", "rule", "pointer"),
    [
        ({**QR, "createdDateTime": "2024-02-01 19:58:51Z"}, "format", "/createdDateTime"),
        ({**QR, "createdDateTime": "2024-02-01T19:58:51.1234567890123Z"}, "pattern", "/createdDateTime"),
        ({**QR, "image": {"binaryValue": "not+base64url/"}}, "format", "/image/binaryValue"),
        ({**QR, "image": {"version": -2147483649}}, "format", "/image/version"),
        ({**QR, "image": "an image"}, "type", "/image"),
        ({**QR, "id": None}, "type", "/id"),
    ],
)
def test_formats_bounds_and_nullability_are_enforced(spec: Spec, body: object, rule: str, pointer: str) -> None:
    errors = [v for v in validate_exchange(spec, exchange(body)).violations if v.severity == "error"]
    assert [(v.rule, v.pointer) for v in errors] == [(rule, pointer)]


def test_real_world_values_conform(spec: Spec) -> None:
    body = {**QR, "@odata.context": "https://graph.microsoft.com/beta/$metadata#x/$entity", "lastUsedDateTime": None}
    assert validate_exchange(spec, exchange(body)).violations == ()


def test_unknown_enum_member_is_a_warning_unless_strict(spec: Spec) -> None:
    body = {**QR, "image": {"errorCorrectionLevel": "ultra"}}
    (warning,) = validate_exchange(spec, exchange(body)).violations
    assert (warning.rule, warning.severity) == ("unknown-enum-member", "warning")
    assert validate_exchange(spec, exchange(body), strict=True).violations[0].severity == "error"


def test_me_and_users_paths_match_and_the_server_prefix_is_optional(spec: Spec) -> None:
    validator = ContractValidator(spec)
    for url, operation in [
        ("https://graph.microsoft.com/beta/me/authentication/qrCodePinMethod/temporaryQRCode", "getMyTemporaryQRCode"),
        ("/beta/users/a%40b.com/authentication/qrCodePinMethod/temporaryQRCode?$select=id", "getUserTemporaryQRCode"),
        ("/me/authentication/qrCodePinMethod/standardQRCode", "getMyStandardQRCode"),
    ]:
        result = validator.validate(exchange(QR, url=url))
        assert result.operation is not None and result.operation.operation_id == operation
        assert result.ok


def test_a_required_header_missing_and_a_body_on_a_bodiless_status_are_reported(tmp_path: Path) -> None:
    from generator import load_spec

    fragment = tmp_path / "spec.yaml"
    fragment.write_text(
        """
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things/{id}:
    delete:
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        '204': {description: gone}
        '202':
          description: later
          headers:
            Location: {required: true, schema: {type: string, description: where}}
            X-Short: {schema: {type: string, maxLength: 2}}
"""
    )
    spec = load_spec(fragment)
    validator = ContractValidator(spec)
    deleted = Exchange("DELETE", "/things/1", 204, response_headers={"content-type": "text/plain"}, body="bye")
    assert [v.rule for v in validator.validate(deleted).violations] == ["content-type"]
    accepted = Exchange("DELETE", "/things/1", 202)
    assert [v.rule for v in validator.validate(accepted).violations] == ["missing-header"]
    assert validator.validate(Exchange("DELETE", "/things/1", 204)).ok
    located = Exchange("DELETE", "/things/1", 202, response_headers={"location": "", "x-short": "abc"})
    assert [(v.rule, v.pointer) for v in validator.validate(located).violations] == [("header", "/headers/x-short")]


def test_a_large_har_is_streamed_and_a_truncated_one_is_reported(tmp_path: Path) -> None:
    entry = {
        "request": {"method": "GET", "url": STD, "headers": []},
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": json.dumps(QR)}},
    }
    big = tmp_path / "big.har"
    with big.open("w") as handle:
        handle.write('{"log": {"version": "1.2", "creator": {"name": "x", "version": "1"}, "entries": [')
        handle.write(",\n".join(json.dumps(entry) for _ in range(20_000)))
        handle.write("]}}")
    assert big.stat().st_size > 4 * 1024 * 1024
    items = list(read_exchanges([big]))
    assert len(items) == 20_000 and all(isinstance(i, Exchange) for i in items)
    assert items[-1].index == 19_999
    truncated = tmp_path / "truncated.har"
    truncated.write_text(big.read_text()[:-50_000])
    *exchanges, error = list(read_exchanges([truncated]))
    assert len(exchanges) > 19_000
    assert "the HAR file ends inside" in str(error)


def test_jobs_validate_files_in_processes_with_the_same_output_in_file_order(tmp_path: Path) -> None:
    from tests.conftest import ROOT, run_cli

    folders = [str(ROOT / "tests" / "fixtures" / name) for name in ("valid", "drifted", "unreadable")]
    for output_format in ("json", "text"):
        alone = run_cli("validate", *folders, "--format", output_format, "--junit", str(tmp_path / "one.xml"))
        spread = run_cli(
            "validate", *folders, "--format", output_format, "--jobs", "2", "--junit", str(tmp_path / "two.xml")
        )
        assert (spread.code, spread.stdout, spread.stderr) == (alone.code, alone.stdout, alone.stderr)
        assert (tmp_path / "one.xml").read_text() == (tmp_path / "two.xml").read_text()
    assert alone.code == 2  # the unreadable fixtures are named, and everything else is still validated


NESTED = """\
openapi: 3.0.3
info: {title: nested, version: '1'}
paths:
  /things:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  a: {$ref: '#/components/schemas/Part'}
                  b: {$ref: '#/components/schemas/Part'}
                  list: {type: array, items: {$ref: '#/components/schemas/Part'}}
                  free: {type: object, additionalProperties: true, properties: {x: {type: string}}}
                  n: {type: number}
components:
  schemas:
    Part:
      type: object
      properties:
        name: {type: string}
"""


@pytest.fixture
def nested(tmp_path: Path) -> ContractValidator:
    from generator import load_spec

    path = tmp_path / "nested.yaml"
    path.write_text(NESTED)
    return ContractValidator(load_spec(path))


def unknown(validator: ContractValidator, body: object) -> list[str]:
    url = "https://h/things"
    result = validator.validate(
        Exchange("GET", url, 200, response_headers={"content-type": "application/json"}, body=json.dumps(body))
    )
    return [v.pointer for v in result.violations if v.rule == "unknown-member"]


def test_unknown_members_are_found_at_every_depth_in_the_order_of_the_body(nested: ContractValidator) -> None:
    body = {"b": {"name": "x", "bz": 1}, "a": {"az": 2}, "list": [{"name": "y"}, {"lz": 3}]}
    assert unknown(nested, body) == ["/b/bz", "/a/az", "/list/1/lz"]
    assert unknown(nested, {"list": [{"lz": 3}], "a": {"az": 2}, "top": 1}) == ["/list/0/lz", "/a/az", "/top"]
    assert unknown(nested, {"a": {"name": "x"}, "b": None, "list": [], "n": 1}) == []


def test_members_a_schema_allows_with_additional_properties_are_not_unknown(nested: ContractValidator) -> None:
    assert unknown(nested, {"free": {"x": "1", "anything": {"deep": 1}}}) == []


def test_a_drift_explained_once_is_explained_the_same_every_time_and_each_value_shown_as_sent(
    nested: ContractValidator,
) -> None:
    def shown(body: object) -> list[tuple[str, str, str | None]]:
        url = "https://h/things"
        exchange = Exchange(
            "GET", url, 200, response_headers={"content-type": "application/json"}, body=json.dumps(body)
        )
        return [(v.pointer, v.message, v.actual) for v in nested.validate(exchange).violations]

    first = shown({"n": "one", "a": {"name": 5}})
    assert first == shown({"n": "one", "a": {"name": 5}}) and len(first) == 2
    assert shown({"a": {"name": -0.0}})[0][2] == "-0.0"
    assert shown({"a": {"name": 0.0}})[0][2] == "0.0"
    assert shown({"a": {"name": True}})[0][2] == "true"
    assert shown({"a": {"name": 1}})[0][2] == "1"
