"""A spec from a pull request is untrusted: it never runs code, reads a local file, reaches the network,
loses a file, or hangs. Each class of attack the toolkit was broken by has its own cases here."""

from __future__ import annotations

import importlib
import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator import SpecError, load_spec
from generator.codegen import generate, render
from generator.errors import QrContractError, UsageError
from tests.conftest import ROOT, network_or_processes, opened, run_cli, watching


def spec_text(**parts: Any) -> str:
    document: dict[str, Any] = {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "servers": [{"url": "https://example.com/v1"}],
        "paths": {
            "/things/{id}": {
                "get": {
                    "operationId": "getThing",
                    "summary": "Get a thing",
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "ok",
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}},
                        }
                    },
                }
            }
        },
        "components": {"schemas": {"Thing": {"type": "object", "properties": {"name": {"type": "string"}}}}},
    }
    for dotted, value in parts.items():
        node = document
        keys = dotted.split("__")
        for key in keys[:-1]:
            node = node.setdefault(key.replace("_SLASH_", "/"), {})
        node[keys[-1]] = value
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True)


def write(tmp_path: Path, text: str, name: str = "spec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def generate_import_and_call(tmp_path: Path, spec_path: Path) -> list[tuple[str, tuple[Any, ...]]]:
    """Generate the package, import it and call its client (as `record` does), watching what happens."""
    spec = load_spec(spec_path)
    package_name = f"hostile_{abs(hash(spec_path))}"
    with watching() as seen:
        generate(spec, tmp_path / "out" / package_name)
        sys.path.insert(0, str(tmp_path / "out"))
        try:
            importlib.invalidate_caches()
            package = importlib.import_module(package_name)
            importlib.import_module(f"{package_name}.models")  # build every model, as the first response would
            import httpx2

            transport = httpx2.MockTransport(lambda request: httpx2.Response(200, json={"name": "x"}))
            with package.Client("t", transport=transport, base_url="https://example.com/v1") as client:
                for name in dir(client):
                    if name.startswith("get"):
                        getattr(client, name)("1")
        finally:
            sys.path.remove(str(tmp_path / "out"))
    return seen


# Class 1: spec text never becomes code.

BREAKOUTS = [
    '"""\nimport os; os.system("echo pwned > /tmp/qrcontract-pwned")\n"""',
    "'''\n__import__('os').system('echo pwned')\n'''",
    "\\N{bad} \\x \\ \\",
    "\x00\x1b[31m\u2028\u2029\r\n",
    '" + __import__("os").system("id") + "',
    "# comment\nimport os",
]


@pytest.mark.parametrize("text", BREAKOUTS, ids=range(len(BREAKOUTS)))
@pytest.mark.parametrize(
    "where",
    [
        "info__title",
        "paths___SLASH_things_SLASH_{id}__get__summary",
        "paths___SLASH_things_SLASH_{id}__get__description",
        "paths___SLASH_things_SLASH_{id}__get__operationId",
        "components__schemas__Thing__description",
        "components__schemas__Thing__title",
    ],
)
def test_spec_text_in_any_place_that_reaches_code_stays_text(tmp_path: Path, where: str, text: str) -> None:
    spec_path = write(tmp_path, spec_text(**{where: text}))
    seen = generate_import_and_call(tmp_path, spec_path)
    assert network_or_processes(seen) == []
    assert not Path("/tmp/qrcontract-pwned").exists()


def test_a_property_name_and_an_enum_value_stay_text(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {
            '"""\nimport os\n"""': {"type": "string", "description": BREAKOUTS[0]},
            "model_dump": {"type": "string"},
            "kind": {"type": "string", "enum": BREAKOUTS[:3]},
        },
    }
    spec_path = write(tmp_path, spec_text(components__schemas__Thing=schema))
    assert network_or_processes(generate_import_and_call(tmp_path, spec_path)) == []


def test_a_spec_file_name_with_a_quote_and_a_newline_generates_an_importable_package(tmp_path: Path) -> None:
    spec_path = write(tmp_path, spec_text(), name='x"\nimport os\n.yaml')
    assert network_or_processes(generate_import_and_call(tmp_path, spec_path)) == []


@pytest.mark.parametrize(
    ("extension", "value"),
    [
        ("x-python-type", "antigravity.Gravity"),
        ("x-python-import", {"module": "antigravity", "name": "x"}),
        ("customTypePath", "antigravity.Gravity"),
        ("customBasePath", "antigravity.Base"),
    ],
)
def test_the_model_generators_own_extensions_never_choose_what_models_import(
    tmp_path: Path, extension: str, value: Any
) -> None:
    schema = {"type": "object", "properties": {"name": {"type": "string", extension: value}}, extension: value}
    files = render(load_spec(write(tmp_path, spec_text(components__schemas__Thing=schema))), tmp_path / "out")
    assert "antigravity" not in files["models.py"]


def test_an_operation_named_close_does_not_replace_the_clients_own_close(tmp_path: Path) -> None:
    spec_path = write(tmp_path, spec_text(**{"paths___SLASH_things_SLASH_{id}__get__operationId": "close"}))
    generate(load_spec(spec_path), tmp_path / "pkg")
    client = (tmp_path / "pkg" / "client.py").read_text()
    assert "def close_(" in client and "def close(" not in client


# Class 2: generate replaces only what it generated.


def test_generate_refuses_to_replace_a_folder_it_did_not_generate(tmp_path: Path) -> None:
    spec_path = write(tmp_path, spec_text())
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "notes.txt").write_text("mine")
    result = run_cli("generate", "--spec", str(spec_path), "--out", str(precious), cwd=tmp_path)
    assert result.code == 2
    assert "was not generated by qrcontract" in result.stderr
    assert (precious / "notes.txt").read_text() == "mine"


