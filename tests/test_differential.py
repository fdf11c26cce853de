"""qrcontract's compiled validator never disagrees with openapi-core, the reference, on conformance.

Over 1,000 generated exchanges, valid and mutated. qrcontract's own judgement is then layered on
top (unknown members and unknown enum members become warnings): the comparison is of raw conformance,
so an `unknown-enum-member` counts as non-conforming here, exactly as openapi-core sees it.
"""

from __future__ import annotations

import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import Spec, load_spec
from generator.exchanges import Exchange
from generator.validation import ContractValidator, OpenApiCoreReference
from tests.conftest import SPEC_PATH

SPEC: Spec = load_spec(SPEC_PATH)
OURS = ContractValidator(SPEC)
REFERENCE = OpenApiCoreReference(SPEC)

URLS = [
    "https://graph.microsoft.com/beta/me/authentication/qrCodePinMethod/standardQRCode",
    "https://graph.microsoft.com/beta/users/u1/authentication/qrCodePinMethod/temporaryQRCode",
]
DATES = [
    "2024-02-01T19:58:51.2210909Z",
    "0001-01-01T00:00:00Z",
    "2024-02-01T19:58:51.123456789012Z",
    "2024-02-01T19:58:51.1234567890123Z",
    "2024-02-01T19:58:51+01:00",
    "2024-02-01 19:58:51Z",
    "2024-02-01t19:58:51z",
    "2024-02-30T00:00:00Z",
    "2024-13-01T00:00:00Z",
    "2024-12-31T23:59:60Z",
    "2024-02-01T19:58:51",
    "2024-02-01",
    "not-a-date",
    "",
]
LEVELS = ["l", "m", "q", "h", "unknownFutureValue", "H", "ultra", ""]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**33), max_value=2**33),
    st.floats(allow_nan=False, allow_infinity=False),
    st.sampled_from(DATES + LEVELS + ["REDACTED", "a+b/", "PHN2Zz4", "two"]),
    st.text(max_size=8),
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)

VALID_DATES = ["2024-02-01T19:58:51.2210909Z", "0001-01-01T00:00:00Z", "2024-02-01T19:58:51+01:00", None]
VALID_IMAGE = st.none() | st.fixed_dictionaries(
    {},
    optional={
        "@odata.type": st.just("#microsoft.graph.qrCodeImageDetails"),
        "binaryValue": st.sampled_from(["REDACTED", "PHN2Zz4", None]),
        "rawContent": st.sampled_from(["bXMtcXJwaW4", None]),
        "errorCorrectionLevel": st.sampled_from(["l", "m", "q", "h", "unknownFutureValue", None]),
        "version": st.sampled_from([1, 40, 2**31 - 1, -(2**31), None]),
    },
)
VALID_QR = st.fixed_dictionaries(
    {"id": st.text(min_size=1, max_size=8)},
    optional={
        "@odata.context": st.just("https://graph.microsoft.com/beta/$metadata#x/$entity"),
        "@odata.type": st.just("#microsoft.graph.qrCode"),
        "createdDateTime": st.sampled_from(VALID_DATES),
        "expireDateTime": st.sampled_from(VALID_DATES),
        "startDateTime": st.sampled_from(VALID_DATES),
        "lastUsedDateTime": st.sampled_from(VALID_DATES),
        "image": VALID_IMAGE,
        "isUsable": JSON,
    },
)
VALID_ERROR = st.fixed_dictionaries(
    {
        "error": st.fixed_dictionaries(
            {"code": st.just("TooManyRequests"), "message": st.just("later")},
            optional={
                "innerError": st.fixed_dictionaries(
                    {}, optional={"date": st.just("2024-02-01T19:58:51"), "request-id": st.just("r")}
                )
            },
        )
    }
)
MEMBERS = ["id", "createdDateTime", "lastUsedDateTime", "image", "@odata.type"]
IMAGE_MEMBERS = ["binaryValue", "rawContent", "errorCorrectionLevel", "version"]
BAD_VALUES = st.sampled_from([*DATES, *LEVELS, 2**31, -(2**31) - 1, 2.5, "two", "a+b/", True, [], {}]) | SCALARS


@st.composite
def mutated(draw: st.DrawFn, base: st.SearchStrategy[Any], members: list[str]) -> Any:
    """A valid value, or the same with one or two members broken, removed, or the whole wrapped."""
    body = draw(base)
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        action = draw(st.sampled_from(["replace", "replace", "image", "delete", "wrap", "anything"]))
        if action == "replace" and isinstance(body, dict):
            body[draw(st.sampled_from(members))] = draw(BAD_VALUES)
        elif action == "image" and isinstance(body, dict):
            image = body.get("image") if isinstance(body.get("image"), dict) else {}
            image[draw(st.sampled_from(IMAGE_MEMBERS))] = draw(BAD_VALUES)
            body["image"] = image
        elif action == "delete" and isinstance(body, dict) and body:
            body.pop(draw(st.sampled_from(sorted(body))), None)
        elif action == "wrap":
            body = {"value": body}
        elif action == "anything":
            body = draw(JSON)
    return body


@st.composite
def exchanges(draw: st.DrawFn) -> Exchange:
    status = draw(st.sampled_from([200] * 8 + [404, 429, 503, 418]))
    if status == 200:
        body: Any = draw(mutated(VALID_QR, MEMBERS))
    else:
        body = draw(mutated(VALID_ERROR, ["error"]))
    headers = {"content-type": draw(st.sampled_from(["application/json"] * 12 + ["text/html", "application/xml"]))}
    if status in (429, 503) and draw(st.booleans()):
        headers["retry-after"] = draw(st.sampled_from(["2.128", "0", "120", "soon", "-1"]))
    return Exchange("GET", draw(st.sampled_from(URLS)), status, response_headers=headers, body=json.dumps(body))


def conforms(exchange: Exchange) -> bool:
    return all(v.rule == "unknown-member" for v in OURS.validate(exchange).violations)


@settings(max_examples=1000, derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(exchanges())
def test_compiled_validator_agrees_with_openapi_core(exchange: Exchange) -> None:
    assert conforms(exchange) == REFERENCE.conforms(exchange), (
        exchange.status,
        exchange.body,
        OURS.validate(exchange).violations,
    )


def test_the_generated_exchanges_include_both_verdicts() -> None:
    """Guard against a strategy that only ever produces one verdict (which would prove nothing)."""
    verdicts: list[bool] = []

    @settings(max_examples=300, derandomize=True, deadline=None)
    @given(exchanges())
    def collect(exchange: Exchange) -> None:
        verdicts.append(REFERENCE.conforms(exchange))

    collect()
    assert 0.2 < sum(verdicts) / len(verdicts) < 0.8
