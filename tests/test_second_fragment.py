"""Nothing in the toolkit is tied to qrCode: a different fragment generates, imports and serves requests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import load_spec
from tests.conftest import FRAGMENTS, ROOT, Reply, ScriptedServer, generate_and_import


@pytest.fixture(scope="module")
def inventory(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    return generate_and_import(load_spec(FRAGMENTS / "inventory.openapi.yaml"), tmp_path_factory.mktemp("inventory"))


def test_a_second_fragment_generates_its_own_models_and_methods(inventory) -> None:  # type: ignore[no-untyped-def]
    assert {"Item", "NewItem", "Problem", "Kind"} <= set(inventory.__all__)
    assert hasattr(inventory.Client, "fetch_item")
    assert hasattr(inventory.Client, "create_item")
    assert hasattr(inventory.Client, "get_health")  # named from method and path: the spec gives no operationId
    assert not hasattr(inventory, "QrCode")


def test_its_client_serves_a_get_with_path_query_and_header_parameters(inventory, server: ScriptedServer) -> None:  # type: ignore[no-untyped-def]
    server.replies.append(Reply(200, {"itemId": 7, "name": "bolt", "kind": "hardware", "price": 0.25}))
    with inventory.Client(base_url=server.url + "/api/v2") as shop:
        item = shop.fetch_item(7, include=["stock", "tags"], x_trace="abc")
    assert item.item_id == 7
    assert item.kind == "hardware"
    assert server.seen[0].path == "/api/v2/items/7?include=stock&include=tags"  # explode: true repeats the name
    assert server.seen[0].headers["x-trace"] == "abc"
    assert "authorization" not in server.seen[0].headers


def test_its_client_sends_a_json_body_and_reads_201(inventory, server: ScriptedServer) -> None:  # type: ignore[no-untyped-def]
    server.replies.append(Reply(201, {"itemId": 8, "name": "nut", "kind": "hardware"}))
    with inventory.Client(base_url=server.url) as shop:
        created = shop.create_item(inventory.NewItem(name="nut", kind="hardware"))
    assert created.item_id == 8
    assert json.loads(server.seen[0].body) == {"name": "nut", "kind": "hardware"}
    assert server.seen[0].headers["content-type"] == "application/json"


def test_a_range_status_is_documented_and_a_204_returns_none(inventory, server: ScriptedServer) -> None:  # type: ignore[no-untyped-def]
    server.replies += [Reply(422, {"title": "bad kind", "status": 422}), Reply(204)]
    with inventory.Client(base_url=server.url) as shop:
        with pytest.raises(inventory.APIStatusError) as caught:
            shop.create_item(inventory.NewItem(name="x", kind="software"))
        assert not isinstance(caught.value, inventory.UnexpectedStatusError)  # 4XX documents 422
        assert shop.get_health() is None


def test_the_fragment_does_not_change_the_project_generation(tmp_path: Path) -> None:
    def project_files() -> dict[str, bytes]:
        folder = ROOT / "generated"
        return {
            str(p.relative_to(folder)): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts
        }

    before = project_files()
    module = generate_and_import(load_spec(FRAGMENTS / "inventory.openapi.yaml"), tmp_path)
    assert project_files() == before  # the project's own generated package is untouched, byte for byte
    assert "Item" in module.__all__ and "QrCode" not in module.__all__