@pytest.mark.parametrize("target", [".", "/", "~", "..", "spec-folder", "repo"])
def test_no_flag_makes_generate_replace_a_folder_that_matters(tmp_path: Path, target: str) -> None:
    spec_folder = tmp_path / "spec-folder"
    spec_folder.mkdir()
    spec_path = write(spec_folder, spec_text())
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "sub").mkdir()
    cwd, out = {
        ".": (spec_folder, "."),
        "/": (tmp_path, "/"),
        "~": (tmp_path, str(Path.home())),
        "..": (repo / "sub", ".."),
        "spec-folder": (tmp_path, str(spec_folder)),
        "repo": (tmp_path, str(repo)),
    }[target]
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    result = run_cli("generate", "--spec", str(spec_path), "--out", out, cwd=cwd)
    assert result.code == 2, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1 and "refus" in result.stderr
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before


def test_generate_does_not_follow_a_link_and_keeps_the_umask(tmp_path: Path) -> None:
    spec_path = write(tmp_path, spec_text())
    real = tmp_path / "real"
    real.mkdir()
    (real / "keep.txt").write_text("keep")
    (tmp_path / "link").symlink_to(real)
    assert run_cli("generate", "--spec", str(spec_path), "--out", str(tmp_path / "link"), cwd=tmp_path).code == 2
    assert (real / "keep.txt").exists()
    previous = os.umask(0o022)
    try:
        assert run_cli("generate", "--spec", str(spec_path), "--out", str(tmp_path / "pkg"), cwd=tmp_path).code == 0
    finally:
        os.umask(previous)
    assert (tmp_path / "pkg").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "pkg" / "client.py").stat().st_mode & 0o777 == 0o644


def test_generate_replaces_its_own_output_and_refuses_when_files_were_added(tmp_path: Path) -> None:
    spec_path = write(tmp_path, spec_text())
    assert run_cli("generate", "--spec", str(spec_path), "--out", "pkg", cwd=tmp_path).code == 0
    assert run_cli("generate", "--spec", str(spec_path), "--out", "pkg", cwd=tmp_path).code == 0
    (tmp_path / "pkg" / "mine.py").write_text("x = 1\n")
    result = run_cli("generate", "--spec", str(spec_path), "--out", "pkg", cwd=tmp_path)
    assert result.code == 2 and "mine.py" in result.stderr
    assert (tmp_path / "pkg" / "mine.py").exists()


# Class 4: references stay inside the document; nothing is opened, nothing resolved on the network.

SECRET = "top-secret-content-of-a-local-file"


@pytest.mark.parametrize(
    ("keyword", "make"),
    [
        ("$ref", lambda target: {"$ref": target}),
        ("$dynamicRef", lambda target: {"$dynamicRef": target}),
        ("$recursiveRef", lambda target: {"$recursiveRef": "#"}),
        ("$id", lambda target: {"$id": target, "type": "object"}),
        ("$schema", lambda target: {"$schema": target, "type": "object"}),
    ],
)
@pytest.mark.parametrize("scheme", ["file", "http"])
def test_a_uri_keyword_pointing_outside_is_refused_before_anything_reads_it(
    tmp_path: Path, keyword: str, make: Any, scheme: str
) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    target = secret.as_uri() if scheme == "file" else "http://qrcontract-dns-probe.invalid/x.json"
    spec_path = write(tmp_path, spec_text(components__schemas__Thing=make(target)))
    with watching() as seen:
        result = run_cli("generate", "--spec", str(spec_path), "--out", str(tmp_path / "out"), cwd=tmp_path)
    assert result.code == 2
    assert keyword in result.stderr and "(at /components/schemas/Thing/" in result.stderr
    assert f"{spec_path}:" in result.stderr  # file and line
    assert str(secret) not in opened(seen)
    assert network_or_processes(seen) == []
    assert SECRET not in result.stdout + result.stderr


