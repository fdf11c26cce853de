"""The pytest plugin (entry point `qrcontract`): contract checks in a team's existing tests.

    def test_reads_the_code(contract, graph_client):
        response = graph_client.get("/me/photo")
        contract.assert_conforms(response)

    def test_everything_through_the_client(contract):
        client = httpx2.Client(transport=contract.transport(httpx2.HTTPTransport()))

The spec is `--qrcontract-spec`, else the `qrcontract_spec` ini option, else `[tool.qrcontract] spec`;
it is loaded and compiled once per session.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import httpx2

    from ..validation import ContractValidator, ExchangeResult
    from ._transport import AsyncContractTransport, ContractTransport


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("qrcontract")
    group.addoption("--qrcontract-spec", default=None, help="OpenAPI spec the `contract` fixture validates against.")
    parser.addini("qrcontract_spec", "OpenAPI spec the `contract` fixture validates against.", default="")


class Contract:
    """What the `contract` fixture gives a test: assertions and transports over one compiled spec."""

    def __init__(self, validator: ContractValidator) -> None:
        self.validator = validator

    def check(self, response: httpx2.Response) -> ExchangeResult:
        from ._transport import exchange_from_httpx

        response.read()
        return self.validator.validate(exchange_from_httpx(response))

    def assert_conforms(self, response: httpx2.Response) -> ExchangeResult:
        """Fail the test, listing every violation, unless `response` conforms."""
        from ._transport import ContractViolationError

        result = self.check(response)
        if not result.ok:
            raise ContractViolationError(result)
        return result

    def transport(self, inner: httpx2.BaseTransport, **options: Any) -> ContractTransport:
        from ._transport import ContractTransport

        return ContractTransport(inner, self.validator, **options)

    def async_transport(self, inner: httpx2.AsyncBaseTransport, **options: Any) -> AsyncContractTransport:
        from ._transport import AsyncContractTransport

        return AsyncContractTransport(inner, self.validator, **options)


@pytest.fixture(scope="session")
def contract(pytestconfig: pytest.Config) -> Contract:
    """Assertions and transports that hold responses against the project's contract."""
    from ..config import load_settings
    from ..errors import QrContractError
    from ..spec import load_spec
    from ..validation import ContractValidator

    root = Path(str(pytestconfig.rootpath))
    chosen = pytestconfig.getoption("--qrcontract-spec") or pytestconfig.getini("qrcontract_spec")
    path = root / chosen if chosen else load_settings(root).spec
    path = path if path.is_absolute() else Path.cwd() / path
    try:
        spec = load_spec(path)
    except QrContractError as exc:
        pytest.fail(f"qrcontract: {exc}", pytrace=False)
    return Contract(ContractValidator(spec))
