"""Recordings hold real credentials, and recordings, servers and command lines can be hostile: credentials
are removed wherever they hide, names never leave their folder, inputs are bounded, and a bad input is
named with its reason while the rest of the run still happens."""

from __future__ import annotations

import gzip
import json
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml

from generator import load_spec
from generator.exchanges import NO_BODY, Exchange, Skipped, read_exchanges
from generator.record import record
from generator.redaction import REDACTED, Redactor, is_redacted
from generator.validation import ContractValidator
from tests.conftest import FRAGMENTS, ROOT, SPEC_PATH, run_cli

JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyIn0.c2lnbmF0dXJlLXBhcnQ"
JWE = "eyJhbGciOiJSU0EtT0FFUCJ9.ZW5jcnlwdGVkLWtleQ.aXY.Y2lwaGVydGV4dA.dGFn"
STD = "https://graph.microsoft.com/beta/users/u1/authentication/qrCodePinMethod/standardQRCode"


# Class 5: one redaction policy, for record and for secret-in-fixture.

LEAKS: list[tuple[str, dict[str, Any]]] = [
    ("location-fragment", {"response_headers": {"location": f"https://app/cb#access_token={JWT}&state=1"}}),
    ("location-code", {"response_headers": {"location": "https://app/cb?code=0.AAAA-opaque-code&state=1"}}),
    ("x-ms-token-header", {"response_headers": {"x-ms-token-aad-access-token": "opaque-token-value"}}),
    ("www-authenticate", {"response_headers": {"www-authenticate": f'Bearer realm="", claims="{JWT}"'}}),
    ("jwt-in-text-body", {"response_headers": {"content-type": "text/plain"}, "body": f"token: {JWT}"}),
    ("jwt-in-url", {"url": STD.replace("u1", JWT)}),
    ("userinfo-in-url", {"url": STD.replace("https://", "https://user:hunter2@")}),
    ("jwe", {"body": json.dumps({"note": JWE})}),
    ("access-token-member", {"body": json.dumps({"access_token": "opaque-abc"})}),
    ("refresh-token-member", {"body": json.dumps({"nested": [{"refresh_token": "opaque-def"}]})}),
    ("client-secret-member", {"body": json.dumps({"client_secret": "s3cr3t"})}),
    ("password-member", {"body": json.dumps({"password": "hunter2"})}),
    ("secret-member-other-case", {"body": json.dumps({"image": {"BinaryValue": "UVIgaW1hZ2U"}})}),
    ("secret-member-in-json-string", {"body": json.dumps({"raw": json.dumps({"binaryValue": "UVIgaW1hZ2U"})})}),
    ("amz-security-token", {"request_headers": {"x-amz-security-token": "FwoGZXIvYXdzEB"}}),
    ("cookie", {"request_headers": {"cookie": "session=abc123"}}),
    ("form-body", {"request_body": "user=me&password=hunter2&client_secret=xyz"}),
    ("dotted-member", {"body": json.dumps({"api.key": "opaque-abc"})}),
    ("spaced-member", {"body": json.dumps({"API Key": "opaque-abc"})}),
    ("plus-in-query", {"url": STD + "?pass+word=hunter2"}),
    ("quote-in-userinfo", {"url": STD.replace("https://", 'https://alice:hunter2"x@')}),
]


def leaky(**overrides: Any) -> Exchange:
    fields: dict[str, Any] = {
        "method": "GET",
        "url": STD,
        "status": 200,
        "request_headers": {},
        "response_headers": {"content-type": "application/json"},
        "body": json.dumps({"id": "x"}),
    }
    for key, value in overrides.items():
        fields[key] = {**fields[key], **value} if isinstance(value, dict) and key.endswith("headers") else value
    return Exchange(**fields)


@pytest.mark.parametrize(("name", "overrides"), LEAKS, ids=[name for name, _ in LEAKS])
def test_every_kind_of_credential_is_found_and_redacted(name: str, overrides: dict[str, Any]) -> None:
    redactor = Redactor(frozenset({"binaryValue", "rawContent"}))
    exchange = leaky(**overrides)
    cleaned, changes = redactor.exchange(exchange)
    assert changes, name
    text = json.dumps([cleaned.url, dict(cleaned.request_headers), dict(cleaned.response_headers)])
    text += str(cleaned.body) + str(cleaned.request_body)
    for secret in (
        JWT,
        JWE,
        "opaque-abc",
        "opaque-def",
        "s3cr3t",
        "hunter2",
        "UVIgaW1hZ2U",
        "FwoGZXIvYXdzEB",
        "abc123",
    ):
        assert secret not in text, (name, secret)
    assert list(redactor.exchange(cleaned)[1]) == []  # what was redacted counts as redacted


