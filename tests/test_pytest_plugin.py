"""The pytest plugin and ContractTransport: a team's own tests check the contract for free."""

from __future__ import annotations

import asyncio
import json

import httpx2
import pytest

from generator import Spec
from generator.testing import AsyncContractTransport, ContractTransport, ContractViolationError

pytest_plugins = ["pytester"]

STD = "https://graph.microsoft.com/beta/users/u1/authentication/qrCodePinMethod/standardQRCode"


def graph(body: object, status: int = 200) -> httpx2.MockTransport:
    return httpx2.MockTransport(lambda request: httpx2.Response(status, json=body))


def test_contract_transport_passes_a_conforming_response_through(spec: Spec) -> None:
    transport = ContractTransport(graph({"id": "x", "image": None}), spec)
    with httpx2.Client(transport=transport) as client:
        assert client.get(STD).json() == {"id": "x", "image": None}
    assert [r.ok for r in transport.results] == [True]


def test_contract_transport_raises_on_a_violation_with_the_readable_line(spec: Spec) -> None:
    transport = ContractTransport(graph({"id": "x", "image": {"version": "two"}}), spec)
    with httpx2.Client(transport=transport) as client, pytest.raises(ContractViolationError) as caught:
        client.get(STD)
    assert '/image/version: expected int32 or null, got "two" [type]' in str(caught.value)
    assert caught.value.result.violations[0].rule == "type"


def test_async_contract_transport_collects_without_raising_when_asked(spec: Spec) -> None:
    transport = AsyncContractTransport(graph({"oops": True}, 418), spec, raise_on_violation=False)

    async def call() -> int:
        async with httpx2.AsyncClient(transport=transport) as client:
            return (await client.get(STD)).status_code

    assert asyncio.run(call()) == 418
    assert [v.rule for v in transport.results[0].violations] == ["undocumented-status"]


def test_the_generated_client_can_run_through_the_contract_transport(spec: Spec, scratch_client) -> None:  # type: ignore[no-untyped-def]
    transport = ContractTransport(graph({"id": "x", "createdDateTime": "2024-02-01T19:58:51.2210909Z"}), spec)
    with scratch_client.Client("t", transport=transport) as client:
        assert client.get_user_standard_qr_code("u1").id == "x"
    assert transport.results[0].operation.operation_id == "getUserStandardQRCode"


def test_the_contract_fixture_is_available_to_any_test_suite(pytester: pytest.Pytester, spec: Spec) -> None:
    pytester.makefile(".yaml", spec=spec.path.read_text())
    pytester.makeini("[pytest]\nqrcontract_spec = spec.yaml\n")
    body = json.dumps({"id": "x", "image": {"version": "two"}})
    pytester.makepyfile(
        f"""
        import httpx2

        URL = "{STD}"

        def respond(body):
            return httpx2.MockTransport(lambda request: httpx2.Response(200, content=body, headers={{"content-type": "application/json"}}))

        def test_good(contract):
            response = httpx2.Client(transport=respond(b'{{"id": "x"}}')).get(URL)
            assert contract.assert_conforms(response).ok

        def test_bad(contract):
            response = httpx2.Client(transport=respond({body!r}.encode())).get(URL)
            contract.assert_conforms(response)
        """
    )
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(['*/image/version: expected int32 or null, got "two" [[]type[]]*'])
