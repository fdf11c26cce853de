"""What published documents and real recordings do that our own fragments did not: each class of
failure found on a real corpus, reproduced with a minimal document or recording of our own."""

from __future__ import annotations

import asyncio
import base64
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2
import pytest
import yaml

from generator import load_spec
from generator.exchanges import Exchange, read_exchanges
from generator.fuzz import FuzzOptions, run_fuzz
from generator.mock import build_app
from generator.validation import ContractValidator
from tests.conftest import generate_and_import


def document(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.1.0", "info": {"title": "doc", "version": "1"}, "paths": paths, **extra}


def ok(schema: Any = None, media: str = "application/json", status: str = "200", **more: Any) -> dict[str, Any]:
    content = {media: {"schema": schema} if schema is not None else {}}
    return {status: {"description": "ok", "content": content}, **more}


def load(tmp_path: Path, doc: dict[str, Any] | str, name: str = "doc.yaml") -> Any:
    path = tmp_path / name
    path.write_text(doc if isinstance(doc, str) else yaml.safe_dump(doc, sort_keys=False))
    return load_spec(path)


def call(app: Any, method: str, path: str, **kwargs: Any) -> httpx2.Response:
    async def go() -> httpx2.Response:
        async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://mock") as client:
            return await client.request(method, path, **kwargs)

    return asyncio.run(go())


PROBLEM = {
    "type": "object",
    "required": ["title"],
    "properties": {"title": {"type": "string"}, "status": {"type": "integer"}},
}


# The mock


def test_a_parameter_schema_given_by_reference_is_resolved(tmp_path: Path) -> None:
    doc = document(
        {
            "/items/{id}": {
                "get": {"parameters": [{"$ref": "#/components/parameters/Id"}], "responses": ok({"type": "object"})}
            }
        },
        components={
            "parameters": {
                "Id": {"name": "id", "in": "path", "required": True, "schema": {"$ref": "#/components/schemas/Id"}}
            },
            "schemas": {"Id": {"type": "integer", "minimum": 1}},
        },
    )
    app = build_app(load(tmp_path, doc))
    assert call(app, "GET", "/items/7").status_code == 200


def test_an_id_outside_the_examples_is_served_unless_the_operation_documents_404(tmp_path: Path) -> None:
    parameter = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}, "example": "known"}
    undocumented = build_app(
        load(
            tmp_path,
            document({"/items/{id}": {"get": {"parameters": [parameter], "responses": ok({"type": "object"})}}}),
        )
    )
    assert call(undocumented, "GET", "/items/other").status_code == 200
    responses = {
        **ok({"type": "object"}),
        "404": {"description": "none", "content": {"application/problem+json": {"schema": PROBLEM}}},
    }
    documented = build_app(
        load(tmp_path, document({"/items/{id}": {"get": {"parameters": [parameter], "responses": responses}}}))
    )
    missing = call(documented, "GET", "/items/other")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    assert "title" in missing.json()  # the document's own error body, not Graph's


@pytest.mark.parametrize(
    ("error", "expected_type"),
    [
        ({"400": {"description": "bad", "content": {"text/html": {"schema": {"type": "string"}}}}}, "text/html"),
        (
            {"4XX": {"description": "bad", "content": {"application/problem+json": {"schema": PROBLEM}}}},
            "application/problem+json",
        ),
        ({"default": {"description": "bad"}}, None),
        ({"422": {"description": "invalid", "content": {"application/json": {"schema": PROBLEM}}}}, "application/json"),
    ],
    ids=["text-html", "4XX-range", "default-without-body", "only-422"],
)
def test_a_refusal_takes_the_status_media_type_and_schema_the_operation_documents(
    tmp_path: Path, error: dict[str, Any], expected_type: str | None
) -> None:
    parameter = {"name": "n", "in": "query", "required": True, "schema": {"type": "integer"}}
    doc = document({"/x": {"get": {"parameters": [parameter], "responses": {**ok({"type": "object"}), **error}}}})
    app = build_app(load(tmp_path, doc))
    refused = call(app, "GET", "/x", params={"n": "not-a-number"})
    assert 400 <= refused.status_code < 500
    assert refused.headers.get("content-type") == expected_type
    assert call(app, "GET", "/x", params={"n": "3"}).status_code == 200


