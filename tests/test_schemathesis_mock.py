"""schemathesis's pytest integration against the embedded mock, in-process: every case conforms."""

from __future__ import annotations

import json

import schemathesis
from hypothesis import settings

from generator import load_spec
from generator.mock import build_app
from tests.conftest import SPEC_PATH

SPEC = load_spec(SPEC_PATH)
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(SPEC.raw)))
schema.app = build_app(SPEC)


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, database=None)
def test_every_operation_of_the_mock_conforms(case: schemathesis.Case) -> None:
    case.call_and_validate(headers={"Authorization": "Bearer pytest-token"})