@pytest.mark.parametrize(
    "placeholder", ["[Filtered]", "[REDACTED]", "REDACTED", "***", "", "Bearer REDACTED", "<redacted>"]
)
def test_placeholders_of_other_tools_count_as_redacted(placeholder: str) -> None:
    assert is_redacted(placeholder)
    exchange = leaky(request_headers={"authorization": placeholder})
    assert Redactor().exchange(exchange)[1] == []


def test_ordinary_text_is_not_mistaken_for_a_credential() -> None:
    body = json.dumps({"message": "Access token validation failure. Use Basic authentication.", "code": "x"})
    assert Redactor().exchange(leaky(body=body, request_headers={"client-request-id": "abc"}))[1] == []


def test_validate_reports_leaks_and_passes_schemathesis_placeholders(tmp_path: Path) -> None:
    cassette = {
        "http_interactions": [
            {
                "request": {"uri": STD, "method": "GET", "headers": {"Authorization": ["[Filtered]"]}},
                "response": {
                    "status": {"code": "200", "message": "OK"},
                    "headers": {"Content-Type": ["application/json"], "Location": [f"https://x/#access_token={JWT}"]},
                    "body": {"encoding": "utf-8", "string": json.dumps({"id": "1"})},
                },
            }
        ]
    }
    path = tmp_path / "st.yaml"
    path.write_text(yaml.safe_dump(cassette))
    result = run_cli("validate", str(path), cwd=ROOT)
    assert "/response/headers/location" in result.stdout and "[secret-in-fixture]" in result.stdout
    assert "/request/headers/authorization" not in result.stdout
    assert JWT not in result.stdout + result.stderr


def test_record_writes_nothing_secret_whatever_the_server_sends(tmp_path: Path) -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        body = {"id": "x", "image": {"binaryValue": "UVIgaW1hZ2U", "rawContent": "cmF3", "version": 1}, "note": JWE}
        return httpx2.Response(
            200,
            json=body,
            headers={"location": f"https://app/#access_token={JWT}", "x-ms-token": "opaque", "set-cookie": "s=1"},
        )

    spec = load_spec(SPEC_PATH)
    written = record(
        spec,
        "https://user:hunter2@graph.example/beta".replace("user:hunter2@", ""),
        tmp_path / "cassettes",
        token=JWT,
        params={"id": JWT},
        transport=httpx2.MockTransport(handler),
    )
    text = "".join(item.path.read_text() for item in written)
    for secret in (JWT, JWE, "UVIgaW1hZ2U", "cmF3", "opaque"):
        assert secret not in text
    assert REDACTED in text
    items = list(read_exchanges([tmp_path / "cassettes"]))
    validator = ContractValidator(spec, check_secrets=True)
    assert all(not [v for v in validator.validate(i).violations if v.rule == "secret-in-fixture"] for i in items)


def test_record_refuses_credentials_in_the_base_url_without_echoing_them(tmp_path: Path) -> None:
    transport = httpx2.MockTransport(lambda request: httpx2.Response(200, json={}))
    with pytest.raises(Exception, match="base_url must not carry credentials") as error:
        record(
            load_spec(SPEC_PATH),
            "https://me:hunter2@graph.example/beta",
            tmp_path,
            token="t",
            params={},
            transport=transport,
        )
    assert "hunter2" not in str(error.value)


# Class 3: names from the spec never lead outside the output folder.


@pytest.mark.parametrize("operation_id", ["../../escaped", "/tmp/absolute", "..", "a/../../b", "x\x00y", "CON"])
def test_record_keeps_every_cassette_inside_out(tmp_path: Path, operation_id: str) -> None:
    text = (FRAGMENTS / "things.openapi.yaml").read_text()
    document = yaml.safe_load(text)
    for item in document["paths"].values():
        for operation in item.values():
            if isinstance(operation, dict) and "responses" in operation:
                operation["operationId"] = operation_id
                break
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(document))
    out = tmp_path / "work" / "out"
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(200, json={"id": 1, "name": "x"}, headers={"X-Trace": "t"})
    )
    written = record(
        load_spec(spec_path), "http://127.0.0.1:9/v1", out, token="t", params={"id": "1"}, transport=transport
    )
    assert written
    for item in written:
        assert item.path.resolve().parent == out.resolve()
    assert sorted(p.name for p in (tmp_path / "work").iterdir()) == ["out"]


# Class 6: values never become git options.


