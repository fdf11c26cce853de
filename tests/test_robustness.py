"""Parsers meet arbitrary input: every file gives a result or one clean error, never a crash."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.docs import parse_page
from generator.errors import InputError, SpecError
from generator.exchanges import Exchange, Skipped, read_exchanges
from generator.spec import load_spec, load_spec_text
from generator.validation import ContractValidator, ExchangeResult
from tests.conftest import SPEC_PATH

VALIDATOR = ContractValidator(load_spec(SPEC_PATH), check_secrets=True)

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            st.sampled_from(
                [
                    "request",
                    "response",
                    "log",
                    "entries",
                    "interactions",
                    "http_interactions",
                    "status",
                    "url",
                    "method",
                    "headers",
                    "body",
                    "uri",
                    "openapi",
                    "paths",
                    "x",
                ]
            ),
            inner,
            max_size=4,
        )
    ),
    max_leaves=12,
)
FAST = settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])


def _write(content: bytes, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp())
    path = folder / f"input{suffix}"
    path.write_bytes(content)
    return path


@FAST
@given(st.one_of(st.binary(max_size=200), JSON_VALUES.map(lambda v: json.dumps(v).encode())))
def test_any_fixture_file_gives_exchanges_or_a_clean_error_and_validates(content: bytes) -> None:
    for item in read_exchanges([_write(content, ".json")]):
        assert isinstance(item, (Exchange, Skipped, InputError))
        if isinstance(item, (InputError, Skipped)):
            assert "\n" not in str(item)
        else:
            assert isinstance(VALIDATOR.validate(item), ExchangeResult)


@FAST
@given(st.text(max_size=300))
def test_any_page_parses_or_gives_a_clean_error(text: str) -> None:
    try:
        page = parse_page(_write(text.encode(), ".md"))
    except InputError as exc:
        assert "\n" not in str(exc)
    else:
        assert page.kind in ("api", "resource")


@FAST
@given(st.one_of(st.text(max_size=200), JSON_VALUES.map(json.dumps)))
def test_any_spec_text_loads_or_gives_a_clean_spec_error(text: str) -> None:
    try:
        load_spec_text(text, Path("fuzzed.yaml"))
    except SpecError as exc:
        assert str(exc).startswith("fuzzed.yaml")
        assert "\n" not in str(exc)


EXCHANGES = st.fixed_dictionaries(
    {
        "request": st.fixed_dictionaries(
            {
                "method": st.sampled_from(["GET", "POST", "get", "TRACE"]),
                "url": st.sampled_from(
                    [
                        "https://graph.microsoft.com/beta/me/authentication/qrCodePinMethod/standardQRCode",
                        "/beta/users/x/authentication/qrCodePinMethod/temporaryQRCode?$select=id",
                        "/users//authentication/qrCodePinMethod/standardQRCode",
                        "relative",
                        "",
                    ]
                ),
                "headers": st.dictionaries(
                    st.sampled_from(["Authorization", "Cookie", "X"]), st.text(max_size=20), max_size=2
                ),
            }
        ),
        "response": st.fixed_dictionaries(
            {
                "status": st.integers(min_value=100, max_value=599),
                "headers": st.dictionaries(
                    st.sampled_from(["Content-Type", "Retry-After", "request-id"]),
                    st.sampled_from(
                        ["application/json", "text/html", "", "1.5", "soon", "application/json; charset=utf-8"]
                    ),
                    max_size=3,
                ),
            },
            optional={"body": JSON_VALUES | st.text(max_size=30)},
        ),
    }
)


@FAST
@given(st.lists(EXCHANGES, min_size=1, max_size=3))
def test_any_native_exchange_validates_to_a_result(exchanges: list) -> None:  # type: ignore[type-arg]
    for item in read_exchanges([_write(json.dumps(exchanges).encode(), ".json")]):
        if isinstance(item, Exchange):
            result = VALIDATOR.validate(item)
            assert all(v.severity in ("error", "warning") for v in result.violations)
