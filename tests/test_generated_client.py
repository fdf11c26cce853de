"""End to end: generate the client into a temporary folder, import it, and call a local server with it."""

from __future__ import annotations

import asyncio
import time
from types import ModuleType

import pytest

from tests.conftest import Reply, ScriptedServer

REAL_WORLD = {
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#users('u1')/authentication/qrCodePinMethod/standardQRCode/$entity",
    "@odata.type": "#microsoft.graph.qrCode",
    "id": "cb960eac-7a22-1979-ec68-1ec73264ae8d",
    "expireDateTime": "2025-01-22T12:00:00Z",
    "startDateTime": "2024-02-01T00:00:00Z",
    "createdDateTime": "2024-02-01T19:58:51.2210909Z",
    "lastUsedDateTime": "0001-01-01T00:00:00Z",
    "image": None,
    "isLockedOut": False,
}

ODATA_ERROR = {
    "error": {
        "code": "Request_ResourceNotFound",
        "message": "Resource 'nobody' does not exist.",
        "innerError": {"date": "2024-02-01T19:58:51", "request-id": "inner-rid", "client-request-id": "c1"},
    }
}


def fast_retry(client_module: ModuleType) -> object:
    return client_module.RetryPolicy(max_retries=3, backoff=0.01, max_total_wait=5.0)


def test_sync_client_returns_the_model_with_real_world_edge_values(
    scratch_client: ModuleType, server: ScriptedServer
) -> None:
    server.replies.append(Reply(200, REAL_WORLD, {"request-id": "r-1"}))
    with scratch_client.Client("token-1", base_url=server.url + "/beta") as graph:
        code = graph.get_user_standard_qr_code("someone@contoso.com", select=["id", "image"])

    assert isinstance(code, scratch_client.QrCode)
    assert code.id == "cb960eac-7a22-1979-ec68-1ec73264ae8d"
    # Graph sends 7 fractional digits; Python keeps microseconds, truncating the last digit.
    assert code.created_date_time is not None and code.created_date_time.microsecond == 221090
    assert code.created_date_time.utcoffset() is not None
    assert code.last_used_date_time is not None and code.last_used_date_time.year == 1
    assert code.image is None
    assert code.odata_type == "#microsoft.graph.qrCode"
    assert code.model_extra == {"isLockedOut": False}

    request = server.seen[0]
    assert request.method == "GET"
    assert request.path == (
        "/beta/users/someone%40contoso.com/authentication/qrCodePinMethod/standardQRCode?%24select=id%2Cimage"
    )
    assert request.headers["authorization"] == "Bearer token-1"
    assert len(request.headers["client-request-id"]) == 36


def test_async_client_calls_every_operation(scratch_client: ModuleType, server: ScriptedServer) -> None:
    server.answer = lambda seen: Reply(200, {**REAL_WORLD, "id": seen.path.split("?")[0]})

    async def call_all() -> list[str]:
        async with scratch_client.AsyncClient(lambda: "fresh-token", base_url=server.url + "/beta") as graph:
            results = [
                await graph.get_my_standard_qr_code(),
                await graph.get_my_temporary_qr_code(expand=["*"]),
                await graph.get_user_standard_qr_code("u1"),
                await graph.get_user_temporary_qr_code("u1"),
            ]
        return [result.id for result in results]

    assert asyncio.run(call_all()) == [
        "/beta/me/authentication/qrCodePinMethod/standardQRCode",
        "/beta/me/authentication/qrCodePinMethod/temporaryQRCode",
        "/beta/users/u1/authentication/qrCodePinMethod/standardQRCode",
        "/beta/users/u1/authentication/qrCodePinMethod/temporaryQRCode",
    ]
    assert {seen.headers["authorization"] for seen in server.seen} == {"Bearer fresh-token"}


def test_an_unknown_enum_member_parses_and_keeps_its_raw_string(
    scratch_client: ModuleType, server: ScriptedServer
) -> None:
    image = {"binaryValue": "PHN2Zz4", "rawContent": "bXMtcXJwaW4", "errorCorrectionLevel": "ultra", "version": 3}
    server.replies.append(Reply(200, {**REAL_WORLD, "image": image}))
    with scratch_client.Client("t", base_url=server.url) as graph:
        code = graph.get_my_standard_qr_code()

    level = code.image.error_correction_level
    assert level == "ultra"
    assert level.value == "ultra"
    assert not level.is_known
    assert scratch_client.ErrorCorrectionLevel("h").is_known


def test_an_odata_error_becomes_the_typed_exception_with_code_and_request_id(
    scratch_client: ModuleType, server: ScriptedServer
) -> None:
    server.replies.append(Reply(404, ODATA_ERROR, {"request-id": "rid-404", "client-request-id": "c1"}))
    with (
        scratch_client.Client("t", base_url=server.url) as graph,
        pytest.raises(scratch_client.NotFoundError) as caught,
    ):
        graph.get_user_standard_qr_code("nobody")

    error = caught.value
    assert isinstance(error, scratch_client.APIStatusError)
    assert error.status_code == 404
    assert error.code == "Request_ResourceNotFound"
    assert error.message == "Resource 'nobody' does not exist."
    assert error.request_id == "rid-404"
    assert "rid-404" in str(error)