@pytest.mark.parametrize("revision", ["--output=/tmp/qrcontract-git-owned:x", "-x", "HEAD\n--output=x"])
def test_diff_and_check_refuse_revisions_that_git_would_read_as_options(tmp_path: Path, revision: str) -> None:
    result = run_cli("diff", "--", f"{revision}:spec/qrcode.openapi.yaml", "spec/qrcode.openapi.yaml", cwd=ROOT)
    assert result.code == 2
    assert "is not a git revision" in result.stderr
    check = run_cli("check", "--base-ref", revision, cwd=ROOT)
    assert check.code == 2 and "--base-ref" in check.stderr
    assert not Path("/tmp/qrcontract-git-owned").exists()


# Class 7 and 8: bounded, and a bad input is named while the rest is still done.


def test_a_billion_laughs_cassette_is_refused_and_the_rest_validated(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 12):
        previous = chr(ord("a") + index - 1)
        lines.append(f"{chr(ord('a') + index)}: &{chr(ord('a') + index)} [{', '.join([f'*{previous}'] * 10)}]")
    (tmp_path / "laughs.yaml").write_text("\n".join(lines) + "\n")
    (tmp_path / "ok.json").write_text((ROOT / "tests" / "fixtures" / "valid" / "hand-written.json").read_text())
    result = run_cli("validate", str(tmp_path), "--format", "json", cwd=ROOT)
    assert result.code == 2
    report = json.loads(result.stdout)
    assert report["summary"]["exchanges"] == 2 and report["summary"]["unreadable"] == 1
    assert "expands to more than" in report["unreadable"][0]["reason"]


@pytest.mark.parametrize("where", ["fixture", "recorded-body"])
def test_json_nested_100000_levels_is_a_clean_error(tmp_path: Path, where: str) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    if where == "fixture":
        (tmp_path / "deep.json").write_text(deep)
    else:
        interaction = {"request": {"method": "GET", "url": STD}, "response": {"status": 200, "body": "PLACEHOLDER"}}
        (tmp_path / "deep.json").write_text(json.dumps(interaction).replace('"PLACEHOLDER"', json.dumps(deep)))
    result = run_cli("validate", str(tmp_path), cwd=ROOT)
    assert result.code in (1, 2)
    assert "nest" in (result.stdout + result.stderr)


def test_missing_and_odd_paths_are_named_and_everything_else_is_still_validated(tmp_path: Path) -> None:
    folder = tmp_path / "recordings"
    folder.mkdir()
    (folder / "ok.json").write_text((ROOT / "tests" / "fixtures" / "valid" / "hand-written.json").read_text())
    (folder / "dangling.json").symlink_to(tmp_path / "nowhere.json")
    (folder / "loop.json").symlink_to(folder / "loop.json")
    (folder / "outside.json").symlink_to(ROOT / "pyproject.toml")
    os.mkfifo(folder / "fifo.json")
    (folder / ".git").mkdir()
    (folder / ".git" / "hidden.json").write_text("{")
    junit = tmp_path / "reports" / "junit.xml"
    result = run_cli("validate", str(tmp_path / "absent.har"), str(folder), "--junit", str(junit), cwd=ROOT)
    assert result.code == 2
    errors = result.stderr
    for name in ("absent.har: no such file", "dangling.json: a link to nothing", "loop.json: a link to nothing"):
        assert name in errors, errors
    assert "outside.json" in errors and "not followed" in errors
    assert "fifo.json" in errors and "hidden.json" not in errors
    assert "2 exchanges: 2 conform" in result.stdout
    assert junit.exists()


def test_a_tokens_file_of_the_wrong_shape_or_encoding_is_exit_2(tmp_path: Path) -> None:
    for content in (b"reader: {kind: application, scopes: [1, {a: b}]}\n", b"\xff\xfe\x00bad", b"- just\n- a list\n"):
        tokens = tmp_path / "tokens.yaml"
        tokens.write_bytes(content)
        result = run_cli("serve", "--tokens", str(tokens), "--port", "1", cwd=ROOT)
        assert result.code == 2, content
        assert result.stderr.startswith(f"qrcontract: error: {tokens}")


def test_piping_into_head_ends_quietly(tmp_path: Path) -> None:
    command = f"{sys.executable} -m generator validate tests/fixtures/drifted tests/fixtures/valid | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr
    assert result.returncode in (1, 141)


