"""The public surfaces are explicit and tested, as httpx tests its own: each `__all__` is exactly what a
package offers, every name in it resolves, and what `generated` exports is its models, clients and errors."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from types import ModuleType

import pytest

import generated
import generator
from tests.conftest import ROOT

SUBPACKAGES = sorted(info.name for info in pkgutil.iter_modules(generator.__path__, "generator.") if info.ispkg)


def _defined_in(module: ModuleType) -> set[str]:
    """Public classes and functions that live in this package (not ones it merely imports)."""
    return {
        name
        for name, value in vars(module).items()
        if not name.startswith("_")
        and not isinstance(value, ModuleType)
        and str(getattr(value, "__module__", "")).startswith(module.__name__)
    }


def test_the_toolkit_exports_exactly_its_python_api_and_every_name_resolves() -> None:
    eager = {"InputError", "QrContractError", "SpecError", "UsageError", "__version__"}
    assert set(generator.__all__) == set(generator._MODULE_OF) | eager
    assert len(set(generator.__all__)) == len(generator.__all__)
    for name in generator.__all__:
        value = getattr(generator, name)
        module = getattr(value, "__module__", "generator")
        assert module.startswith("generator"), (name, module)
    with pytest.raises(AttributeError):
        generator.no_such_name  # noqa: B018


@pytest.mark.parametrize("package", [p for p in SUBPACKAGES if p not in ("generator.testing", "generator.cli")])
def test_each_layer_exports_exactly_what_its_init_imports(package: str) -> None:
    module = importlib.import_module(package)
    assert _defined_in(module) <= set(module.__all__), package  # nothing public is left out
    assert set(module.__all__) <= set(vars(module)), package  # every exported name exists
    assert len(set(module.__all__)) == len(module.__all__)


def test_the_documented_import_paths_keep_working() -> None:
    from generator.transport import ContractTransport
    from generator.validate import validate_exchange

    assert ContractTransport.__module__ == "generator.testing._transport"
    assert validate_exchange.__module__ == "generator.validation._validator"


def test_generated_exports_exactly_its_models_clients_and_errors() -> None:
    declared: set[str] = set()
    for module in ("client", "errors", "_runtime", "_types"):
        tree = ast.parse((ROOT / "generated" / f"{module}.py").read_text())
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
            ):
                declared |= set(ast.literal_eval(node.value))
    models = {
        node.name
        for node in ast.parse((ROOT / "generated" / "models.py").read_text()).body
        if isinstance(node, ast.ClassDef)
    }
    assert set(generated.__all__) == models | (declared - {"AsyncClientBase", "SyncClientBase"})
    assert sorted(dir(generated)) == sorted(generated.__all__)
    for name in generated.__all__:
        value = getattr(generated, name)
        if isinstance(value, type):
            assert value.__module__.startswith("generated"), name


def test_importing_generated_or_its_client_does_not_build_the_models() -> None:
    code = "import sys, generated; from generated import Client; print('generated.models' in sys.modules, 'pydantic.main' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.split() == ["False", "False"]


def test_secret_members_stay_out_of_repr() -> None:
    image = generated.QrCodeImageDetails(binaryValue="PHN2Zz4-secret", rawContent="bXMtcXJwaW4-secret", version=2)
    assert "secret" not in repr(image)
    assert image.binary_value == "PHN2Zz4-secret"
    assert "version=2" in repr(image)