@pytest.mark.parametrize(
    ("status", "exception"),
    [(400, "BadRequestError"), (401, "AuthenticationError"), (403, "PermissionDeniedError"), (500, "ServerError")],
)
def test_each_documented_error_status_has_its_exception(
    scratch_client: ModuleType, server: ScriptedServer, status: int, exception: str
) -> None:
    server.replies.append(Reply(status, ODATA_ERROR))
    with scratch_client.Client("t", base_url=server.url) as graph, pytest.raises(getattr(scratch_client, exception)):
        graph.get_my_standard_qr_code()


def test_an_undocumented_status_raises_instead_of_returning_none(
    scratch_client: ModuleType, server: ScriptedServer
) -> None:
    server.replies.append(Reply(418, {"teapot": True}))
    with (
        scratch_client.Client("t", base_url=server.url) as graph,
        pytest.raises(scratch_client.UnexpectedStatusError) as caught,
    ):
        graph.get_my_standard_qr_code()
    assert caught.value.status_code == 418
    assert caught.value.code is None
    assert caught.value.body == {"teapot": True}


def test_a_success_body_that_breaks_the_contract_raises_response_validation_error(
    scratch_client: ModuleType, server: ScriptedServer
) -> None:
    server.replies.append(Reply(200, {**REAL_WORLD, "createdDateTime": "yesterday"}))
    with (
        scratch_client.Client("t", base_url=server.url) as graph,
        pytest.raises(scratch_client.ResponseValidationError) as caught,
    ):
        graph.get_my_standard_qr_code()
    assert "getMyStandardQRCode" in str(caught.value)
    assert "createdDateTime" in str(caught.value)


def test_429_with_fractional_retry_after_is_retried_then_succeeds(
    scratch_client: ModuleType, server: ScriptedServer
) -> None:
    throttled = {"error": {"code": "TooManyRequests", "message": "Please retry again later."}}
    server.replies += [Reply(429, throttled, {"Retry-After": "0.1"}), Reply(200, REAL_WORLD)]
    started = time.monotonic()
    with scratch_client.Client("t", base_url=server.url) as graph:
        code = graph.get_my_standard_qr_code()
    assert code.id == REAL_WORLD["id"]
    assert time.monotonic() - started >= 0.1
    assert len(server.seen) == 2
    # One logical call keeps one client-request-id across its retries.
    assert server.seen[0].headers["client-request-id"] == server.seen[1].headers["client-request-id"]


def test_async_client_retries_503_too(scratch_client: ModuleType, server: ScriptedServer) -> None:
    server.replies += [Reply(503, ODATA_ERROR, {"Retry-After": "0.05"}), Reply(200, REAL_WORLD)]

    async def call() -> object:
        async with scratch_client.AsyncClient("t", base_url=server.url) as graph:
            return await graph.get_my_temporary_qr_code()

    assert asyncio.run(call()).id == REAL_WORLD["id"]
    assert len(server.seen) == 2


def test_retries_are_bounded_in_count(scratch_client: ModuleType, server: ScriptedServer) -> None:
    server.answer = lambda seen: Reply(
        429, {"error": {"code": "TooManyRequests", "message": "slow down"}}, {"Retry-After": "0"}
    )
    with (
        scratch_client.Client("t", base_url=server.url, retry=fast_retry(scratch_client)) as graph,
        pytest.raises(scratch_client.RateLimitError) as caught,
    ):
        graph.get_my_standard_qr_code()
    assert len(server.seen) == 4  # the call and three retries
    assert caught.value.retry_after == 0.0


def test_a_retry_after_beyond_the_budget_is_not_waited_for(scratch_client: ModuleType, server: ScriptedServer) -> None:
    server.replies.append(
        Reply(429, {"error": {"code": "TooManyRequests", "message": "later"}}, {"Retry-After": "3600"})
    )
    started = time.monotonic()
    with scratch_client.Client("t", base_url=server.url) as graph, pytest.raises(scratch_client.RateLimitError):
        graph.get_my_standard_qr_code()
    assert time.monotonic() - started < 5
    assert len(server.seen) == 1


def test_a_refused_connection_is_an_api_connection_error(scratch_client: ModuleType) -> None:
    with (
        scratch_client.Client("t", base_url="http://127.0.0.1:9", timeout=2.0) as graph,
        pytest.raises(scratch_client.APIConnectionError),
    ):
        graph.get_my_standard_qr_code()


def test_the_default_base_url_is_the_spec_server(scratch_client: ModuleType) -> None:
    assert scratch_client.DEFAULT_BASE_URL == "https://graph.microsoft.com/beta"
    with scratch_client.Client("t") as graph:
        assert graph.base_url == "https://graph.microsoft.com/beta"