def test_a_gzip_bomb_in_a_cassette_is_not_expanded(tmp_path: Path) -> None:
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024))
    cassette = {
        "interactions": [
            {
                "request": {"method": "GET", "uri": STD, "headers": {}},
                "response": {
                    "status": {"code": 200},
                    "headers": {"Content-Encoding": ["gzip"], "Content-Type": ["application/json"]},
                    "body": {"string": bomb},
                },
            }
        ]
    }
    path = tmp_path / "bomb.yaml"
    path.write_text(yaml.safe_dump(cassette))
    (exchange,) = list(read_exchanges([path]))
    assert isinstance(exchange, Exchange) and len(exchange.body) < 1024 * 1024


def test_a_har_entry_without_an_answer_is_skipped_with_a_warning_and_the_rest_read(tmp_path: Path) -> None:
    entry = {"request": {"method": "GET", "url": STD, "headers": []}}
    answered = {
        **entry,
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{}"}},
    }
    aborted = {**entry, "response": {"status": 0, "headers": [], "content": {}}}
    path = tmp_path / "browser.har"
    path.write_text(json.dumps({"log": {"entries": [answered, aborted, {"request": entry["request"]}, answered]}}))
    items = list(read_exchanges([path]))
    assert [type(i).__name__ for i in items] == ["Exchange", "Skipped", "Skipped", "Exchange"]
    assert isinstance(items[1], Skipped) and items[1].where == "/log/entries/1"


def test_request_bodies_are_kept_for_redaction_checks(tmp_path: Path) -> None:
    har = {
        "log": {
            "entries": [
                {
                    "request": {"method": "POST", "url": STD, "postData": {"text": "password=x"}},
                    "response": {"status": 200, "content": {}},
                }
            ]
        }
    }
    path = tmp_path / "post.har"
    path.write_text(json.dumps(har))
    (exchange,) = list(read_exchanges([path]))
    assert isinstance(exchange, Exchange) and exchange.request_body == "password=x" and exchange.body is NO_BODY


# Found by an attacker on a later pass: each class gets its case.


def test_a_number_too_long_for_any_reader_is_one_clean_error_and_the_rest_still_read(tmp_path: Path) -> None:
    huge = "9" * 4400
    (tmp_path / "a.json").write_text(
        f'{{"request": {{"method": "GET", "url": "{STD}"}}, "response": {{"status": 200, "body": {{"n": {huge}}}}}}}'
    )
    (tmp_path / "b.har").write_text(f'{{"log": {{"entries": [{{"n": {huge}}}]}}}}')
    (tmp_path / "c.yaml").write_text(f"interactions: [{huge}]\n")
    (tmp_path / "ok.json").write_text((ROOT / "tests" / "fixtures" / "valid" / "hand-written.json").read_text())
    result = run_cli("validate", str(tmp_path), cwd=ROOT)
    assert result.code == 2
    assert result.stderr.count("qrcontract: error:") == 3
    assert "2 exchanges: 2 conform" in result.stdout


@pytest.mark.parametrize(
    "content",
    [
        "interactions: !!int abc\n",
        "interactions:\n- request: {method: GET, uri: 'https://h/a'}\n  response: {status: {code: !!bool maybe}}\n",
        "interactions: !!map [a]\n",
        '[{"request": {"method": "GET", "url": "/a"}, "response": {"status": 1e999}}]',
    ],
    ids=["int-tag", "bool-tag", "map-tag", "infinite-status"],
)
def test_tags_and_numbers_that_do_not_hold_their_type_are_a_clean_error(tmp_path: Path, content: str) -> None:
    path = tmp_path / ("x.json" if content.startswith("[") else "x.yaml")
    path.write_text(content)
    result = run_cli("validate", str(path), cwd=ROOT)
    assert result.code == 2 and result.stderr.startswith(f"qrcontract: error: {path}")


def test_a_body_written_as_yaml_with_dates_and_sets_is_read(tmp_path: Path) -> None:
    text = (
        "interactions:\n- request: {method: GET, uri: 'https://h/a', headers: {}}\n"
        "  response:\n    status: {code: 200}\n    headers: {Content-Type: [application/json]}\n"
        "    body: {string: {id: x, when: 2025-01-22T12:00:00Z, tags: !!set {a, b}}}\n"
    )
    (tmp_path / "c.yaml").write_text(text)
    (exchange,) = list(read_exchanges([tmp_path / "c.yaml"]))
    assert isinstance(exchange, Exchange) and json.loads(exchange.body)["when"].startswith("2025-01-22")


