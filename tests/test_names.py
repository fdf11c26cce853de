"""Python names derived from spec names are readable and always valid identifiers."""

from __future__ import annotations

import keyword

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.names import pascal_case, snake_case


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("getUserStandardQRCode", "get_user_standard_qr_code"),
        ("getMyTemporaryQRCode", "get_my_temporary_qr_code"),
        ("$select", "select"),
        ("client-request-id", "client_request_id"),
        ("X-Trace", "x_trace"),
        ("itemId", "item_id"),
        ("class", "class_"),
        ("2fa", "_2fa"),
    ],
)
def test_snake_case(name: str, expected: str) -> None:
    assert snake_case(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("qrCode", "QrCode"),
        ("microsoft.graph.qrCode", "MicrosoftGraphQrCode"),
        ("odata-error", "OdataError"),
        ("", "Model"),
    ],
)
def test_pascal_case(name: str, expected: str) -> None:
    assert pascal_case(name) == expected


@given(st.text())
def test_any_spec_name_becomes_a_valid_identifier(name: str) -> None:
    for converted in (snake_case(name), pascal_case(name)):
        assert converted.isidentifier()
        assert not keyword.iskeyword(converted)
