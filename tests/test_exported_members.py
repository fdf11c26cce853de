"""The public surfaces are explicit and tested: the toolkit's Python API and what `generated` exports."""

from __future__ import annotations

import ast
import subprocess
import sys

import generated
import generator
from tests.conftest import ROOT


def test_the_toolkit_exports_its_python_api() -> None:
    assert len(set(generator.__all__)) == len(generator.__all__)
    for name in generator.__all__:
        assert getattr(generator, name) is not None, name
    assert generator.validate_exchange.__module__ == "generator.validate"


def test_generated_exports_its_models_clients_and_errors() -> None:
    models = {
        node.name
        for node in ast.parse((ROOT / "generated" / "models.py").read_text()).body
        if isinstance(node, ast.ClassDef)
    }
    assert models <= set(generated.__all__)
    assert {"Client", "AsyncClient", "RetryPolicy", "APIStatusError", "UnexpectedStatusError", "OpenStrEnum"} <= set(
        generated.__all__
    )
    for name in generated.__all__:
        assert getattr(generated, name) is not None, name
    assert sorted(dir(generated)) == sorted(generated.__all__)


def test_importing_generated_or_its_client_does_not_build_the_models() -> None:
    code = "import sys, generated; from generated import Client; print('generated.models' in sys.modules, 'pydantic.main' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == ["False", "False"]


def test_secret_members_stay_out_of_repr() -> None:
    image = generated.QrCodeImageDetails(binaryValue="PHN2Zz4-secret", rawContent="bXMtcXJwaW4-secret", version=2)
    assert "secret" not in repr(image)
    assert image.binary_value == "PHN2Zz4-secret"
    assert "version=2" in repr(image)