def test_a_fifo_or_device_given_as_a_file_is_refused_and_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    for args in (["generate", "--spec", str(fifo)], ["docs", "tests/docs/clean-get.md", "--baseline", str(fifo)]):
        result = run_cli(*args, cwd=ROOT)
        assert result.code == 2 and "not a regular file" in result.stderr, args
    junit = run_cli("validate", "tests/fixtures/valid", "--junit", str(fifo), cwd=ROOT)
    assert junit.code == 2 and "not a regular file" in junit.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    cannot = run_cli("validate", "tests/fixtures/valid", "--junit", str(ROOT / "pyproject.toml" / "x.xml"), cwd=ROOT)
    assert cannot.code == 2 and "cannot write" in cannot.stderr


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("ocp-apim", {"request_headers": {"ocp-apim-subscription-key": "0123456789abcdef"}}),
        ("functions-key", {"request_headers": {"x-functions-key": "0123456789abcdef"}}),
        ("forwarded-auth", {"request_headers": {"x-forwarded-authorization": "Basic dXNlcjpwYXNz"}}),
        ("subscription-key-param", {"url": STD + "?subscription-key=0123456789abcdef"}),
        ("auth-token-param", {"url": STD + "?auth_token=0123456789abcdef"}),
        ("private-token-param", {"url": STD + "?private_token=0123456789abcdef"}),
        ("matrix-param", {"url": STD + ";jsessionid=0123456789abcdef"}),
        ("encoded-dots", {"url": STD.replace("u1", JWT.replace(".", "%2E"))}),
        ("bom-json", {"body": "\ufeff" + json.dumps({"binaryValue": "UVIgaW1hZ2U"})}),
        (
            "xml",
            {"response_headers": {"content-type": "application/xml"}, "body": "<a><password>hunter2</password></a>"},
        ),
        (
            "multipart",
            {"request_body": '--B\r\nContent-Disposition: form-data; name="password"\r\n\r\nhunter2\r\n--B--\r\n'},
        ),
        ("semicolons", {"response_headers": {"content-type": "text/plain"}, "body": "a=1;binaryValue=UVIgaW1hZ2U"}),
        ("duplicate-keys", {"body": '{"binaryValue": "UVIgaW1hZ2U", "binaryValue": ""}'}),
        ("jwt-member-name", {"body": json.dumps({JWT: 1})}),
        ("letters-only-basic", {"response_headers": {"content-type": "text/plain"}, "body": "Basic dXNlcjpwYXNz"}),
        ("spaced-jwt-header", {"body": json.dumps({"note": "eyAiYWxnIjoiUlMyNTYifQ." + JWT.split(".", 1)[1]})}),
        ("auth-code-header", {"response_headers": {"x-auth-code": "0123456789abcdef"}}),
    ],
)
def test_more_places_credentials_hide_are_found(name: str, overrides: dict[str, Any]) -> None:
    redactor = Redactor(frozenset({"binaryValue"}))
    cleaned, changes = redactor.exchange(leaky(**overrides))
    assert changes, name
    text = json.dumps([cleaned.url, dict(cleaned.request_headers)]) + str(cleaned.body) + str(cleaned.request_body)
    for secret in ("0123456789abcdef", "dXNlcjpwYXNz", JWT.split(".")[1], "UVIgaW1hZ2U", "hunter2"):
        assert secret not in text, (name, secret)


def test_a_second_gzip_member_is_read_too(tmp_path: Path) -> None:
    from generator.exchanges._common import decode_body

    body = gzip.compress(b'{"a": ') + gzip.compress(b'"second"}')
    assert decode_body(body, {"content-encoding": "gzip"}) == b'{"a": "second"}'


def test_reports_never_print_a_token_found_in_a_path_or_a_member_name(tmp_path: Path) -> None:
    exchanges = [
        {
            "request": {"method": "GET", "url": f"https://graph.microsoft.com/beta/nowhere/{JWT}"},
            "response": {"status": 200},
        },
        {"request": {"method": "GET", "url": STD}, "response": {"status": 200, "body": {"id": "x", JWT: 1}}},
    ]
    (tmp_path / "x.json").write_text(json.dumps(exchanges))
    for output in ("text", "json"):
        result = run_cli("validate", str(tmp_path / "x.json"), "--format", output, cwd=ROOT)
        assert JWT.split(".")[1] not in result.stdout + result.stderr, output


def test_record_redacts_an_echoed_token_duplicate_keys_and_any_key_header(tmp_path: Path) -> None:
    token = "opaque-token-0123456789"

    def handler(request: httpx2.Request) -> httpx2.Response:
        body = '{"id": "x", "image": {"binaryValue": "UVIgaW1hZ2U", "binaryValue": ""}, "note": "' + token + '"}'
        return httpx2.Response(
            200,
            content=body.encode(),
            headers={"content-type": "application/json", "x-echo": token, "ocp-apim-subscription-key": "k-0123456789"},
        )

    written = record(
        load_spec(SPEC_PATH),
        "https://graph.example/beta",
        tmp_path,
        token=token,
        params={"id": "user-0001"},
        transport=httpx2.MockTransport(handler),
    )
    text = "".join(item.path.read_text() for item in written)
    for secret in (token, "UVIgaW1hZ2U", "k-0123456789"):
        assert secret not in text


