"""The embedded mock, in-process through its ASGI app: Graph's behaviour, derived from the spec."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path
from typing import Any

import httpx2
import pytest

from generator import Spec, load_spec
from generator.errors import UsageError
from generator.mock import MockConfig, Token, build_app, load_tokens, parse_throttle, parse_token
from tests.conftest import FRAGMENTS

ME = "/beta/me/authentication/qrCodePinMethod/standardQRCode"
USER = "7c4999f7-9c25-4f8e-8b84-766eb28a1b49"  # the spec's example id: a user the mock knows
USERS = f"/beta/users/{USER}/authentication/qrCodePinMethod/temporaryQRCode"
AUTH = {"Authorization": "Bearer anything"}


def call(app: Any, method: str, path: str, headers: dict[str, str] | None = None) -> httpx2.Response:
    async def go() -> httpx2.Response:
        async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=app), base_url="http://mock") as client:
            return await client.request(method, path, headers=headers)

    return asyncio.run(go())


@pytest.fixture(scope="module")
def app(spec: Spec) -> Any:
    tokens = {
        "reader-app": Token("reader-app", "application", frozenset({"UserAuthenticationMethod.Read.All"})),
        "narrow": Token("narrow", "delegated", frozenset({"User.Read"})),
        "qr-reader": Token("qr-reader", "delegated", frozenset({"UserAuthMethod-QR.Read"})),
    }
    return build_app(spec, MockConfig(tokens=tokens))


def error_code(response: httpx2.Response) -> str:
    return str(response.json()["error"]["code"])


def test_any_bearer_token_reads_every_operation_from_the_spec_examples(app: Any) -> None:
    standard = call(app, "GET", ME, AUTH)
    assert standard.status_code == 200
    assert standard.json()["createdDateTime"] == "2024-02-01T19:58:51.2210909Z"  # the `standard` example
    temporary = call(app, "GET", USERS, AUTH)
    assert temporary.status_code == 200
    assert temporary.json()["id"] == "4a5b6c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d"  # the `temporary` example
    assert standard.headers["content-type"] == "application/json"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Basic dTpw"}, {"Authorization": "Bearer"}])
def test_missing_or_malformed_bearer_gives_401_with_an_odata_error(app: Any, headers: dict[str, str]) -> None:
    response = call(app, "GET", ME, headers)
    assert response.status_code == 401
    assert error_code(response) == "InvalidAuthenticationToken"


def test_a_named_token_without_an_accepted_scope_gets_403(app: Any) -> None:
    response = call(app, "GET", ME, {"Authorization": "Bearer narrow"})
    assert response.status_code == 403
    assert error_code(response) == "Authorization_RequestDenied"
    assert call(app, "GET", ME, {"Authorization": "Bearer qr-reader"}).status_code == 200


def test_me_needs_a_delegated_token_and_users_accepts_an_application_token(app: Any) -> None:
    assert call(app, "GET", ME, {"Authorization": "Bearer reader-app"}).status_code == 403
    assert call(app, "GET", USERS, {"Authorization": "Bearer reader-app"}).status_code == 200


def test_an_unknown_user_id_gives_404_request_resource_not_found(app: Any) -> None:
    response = call(app, "GET", "/beta/users/nobody@contoso.com/authentication/qrCodePinMethod/standardQRCode", AUTH)
    assert response.status_code == 404
    assert error_code(response) == "Request_ResourceNotFound"


def test_another_method_on_a_known_path_gives_405_with_allow(app: Any) -> None:
    for method in ("DELETE", "PATCH", "TRACE"):
        response = call(app, method, ME, AUTH)
        assert response.status_code == 405
        assert response.headers["allow"] == "GET"


def test_an_invalid_select_member_gives_400_naming_it(app: Any) -> None:
    response = call(app, "GET", ME + "?$select=id,colour", AUTH)
    assert response.status_code == 400
    assert "'colour'" in response.json()["error"]["message"]
    assert call(app, "GET", ME + "?$frobnicate=1", AUTH).status_code == 400


def test_select_returns_only_the_members_asked_for_plus_required_and_annotations(app: Any) -> None:
    body = call(app, "GET", ME + "?$select=expireDateTime", AUTH).json()
    assert set(body) == {"@odata.context", "@odata.type", "id", "expireDateTime"}


def test_every_response_has_a_request_id_and_echoes_client_request_id(app: Any) -> None:
    for headers in (AUTH, {}):
        response = call(app, "GET", ME, {**headers, "client-request-id": "mine-123"})
        assert response.headers["client-request-id"] == "mine-123"
        assert len(response.headers["request-id"]) == 36
    assert call(app, "GET", ME, AUTH).headers["client-request-id"] == call(app, "GET", ME, AUTH).headers["request-id"]


def test_the_same_request_gives_the_same_bytes(spec: Spec) -> None:
    first = call(build_app(spec, MockConfig(seed=7)), "GET", USERS + "?$select=id", AUTH)
    second = call(build_app(spec, MockConfig(seed=7)), "GET", USERS + "?$select=id", AUTH)
    assert (first.status_code, dict(first.headers), first.content) == (
        second.status_code,
        dict(second.headers),
        second.content,
    )


def test_throttling_answers_429_with_retry_after(spec: Spec) -> None:
    throttled = build_app(spec, MockConfig(throttle=2))
    statuses = [call(throttled, "GET", ME, AUTH) for _ in range(4)]
    assert [r.status_code for r in statuses][:2] == [200, 200]
    limited = statuses[2]
    assert limited.status_code == 429
    assert error_code(limited) == "TooManyRequests"
    assert 0 < float(limited.headers["retry-after"]) <= 1


def test_recorded_fixtures_are_served_and_their_users_become_known(spec: Spec, tmp_path: Path) -> None:
    recorded = {
        "request": {
            "method": "GET",
            "url": "https://graph.microsoft.com/beta/users/alice@contoso.com/authentication/qrCodePinMethod/standardQRCode",
        },
        "response": {
            "status": 200,
            "body": {"id": "alice-code", "lastUsedDateTime": "0001-01-01T00:00:00Z", "image": None},
        },
    }
    (tmp_path / "alice.json").write_text(json.dumps(recorded))
    app = build_app(spec, MockConfig(fixtures=(tmp_path,)))
    response = call(app, "GET", "/beta/users/ALICE@contoso.com/authentication/qrCodePinMethod/standardQRCode", AUTH)
    assert response.status_code == 200 and response.json()["id"] == "alice-code"
    other = call(app, "GET", "/beta/users/bob@contoso.com/authentication/qrCodePinMethod/standardQRCode", AUTH)
    assert other.status_code == 404


def test_the_mock_never_sends_a_response_that_breaks_the_contract(
    spec: Spec, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = {
        "request": {"method": "GET", "url": f"https://graph.microsoft.com/beta{USERS[5:]}"},
        "response": {"status": 200, "body": {"id": "x", "image": {"version": "two"}}},
    }
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    app = build_app(spec, MockConfig(fixtures=(tmp_path,)))
    with caplog.at_level(logging.ERROR, logger="qrcontract.mock"):
        response = call(app, "GET", USERS, AUTH)
    assert response.status_code == 500
    assert error_code(response) == "generalException"
    assert '/image/version: expected int32 or null, got "two" [type]' in caplog.text


def test_a_second_fragment_is_served_with_its_own_security_scheme() -> None:
    app = build_app(load_spec(FRAGMENTS / "inventory.openapi.yaml"))
    assert call(app, "GET", "/api/v2/items/7").status_code == 401
    item = call(app, "GET", "/api/v2/items/7", {"X-Api-Key": "k"})
    assert item.status_code == 200 and item.json()["name"] == "bolt"
    assert call(app, "GET", "/api/v2/items/0", {"X-Api-Key": "k"}).status_code == 400  # minimum: 1
    assert call(app, "GET", "/api/v2/health").status_code == 204


def test_token_options_parse_and_reject_nonsense(tmp_path: Path) -> None:
    assert parse_token("r=app:A.Read,B") == Token("r", "application", frozenset({"A.Read", "B"}))
    assert parse_token("u=A.Read") == Token("u", "delegated", frozenset({"A.Read"}))
    assert parse_throttle("5/s") == 5 and parse_throttle("120/m") == 2
    with pytest.raises(UsageError, match="--token"):
        parse_token("no-equals")
    with pytest.raises(UsageError, match="--throttle"):
        parse_throttle("fast")
    config = tmp_path / "tokens.yaml"
    config.write_text("reader: {kind: application, scopes: [X.Read.All]}\n")
    assert load_tokens(config) == {"reader": Token("reader", "application", frozenset({"X.Read.All"}))}


def test_request_bodies_are_validated_and_answers_are_built_from_schemas_without_examples() -> None:
    inventory = build_app(load_spec(FRAGMENTS / "inventory.openapi.yaml"))
    key = {"X-Api-Key": "k"}

    async def post(body: bytes, content_type: str) -> httpx2.Response:
        async with httpx2.AsyncClient(transport=httpx2.ASGITransport(app=inventory), base_url="http://mock") as client:
            return await client.post("/api/v2/items", content=body, headers={**key, "content-type": content_type})

    created = asyncio.run(post(b'{"name": "nut", "kind": "hardware"}', "application/json"))
    assert created.status_code == 201
    assert set(created.json()) >= {"itemId", "name", "kind"}  # no example: built from the schema, then validated
    assert asyncio.run(post(b'{"name": "nut"}', "application/json")).status_code == 400  # kind is required
    assert asyncio.run(post(b"name=nut", "application/x-www-form-urlencoded")).status_code == 415
    things = build_app(load_spec(FRAGMENTS / "things.openapi.yaml"))
    thing = call(things, "GET", "/v1/things/3")
    assert thing.status_code == 200 and thing.headers["x-trace"] == "string"  # a required header, from its schema
    assert call(things, "GET", "/v1/things/0").content == b""  # 400 documented without a body: none sent
