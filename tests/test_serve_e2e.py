"""End to end: `qrcontract serve` as a real process, called with the generated sync and async clients."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest

import generated
from tests.serving import serving

USER = "7c4999f7-9c25-4f8e-8b84-766eb28a1b49"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving("--token", "app=app:UserAuthenticationMethod.Read.All", "--token", "narrow=User.Read") as url:
        yield url


def test_the_sync_client_calls_every_operation_and_gets_models(base_url: str) -> None:
    with generated.Client("any-token", base_url=base_url) as graph:
        codes = [
            graph.get_my_standard_qr_code(),
            graph.get_my_temporary_qr_code(select=["id", "expireDateTime"]),
            graph.get_user_standard_qr_code(USER),
            graph.get_user_temporary_qr_code(USER, expand=["*"]),
        ]
    assert all(isinstance(code, generated.QrCode) for code in codes)
    assert codes[0].created_date_time is not None and codes[0].created_date_time.microsecond == 221090
    assert codes[0].last_used_date_time is not None and codes[0].last_used_date_time.year == 1
    assert codes[1].start_date_time is None  # not selected
    assert codes[1].model_extra == {}


def test_the_async_client_calls_every_operation(base_url: str) -> None:
    async def call_all() -> list[generated.QrCode]:
        async with generated.AsyncClient("any-token", base_url=base_url) as graph:
            return [
                await graph.get_my_standard_qr_code(),
                await graph.get_my_temporary_qr_code(),
                await graph.get_user_standard_qr_code(USER),
                await graph.get_user_temporary_qr_code(USER),
            ]

    assert [code.id for code in asyncio.run(call_all())] == [
        "cb960eac-7a22-1979-ec68-1ec73264ae8d",
        "4a5b6c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d",
        "cb960eac-7a22-1979-ec68-1ec73264ae8d",
        "4a5b6c7d-1e2f-4a3b-9c8d-7e6f5a4b3c2d",
    ]


def test_typed_errors_401_403_404(base_url: str) -> None:
    with generated.Client(base_url=base_url) as anonymous, pytest.raises(generated.AuthenticationError) as caught:
        anonymous.get_my_standard_qr_code()
    assert caught.value.code == "InvalidAuthenticationToken"
    assert caught.value.request_id
    with generated.Client("app", base_url=base_url) as application, pytest.raises(generated.PermissionDeniedError):
        application.get_my_standard_qr_code()  # /me needs a delegated token
    with generated.Client("narrow", base_url=base_url) as narrow, pytest.raises(generated.PermissionDeniedError):
        narrow.get_user_standard_qr_code(USER)
    with generated.Client("t", base_url=base_url) as graph, pytest.raises(generated.NotFoundError) as missing:
        graph.get_user_standard_qr_code("nobody@contoso.com")
    assert missing.value.code == "Request_ResourceNotFound"


def test_a_bad_select_is_a_bad_request(base_url: str) -> None:
    with generated.Client("t", base_url=base_url) as graph, pytest.raises(generated.BadRequestError):
        graph._send(generated.client._GET_MY_STANDARD_QR_CODE, {"$select": ["colour"]})


def test_the_client_retries_through_throttling() -> None:
    with serving("--throttle", "4/s") as url, generated.Client("t", base_url=url) as graph:
        codes = [graph.get_my_standard_qr_code() for _ in range(8)]  # past the burst of 4: 429s, retried
    assert len(codes) == 8


def test_without_retries_the_429_surfaces_as_rate_limit_error() -> None:
    with (
        serving("--throttle", "1/s") as url,
        generated.Client("t", base_url=url, retry=generated.RetryPolicy(max_retries=0)) as graph,
    ):
        graph.get_my_standard_qr_code()
        with pytest.raises(generated.RateLimitError) as caught:
            graph.get_my_standard_qr_code()
    assert caught.value.retry_after is not None and 0 < caught.value.retry_after <= 1