@pytest.mark.parametrize("value", ["", "1", "ab"])
def test_anonymising_a_short_or_empty_id_leaves_the_recording_intact(tmp_path: Path, value: str) -> None:
    spec = load_spec(FRAGMENTS / "things.openapi.yaml")
    transport = httpx2.MockTransport(
        lambda request: httpx2.Response(200, json={"id": 1, "name": "x" * 200}, headers={"X-Trace": "t"})
    )
    (written,) = record(
        spec,
        "http://127.0.0.1:9/v1",
        tmp_path,
        token="t",
        params={"id": value or "1"},
        anonymize=True,
        transport=transport,
    )
    assert len(written.path.read_text()) < 2_000


def test_json_nested_past_the_limit_is_refused_as_it_is_read_whatever_the_format(tmp_path: Path) -> None:
    deep = "[" * 30000 + "]" * 30000  # 60 KB: ijson alone would hold gigabytes of prefixes for it
    entry = f'{{"request": {{"method": "GET", "url": "{STD}"}}, "response": {{"status": 200, "x": {deep}}}}}'
    (tmp_path / "a.har").write_text(f'{{"log": {{"entries": [{entry}]}}}}')
    (tmp_path / "b.json").write_text(f'{{"x": {deep}, "interactions": []}}')
    (tmp_path / "ok.json").write_text((ROOT / "tests" / "fixtures" / "valid" / "hand-written.json").read_text())
    result = run_cli("validate", str(tmp_path), cwd=ROOT)
    assert result.code == 2
    assert result.stderr.count("nests deeper than 256 levels") == 2
    assert "2 exchanges: 2 conform" in result.stdout


def test_long_keys_on_a_deep_path_are_refused_as_they_are_read(tmp_path: Path) -> None:
    # ijson keeps each open level's whole key path: 890 levels of 6 KB keys would take gigabytes.
    key = "k" * 6000
    path = "".join(f'{{"{key}{i}":' for i in range(890))
    (tmp_path / "a.har").write_text('{"log": {"entries": []}, "x": ' + path + "1" + "}" * 890 + "}")
    result = run_cli("validate", str(tmp_path / "a.har"), cwd=ROOT)
    assert result.code == 2 and "holds a key longer than 1,024 bytes" in result.stderr


def test_a_number_of_5000_digits_in_a_har_is_refused_where_it_is_after_the_entries_before_it(tmp_path: Path) -> None:
    # ijson's C streamer crashes on a number past 4,300 digits: the file is refused as it is read, there.
    good = {
        "request": {"method": "GET", "url": STD, "headers": []},
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{}"}},
    }
    entries = ",\n".join([json.dumps(good)] * 1000 + ['{"x": ' + "9" * 5000 + "}"])
    (tmp_path / "n.har").write_text('{"log": {"entries": [\n' + entries + "]}}")
    result = run_cli("validate", str(tmp_path / "n.har"), "--format", "json", cwd=ROOT)
    assert result.code == 2
    assert f"{tmp_path / 'n.har'}:1002: holds a number with more than 4,300 digits" in result.stderr
    assert 0 < json.loads(result.stdout)["summary"]["exchanges"] < 1000  # those read before the chunk that holds it


def har(entry: dict[str, Any]) -> str:
    base: dict[str, Any] = {
        "request": {"method": "POST", "url": STD, "headers": []},
        "response": {"status": 200, "headers": [], "content": {"mimeType": "application/json", "text": "{}"}},
    }
    for key, value in entry.items():
        base[key] = {**base[key], **value}
    return json.dumps({"log": {"entries": [base]}})


@pytest.mark.parametrize(
    ("name", "entry", "where"),
    [
        (
            "post-params",
            {
                "request": {
                    "postData": {
                        "mimeType": "application/x-www-form-urlencoded",
                        "params": [{"name": "client_secret", "value": "s3cr3tValue123"}],
                    }
                }
            },
            "/request/body",
        ),
        (
            "cookies",
            {"request": {"cookies": [{"name": "session", "value": "abcdef0123456789"}]}},
            "/request/headers/cookie",
        ),
    ],
    ids=["post-params", "cookies"],
)
def test_credentials_har_keeps_apart_from_headers_and_text_are_found(
    tmp_path: Path, name: str, entry: dict[str, Any], where: str
) -> None:
    (tmp_path / f"{name}.har").write_text(har(entry))
    result = run_cli("validate", str(tmp_path), "--format", "json", cwd=ROOT)
    found = [
        v for r in json.loads(result.stdout)["results"] for v in r["violations"] if v["rule"] == "secret-in-fixture"
    ]
    assert [v["pointer"] for v in found] == [where]
    assert "s3cr3tValue123" not in result.stdout and "abcdef0123456789" not in result.stdout