def test_server_variables_take_their_defaults_everywhere(tmp_path: Path) -> None:
    servers = [
        {
            "url": "{scheme}://api.example.com/{version}",
            "variables": {"scheme": {"default": "https"}, "version": {"default": "v3"}},
        }
    ]
    doc = document({"/ping": {"get": {"operationId": "ping", "responses": ok({"type": "object"})}}}, servers=servers)
    spec = load(tmp_path, doc)
    assert spec.servers == ("https://api.example.com/v3",) and spec.server_path == "/v3"
    assert call(build_app(spec), "GET", "/v3/ping").status_code == 200
    client = generate_and_import(spec, tmp_path / "gen")
    assert client.DEFAULT_BASE_URL == "https://api.example.com/v3"


def test_a_literal_path_beats_a_template_and_405_lists_the_matched_paths_methods(tmp_path: Path) -> None:
    doc = document(
        {
            "/users/{id}": {
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                "get": {"responses": ok({"type": "object", "properties": {"who": {"const": "someone"}}})},
            },
            "/users/me": {
                "get": {"responses": ok({"type": "object", "properties": {"who": {"const": "me"}}})},
                "post": {"responses": ok({"type": "object"})},
            },
        }
    )
    app = build_app(load(tmp_path, doc))
    assert call(app, "GET", "/users/me").json() == {"who": "me"}
    assert call(app, "GET", "/users/42").json() == {"who": "someone"}
    refused = call(app, "DELETE", "/users/me")
    assert refused.status_code == 405 and refused.headers["allow"] == "GET, POST"


@pytest.mark.parametrize(
    ("media", "good", "bad"),
    [
        ("application/x-www-form-urlencoded", "name=bolt&count=3", "name=bolt&count=many"),
        (
            "multipart/form-data; boundary=B",
            '--B\r\nContent-Disposition: form-data; name="name"\r\n\r\nbolt\r\n--B\r\nContent-Disposition: form-data; name="count"\r\n\r\n3\r\n--B--\r\n',
            '--B\r\nContent-Disposition: form-data; name="count"\r\n\r\nmany\r\n--B--\r\n',
        ),
        (
            "application/xml",
            "<item><name>bolt</name><count>3</count></item>",
            "<item><name>bolt</name><count>many</count></item>",
        ),
        (
            "application/xml",
            "<item><name>bolt</name><count>3</count></item>",
            '<!DOCTYPE x [<!ENTITY a "b">]><item><name>&a;</name></item>',
        ),
    ],
    ids=["form", "multipart", "xml", "xml-with-a-dtd"],
)
def test_form_multipart_and_xml_bodies_are_validated(tmp_path: Path, media: str, good: str, bad: str) -> None:
    schema = {
        "type": "object",
        "required": ["name"],
        "properties": {"name": {"type": "string"}, "count": {"type": "integer"}},
    }
    base = media.split(";", maxsplit=1)[0]
    operation = {
        "requestBody": {"required": True, "content": {base: {"schema": schema}}},
        "responses": {**ok({"type": "object"}, status="201"), "400": {"description": "bad"}},
    }
    app = build_app(load(tmp_path, document({"/items": {"post": operation}})))
    assert call(app, "POST", "/items", content=good.encode(), headers={"content-type": media}).status_code == 201
    assert call(app, "POST", "/items", content=bad.encode(), headers={"content-type": media}).status_code == 400


def test_unquoted_yaml_dates_in_examples_are_served_as_the_text_written(tmp_path: Path) -> None:
    text = (
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /d:\n    get:\n      responses:\n        '200':\n"
        "          description: ok\n          content:\n            application/json:\n"
        "              schema: {type: object, properties: {on: {type: string, format: date}}}\n"
        "              example: {on: 2024-02-01}\n"
    )
    app = build_app(load(tmp_path, text))
    response = call(app, "GET", "/d")
    assert response.status_code == 200 and response.json() == {"on": "2024-02-01"}