def test_external_values_and_link_operation_refs_outside_are_refused(tmp_path: Path) -> None:
    media = {"schema": {"type": "object"}, "examples": {"a": {"externalValue": "file:///etc/passwd"}}}
    path = write(
        tmp_path,
        spec_text(**{"paths___SLASH_things_SLASH_{id}__get__responses__200__content": {"application/json": media}}),
    )
    with pytest.raises(SpecError, match="externalValue"):
        load_spec(path)
    links = {"next": {"operationRef": "https://example.com/spec.json#/paths/~1x/get"}}
    path = write(tmp_path, spec_text(**{"paths___SLASH_things_SLASH_{id}__get__responses__200__links": links}))
    with pytest.raises(SpecError, match="operationRef"):
        load_spec(path)


def test_a_reference_inside_an_extension_is_opaque_and_never_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    extension = {"x-vendor": {"$ref": secret.as_uri(), "nested": [{"$ref": "#/nowhere"}]}}
    spec_path = write(tmp_path, spec_text(components__schemas__Thing={"type": "object", **extension}))
    with watching() as seen:
        spec = load_spec(spec_path)
        files = render(spec, tmp_path / "out")
    assert str(secret) not in opened(seen) and SECRET not in "".join(files.values())
    assert "x-vendor" not in json.dumps(spec.library_document)  # what libraries see holds no reference


@pytest.mark.parametrize(
    "components",
    [
        {
            "requestBodies": {
                "A": {"$ref": "#/components/requestBodies/B"},
                "B": {"$ref": "#/components/requestBodies/A"},
            }
        },
        {"headers": {"H": {"$ref": "#/components/headers/H"}}},
        {"schemas": {"Thing": {"$ref": "#/components/schemas/Thing"}}},
    ],
    ids=["request-bodies", "header-itself", "schema-itself"],
)
def test_a_reference_cycle_is_refused_at_load(tmp_path: Path, components: dict[str, Any]) -> None:
    spec_path = write(tmp_path, spec_text(components=components))
    with pytest.raises(SpecError, match=r"\$ref cycle"):
        load_spec(spec_path)


def test_a_recursive_schema_is_fine(tmp_path: Path) -> None:
    schema = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#/components/schemas/Thing"}}},
    }
    spec = load_spec(write(tmp_path, spec_text(components__schemas__Thing=schema)))
    assert "class Thing" in render(spec, tmp_path / "out")["models.py"]


# Class 7: bounded expansion.


def test_a_billion_laughs_spec_is_refused_quickly_with_its_line(tmp_path: Path) -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for index in range(1, 12):
        previous = chr(ord("a") + index - 1)
        lines.append(f"{chr(ord('a') + index)}: &{chr(ord('a') + index)} [{', '.join([f'*{previous}'] * 10)}]")
    path = write(tmp_path, "openapi: 3.1.0\n" + "\n".join(lines) + "\n")
    with pytest.raises(SpecError, match="expands to more than"):
        load_spec(path)


def test_a_document_larger_than_the_limit_is_refused_before_it_is_parsed(tmp_path: Path) -> None:
    from generator.documents import read_text

    path = write(tmp_path, spec_text(info__description="x" * 2000))
    with pytest.raises(QrContractError, match="larger than the 1,000 bytes"):
        read_text(path, max_bytes=1000)


def test_usage_errors_name_the_option(tmp_path: Path) -> None:
    assert issubclass(UsageError, QrContractError)
    result = run_cli("generate", "--spec", str(ROOT / "spec" / "qrcode.openapi.yaml"), "--out", "/", cwd=tmp_path)
    assert result.code == 2 and result.stderr.startswith("qrcontract: error: --out: / is the root of the file system")


def test_a_generated_file_replaced_by_a_link_is_drift_and_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    spec_path = write(tmp_path, spec_text())
    assert run_cli("generate", "--spec", str(spec_path), "--out", "pkg", cwd=tmp_path).code == 0
    (tmp_path / "pkg" / "models.py").unlink()
    (tmp_path / "pkg" / "models.py").symlink_to(secret)
    (tmp_path / "pkg" / "extra.py").symlink_to(secret)
    with watching() as seen:
        result = run_cli("generate", "--check", "--spec", str(spec_path), "--out", "pkg", cwd=tmp_path)
    assert result.code == 1
    assert SECRET not in result.stdout + result.stderr
    assert str(secret) not in opened(seen)
    assert "is a link" in result.stdout and "extra.py" in result.stdout


@pytest.mark.parametrize(
    ("base_url", "message"),
    [
        ("https://me:hunter2@example.com/v1", "must not carry credentials"),
        ("https://example.com/v1?tenant=x", "must not have a query"),
        ("https://example.com/v1#frag", "must not have a query or a fragment"),
        ("example.com/v1", "absolute http"),
    ],
)
def test_the_generated_client_refuses_a_base_url_it_would_mangle_or_leak(
    scratch_client: Any, base_url: str, message: str
) -> None:
    with pytest.raises(ValueError, match=message) as error:
        scratch_client.Client("token", base_url=base_url)
    assert "hunter2" not in str(error.value)