def test_compressed_request_bodies_and_layered_gzip_are_inspected() -> None:
    inner = gzip.compress(gzip.compress(json.dumps({"password": "hunter2"}).encode()))
    from generator.exchanges._common import decode_body

    layered = leaky(body=decode_body(inner, {"content-encoding": "gzip, gzip"}))
    assert [c.location for c in Redactor().exchange(layered)[1]] == ["/response/body/password"]
    posted = leaky(
        request_headers={"content-encoding": "gzip", "content-type": "application/x-www-form-urlencoded"},
        request_body=decode_body(gzip.compress(b"client_secret=S3cr3tVCRvalue99"), {"content-encoding": "gzip"}),
    )
    assert [c.location for c in Redactor().exchange(posted)[1]] == ["/request/body"]


def test_reports_never_quote_the_value_of_a_member_named_like_a_credential(tmp_path: Path) -> None:
    body = {"id": "x", "password": "PWSECRET123", "session_token": "SESS987654321zz"}
    path = tmp_path / "leak.json"
    path.write_text(
        json.dumps(
            [
                {
                    "request": {"method": "GET", "url": STD},
                    "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": body},
                }
            ]
        )
    )
    junit = tmp_path / "j.xml"
    url = STD.replace("u1", JWT) + "/nothere"
    (tmp_path / "path.json").write_text(
        json.dumps(
            [
                {
                    "request": {"method": "GET", "url": url},
                    "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": {}},
                }
            ]
        )
    )
    result = run_cli("validate", str(tmp_path), "--format", "json", "--junit", str(junit), cwd=ROOT)
    everything = result.stdout + result.stderr + junit.read_text()
    assert "PWSECRET123" not in everything and "SESS987654321zz" not in everything
    assert JWT.split(".")[1] not in everything
    assert "unknown-member" in result.stdout  # still reported, without the value


SECRETIVE = """\
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
                type: object
                properties:
                  password: {type: string, maxLength: 4}
                  api_key: {enum: [a, b]}
                  image: {type: object}
"""


def test_no_violation_quotes_a_credential_whatever_the_rule(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SECRETIVE)
    spec = load_spec(tmp_path / "spec.yaml")
    body = {"password": "HUNTER2PASSWORD", "api_key": "KEYVALUE123", "image": [{"client_secret": "SUPERSECRETQR"}]}
    result = ContractValidator(spec).validate(leaky(url="https://h/a", body=json.dumps(body)))
    assert {v.pointer for v in result.violations} == {"/password", "/api_key", "/image"}
    shown = json.dumps([v.as_dict() for v in result.violations]) + "".join(result.lines())
    for secret in ("HUNTER2PASSWORD", "KEYVALUE123", "SUPERSECRETQR"):
        assert secret not in shown, secret


@pytest.mark.parametrize(
    ("name", "overrides"),
    [
        ("quoted-query-value", {"url": STD + "?code='0123456789abcdef'"}),
        ("dotted-header", {"response_headers": {"api.key": "0123456789abcdef"}}),
        (
            "spaced-name-in-text",
            {"response_headers": {"content-type": "text/plain"}, "body": "API Key: 0123456789abcdef"},
        ),
    ],
    ids=["quoted-query-value", "dotted-header", "spaced-name-in-text"],
)
def test_spellings_the_quick_checks_must_not_pass_over(name: str, overrides: dict[str, Any]) -> None:
    cleaned, changes = Redactor().exchange(leaky(**overrides))
    assert changes, name
    assert "0123456789abcdef" not in json.dumps([cleaned.url, dict(cleaned.response_headers)]) + str(cleaned.body)


def test_a_key_given_twice_hides_nothing_and_different_keys_that_look_alike_are_kept(tmp_path: Path) -> None:
    twice = '[{"request": {"method": "GET", "url": "%s"}, "response": {"status": 200, "body": %s}}]'
    (tmp_path / "a.json").write_text(twice % (STD, '{"password": "hunter2xx", "password": "REDACTED"}'))
    (tmp_path / "b.yaml").write_text(
        f"interactions:\n- request: {{method: GET, uri: '{STD}'}}\n"
        "  response: {status: {code: 200}, headers: {1: [a], '1': [b]}, body: {string: '{}'}}\n"
    )
    result = run_cli("validate", str(tmp_path), cwd=ROOT)
    assert result.code == 2
    assert "a.json: the key 'password' is given twice in one object" in result.stderr
    assert "b.yaml" not in result.stderr  # `1` and `'1'` are two keys of a recording