@pytest.mark.parametrize(
    ("media", "sent"), [("*/*", "application/json"), ("text/plain", "text/plain"), ("image/png", "image/png")]
)
def test_non_json_and_wildcard_responses_are_served(tmp_path: Path, media: str, sent: str) -> None:
    schema = {"type": "string"} if media != "*/*" else {"type": "object"}
    app = build_app(load(tmp_path, document({"/f": {"get": {"responses": ok(schema, media=media)}}})))
    response = call(app, "GET", "/f")
    assert response.status_code == 200 and response.headers["content-type"] == sent


def test_a_raw_path_with_encoded_slashes_and_newlines_reaches_the_specs_router(tmp_path: Path) -> None:
    doc = document(
        {
            "/files/{name}": {
                "get": {
                    "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": ok({"type": "object"}),
                }
            }
        }
    )
    app = build_app(load(tmp_path, doc))
    assert call(app, "GET", "/files/a%2Fb%0Ac").status_code == 200


def test_a_deleted_resource_stays_deleted_until_it_is_written_again(tmp_path: Path) -> None:
    parameter = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    not_found = {"404": {"description": "gone"}}
    doc = document(
        {
            "/pets": {
                "post": {
                    "requestBody": {"content": {"application/json": {"schema": {"type": "object"}}}},
                    "responses": {**ok({"type": "object"}, status="201"), "400": {"description": "bad"}},
                }
            },
            "/pets/{id}": {
                "parameters": parameter,
                "get": {"responses": {**ok({"type": "object"}), **not_found}},
                "delete": {"responses": {"204": {"description": "deleted"}, **not_found}},
            },
        }
    )
    app = build_app(load(tmp_path, doc))
    assert call(app, "GET", "/pets/5").status_code == 200
    assert call(app, "DELETE", "/pets/5").status_code == 204
    assert call(app, "GET", "/pets/5").status_code == 404
    assert call(app, "POST", "/pets", json={}).status_code == 201
    assert call(app, "GET", "/pets/5").status_code == 200


def test_fuzz_sends_only_valid_requests_where_the_document_cannot_refuse_and_says_so(tmp_path: Path) -> None:
    parameter = {"name": "n", "in": "query", "required": True, "schema": {"type": "integer"}}
    doc = document(
        {
            "/only-ok": {"get": {"parameters": [parameter], "responses": ok({"type": "object"})}},
            "/nothing": {"get": {}},
        }
    )
    result = run_fuzz(load(tmp_path, doc), FuzzOptions(max_examples=10))
    assert result.exit_code == 0, result.failures
    assert any("GET /only-ok documents no client error" in note for note in result.notes)
    assert any("GET /nothing documents no response" in note for note in result.notes)


# Generation


def test_a_document_without_component_schemas_generates_and_imports(tmp_path: Path) -> None:
    spec = load(
        tmp_path,
        document({"/": {"get": {"responses": ok({"type": "object", "properties": {"v": {"type": "string"}}})}}}),
    )
    client = generate_and_import(spec, tmp_path / "gen")
    assert client.GetResponse.model_validate({"v": "x"}).v == "x"


def test_a_reference_inside_an_extension_is_not_a_reason_to_refuse(tmp_path: Path) -> None:
    doc = document({"/": {"get": {"x-internal": {"$ref": "#/nowhere"}, "responses": ok({"type": "object"})}}})
    assert load(tmp_path, doc).operations[0].key == "GET /"


def test_an_all_of_that_overrides_an_inherited_member_type_checks(tmp_path: Path) -> None:
    components = {
        "schemas": {
            "Base": {"type": "object", "properties": {"size": {"type": "integer"}}},
            "Child": {
                "allOf": [
                    {"$ref": "#/components/schemas/Base"},
                    {"type": "object", "properties": {"size": {"type": "number"}}},
                ]
            },
        }
    }
    doc = document({"/c": {"get": {"responses": ok({"$ref": "#/components/schemas/Child"})}}}, components=components)
    spec = load(tmp_path, doc)
    from generator.codegen import generate

    generate(spec, tmp_path / "pkg")
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "pkg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