def entry_with(request_headers: Any, response_headers: Any, text: str) -> dict[str, Any]:
    return {
        "request": {"method": "GET", "url": STD, "headers": request_headers},
        "response": {
            "status": 200,
            "headers": response_headers,
            "content": {"mimeType": "application/json", "text": text},
        },
    }


def test_headers_that_are_a_number_or_true_are_read_as_none(tmp_path: Path) -> None:
    entries = [entry_with(5, True, "{}"), entry_with(1.5, 7, "{}")]
    (tmp_path / "h.har").write_text(json.dumps({"log": {"entries": entries}}))
    result = run_cli("validate", str(tmp_path / "h.har"), "--format", "json", cwd=ROOT)
    assert result.code == 1, result.stderr
    rules = [v["rule"] for r in json.loads(result.stdout)["results"] for v in r["violations"]]
    assert rules == ["required", "required"]  # the body misses `id`; the headers are simply absent


def test_a_body_nesting_past_what_the_schema_validator_walks_is_a_violation_not_a_crash(tmp_path: Path) -> None:
    deep = '{"id": ' + "[" * 300 + "1" + "]" * 300 + "}"  # wrong type, 300 levels: the errors cannot be listed
    (tmp_path / "d.har").write_text(json.dumps({"log": {"entries": [entry_with([], [], deep)]}}))
    result = run_cli("validate", str(tmp_path / "d.har"), "--format", "json", cwd=ROOT)
    assert result.code == 1, result.stderr
    (only,) = json.loads(result.stdout)["results"]
    assert [(v["rule"], v["message"]) for v in only["violations"]] == [
        ("invalid-json", "the body nests too deeply to validate")
    ]


def test_what_was_validated_is_printed_when_the_run_stops_on_a_bug(tmp_path: Path, monkeypatch: Any) -> None:
    from generator.validation import ContractValidator

    entries = [entry_with([], [], json.dumps({"id": index})) for index in range(3)]
    (tmp_path / "b.har").write_text(json.dumps({"log": {"entries": entries}}))
    validate = ContractValidator.validate

    def failing(self: ContractValidator, exchange: Any) -> Any:
        if exchange.index == 2:
            raise RuntimeError("a bug")
        return validate(self, exchange)

    monkeypatch.setattr(ContractValidator, "validate", failing)
    result = run_cli("validate", str(tmp_path / "b.har"), cwd=ROOT)
    assert result.code == 3 and "internal error: RuntimeError: a bug" in result.stderr
    assert [line.split(" ")[0] for line in result.stdout.splitlines()] == [
        f"{tmp_path / 'b.har'}#0",
        f"{tmp_path / 'b.har'}#1",
    ]


def test_long_header_names_are_not_remembered_between_exchanges(tmp_path: Path) -> None:
    from generator.exchanges import _exchange

    name = "x-" + "n" * 5000
    headers = [{"name": name, "value": "1"}, {"name": "X-Short-Name", "value": "2"}]
    (tmp_path / "l.har").write_text(json.dumps({"log": {"entries": [entry_with(headers, headers, "{}")]}}))
    assert run_cli("validate", str(tmp_path / "l.har"), cwd=ROOT).code == 1
    assert name not in _exchange._HEADER_KEYS and _exchange._HEADER_KEYS["X-Short-Name"] == "x-short-name"


def test_a_method_that_is_not_an_http_token_is_refused_with_its_entry(tmp_path: Path) -> None:
    # Kept whole in every cache keyed by method, a 100,000-character one grew memory twenty times the file.
    entries = [
        entry_with([], [], "{}"),
        {**entry_with([], [], "{}"), "request": {"method": "\u0390" * 100_000, "url": STD}},
    ]
    (tmp_path / "m.har").write_text(json.dumps({"log": {"entries": entries}}))
    result = run_cli("validate", str(tmp_path / "m.har"), "--format", "json", cwd=ROOT)
    assert result.code == 2
    assert (
        f"{tmp_path / 'm.har'}:/log/entries/1: the method " in result.stderr
        and "is not an HTTP method" in result.stderr
    )
    assert len(result.stderr) < 500
    assert json.loads(result.stdout)["summary"]["exchanges"] == 1