def test_generated_code_passes_ruff_with_default_settings_and_mypy_for_a_webhooks_only_document(tmp_path: Path) -> None:
    doc = {
        "openapi": "3.1.0",
        "info": {"title": "hooks", "version": "1"},
        "webhooks": {"ping": {"post": {"responses": {"200": {"description": "ok"}}}}},
    }
    from generator.codegen import generate

    generate(load(tmp_path, doc), tmp_path / "pkg")
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "pkg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ruff.returncode == 0, ruff.stdout
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "pkg"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout


SECURED = document(
    {
        "/key": {"get": {"operationId": "byKey", "security": [{"key": []}], "responses": ok({"type": "object"})}},
        "/query": {
            "get": {"operationId": "byQuery", "security": [{"queryKey": []}], "responses": ok({"type": "object"})}
        },
        "/cookie": {
            "get": {"operationId": "byCookie", "security": [{"cookieKey": []}], "responses": ok({"type": "object"})}
        },
        "/basic": {"get": {"operationId": "byBasic", "security": [{"basic": []}], "responses": ok({"type": "object"})}},
        "/bearer": {
            "get": {"operationId": "byBearer", "security": [{"oidc": []}], "responses": ok({"type": "object"})}
        },
        "/open": {"get": {"operationId": "open", "responses": ok({"type": "object"})}},
        "/form": {
            "post": {
                "operationId": "sendForm",
                "requestBody": {"content": {"application/x-www-form-urlencoded": {"schema": {"type": "object"}}}},
                "responses": ok({"type": "object"}),
            }
        },
        "/upload": {
            "post": {
                "operationId": "upload",
                "requestBody": {"content": {"multipart/form-data": {"schema": {"type": "object"}}}},
                "responses": ok({"type": "object"}),
            }
        },
        "/raw": {
            "put": {
                "operationId": "putRaw",
                "requestBody": {"content": {"application/octet-stream": {}}},
                "responses": ok(media="*/*"),
            }
        },
        "/text": {"get": {"operationId": "getText", "responses": ok({"type": "string"}, media="text/plain")}},
        "/fail": {
            "post": {
                "operationId": "fail",
                "responses": {
                    **ok({"type": "object"}),
                    "409": {
                        "description": "conflict",
                        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
                    },
                },
            }
        },
    },
    servers=[{"url": "https://api.example.com"}],
    components={
        "securitySchemes": {
            "key": {"type": "apiKey", "in": "header", "name": "X-Key"},
            "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
            "cookieKey": {"type": "apiKey", "in": "cookie", "name": "sid"},
            "basic": {"type": "http", "scheme": "basic"},
            "oidc": {
                "type": "openIdConnect",
                "openIdConnectUrl": "https://id.example.com/.well-known/openid-configuration",
            },
        },
        "schemas": {"Problem": PROBLEM},
    },
)


@pytest.fixture(scope="module")
def secured(tmp_path_factory: pytest.TempPathFactory) -> Any:
    folder = tmp_path_factory.mktemp("secured")
    return generate_and_import(load(folder, SECURED), folder / "gen")


def capture(package: Any, reply: httpx2.Response | None = None) -> tuple[Any, list[httpx2.Request]]:
    seen: list[httpx2.Request] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        if reply is not None and request.url.path in ("/raw", "/text", "/fail"):
            return reply
        return httpx2.Response(200, json={})

    client = package.Client("tok", api_key="k-1", basic_auth=("me", "pw"), transport=httpx2.MockTransport(handler))
    return client, seen


def test_each_operation_sends_the_credentials_its_security_declares(secured: Any) -> None:
    client, seen = capture(secured)
    client.by_key(), client.by_query(), client.by_cookie(), client.by_basic(), client.by_bearer(), client.open()
    key, query, cookie, basic, bearer, open_ = seen
    assert key.headers["x-key"] == "k-1" and "authorization" not in key.headers
    assert query.url.params["key"] == "k-1"
    assert cookie.headers["cookie"] == "sid=k-1"
    assert basic.headers["authorization"] == "Basic " + base64.b64encode(b"me:pw").decode()
    assert bearer.headers["authorization"] == "Bearer tok"
    assert "authorization" not in open_.headers and "x-key" not in open_.headers


def test_form_multipart_and_raw_bodies_are_sent_and_non_json_answers_returned(secured: Any) -> None:
    client, seen = capture(secured, httpx2.Response(200, content=b"\x89PNG", headers={"content-type": "image/png"}))
    client.send_form(body={"a": "1", "b": ["x", "y"]})
    client.upload(body={"note": "hi", "file": ("a.txt", b"data", "text/plain")})
    assert client.put_raw(body=b"\x00\x01") == b"\x89PNG"
    form, multipart, raw = seen
    assert form.headers["content-type"] == "application/x-www-form-urlencoded" and form.content == b"a=1&b=x&b=y"
    assert multipart.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'name="file"; filename="a.txt"' in multipart.content and b"data" in multipart.content
    assert raw.content == b"\x00\x01" and raw.headers["content-type"] == "application/octet-stream"
    text_client, _ = capture(secured, httpx2.Response(200, text="plain words", headers={"content-type": "text/plain"}))
    assert text_client.get_text() == "plain words"


def test_an_error_body_is_parsed_into_the_documents_own_error_model(secured: Any) -> None:
    reply = httpx2.Response(
        409, json={"title": "taken", "status": 409}, headers={"content-type": "application/problem+json"}
    )
    client, _ = capture(secured, reply)
    with pytest.raises(secured.ConflictError) as error:
        client.fail()
    assert error.value.model.title == "taken"
    assert error.value.message == "taken"


def test_a_server_error_is_retried_only_when_the_method_is_idempotent(secured: Any) -> None:
    retry = secured.RetryPolicy(backoff=0.0)
    for method_name, expected in (("fail", 1), ("open", 4)):
        calls: list[int] = []

        def handler(request: httpx2.Request, calls: list[int] = calls) -> httpx2.Response:
            calls.append(1)
            return httpx2.Response(500)

        client = secured.Client("t", retry=retry, transport=httpx2.MockTransport(handler))
        with pytest.raises(secured.APIStatusError):
            getattr(client, method_name)()
        assert len(calls) == expected, method_name


def test_no_graph_wording_reaches_another_documents_package(tmp_path: Path) -> None:
    from generator.codegen import render

    files = render(load(tmp_path, SECURED), tmp_path / "pkg")
    assert not [name for name, text in files.items() if "graph" in text.lower().replace("graph.microsoft", "")]


# Recordings


def test_a_cached_304_answer_is_not_a_contract_violation(tmp_path: Path) -> None:
    spec = load(tmp_path, document({"/a": {"get": {"responses": ok({"type": "object", "required": ["x"]})}}}))
    exchange = Exchange(
        "GET", "https://h/a", 304, response_headers={"content-type": "application/json"}, body='{"cached": true}'
    )
    result = ContractValidator(spec).validate(exchange)
    assert result.ok and [v.rule for v in result.violations] == ["undocumented-status"]


@pytest.mark.parametrize("layout", ["pre-1.0", "python-tags", "httpx-status_code"])
def test_old_vcrpy_cassettes_are_read(tmp_path: Path, layout: str) -> None:
    if layout == "pre-1.0":
        text = json.dumps(
            [
                {
                    "request": {
                        "method": "GET",
                        "host": "h",
                        "path": "/a",
                        "port": 443,
                        "protocol": "https",
                        "headers": {},
                    },
                    "response": {
                        "status": {"code": 200},
                        "headers": ["content-type: application/json\r\n"],
                        "body": {"string": "{}"},
                    },
                }
            ]
        )
    elif layout == "python-tags":
        text = (
            "- request: !!python/object:vcr.request.Request\n    method: GET\n    host: h\n    path: /a\n    port: 80\n    protocol: http\n"
            "    headers: !!python/object/apply:__builtin__.frozenset\n    - - !!python/tuple [accept, '*/*']\n"
            '  response:\n    status: {code: 200}\n    headers: [!!python/unicode "content-type: application/json\\r\\n"]\n'
            "    body: {string: !!python/unicode '{}'}\n"
        )
    else:
        text = "interactions:\n- request: {method: GET, uri: 'https://h/a', headers: {}}\n  response: {status_code: 200, headers: {}, content: '{}'}\n"
    path = tmp_path / "cassette.yaml"
    path.write_text(text)
    (exchange,) = list(read_exchanges([path]))
    assert isinstance(exchange, Exchange) and exchange.status == 200 and exchange.url.endswith("/a")
