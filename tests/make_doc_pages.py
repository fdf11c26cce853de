"""Writes tests/docs/rules/: one page per rule that must fire, made from the clean pages (files are committed)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent / "docs"
GET = (HERE / "clean-get.md").read_text()
RESOURCE = (HERE / "clean-resource.md").read_text()
STANDARD_USERS = "GET /users/{id}/authentication/qrCodePinMethod/standardQRCode\n"


def page(name: str, base: str, old: str, new: str) -> None:
    assert old in base, (name, old)
    (HERE / "rules").mkdir(exist_ok=True)
    (HERE / "rules" / f"{name}.md").write_text(base.replace(old, new, 1))


def main() -> None:
    page(
        "unknown-operation",
        GET,
        STANDARD_USERS,
        STANDARD_USERS + "GET /users/{id}/authentication/qrCodePinMethod/pin\n",
    )
    page(
        "undocumented-operation",
        GET,
        "GET /me/authentication/qrCodePinMethod/temporaryQRCode\nGET /users",
        "GET /users",
    )
    page(
        "permissions-url",
        GET,
        '"GET /me/authentication/qrCodePinMethod/temporaryQRCode"]',
        '"GET /me/authentication/qrCodePinMethod/temporaryQRCode", "PATCH /me/authentication/qrCodePinMethod/temporaryQRCode"]',
    )
    page(
        "query-parameters",
        GET,
        "This method supports the `$select` and `$expand` OData query parameters",
        "This method does not support OData query parameters",
    )
    page(
        "query-parameters-undeclared",
        GET,
        "the `$select` and `$expand` OData",
        "the `$select`, `$filter` and `$expand` OData",
    )
    page("status", GET, "HTTP/1.1 200 OK", "HTTP/1.1 201 Created")
    page("status-statement", GET, "returns a `200 OK` response code", "returns a `204 No Content` response code")
    page(
        "value-wrapper",
        GET,
        '{\n  "@odata.type": "#microsoft.graph.qrCode",',
        '{\n  "value": {\n  "@odata.type": "#microsoft.graph.qrCode",',
    )
    (HERE / "rules" / "value-wrapper.md").write_text(
        (HERE / "rules" / "value-wrapper.md").read_text().replace('  "image": null\n}', '  "image": null\n  }\n}')
    )
    page("type", GET, '"image": null', '"image": {"version": "two"}')
    page("trailing-comma", GET, '  "image": null\n', '  "image": null,\n')
    page("invalid-json", GET, '"id": "cb960eac-7a22-1979-ec68-1ec73264ae8d",', '"id": cb960eac,')
    page("odata-type", GET, '"@odata.type": "microsoft.graph.qrCode"', '"@odata.type": "microsoft.graph.qrPin"')
    page("required", GET, '"truncated": true,', '"truncated": false,')
    (HERE / "rules" / "required.md").write_text(
        (HERE / "rules" / "required.md").read_text().replace('  "id": "cb960eac-7a22-1979-ec68-1ec73264ae8d",\n', "")
    )
    page("unknown-resource", RESOURCE, 'microsoft.graph.qrCodeImageDetails"\n}', 'microsoft.graph.qrCodeImage"\n}')
    page("unknown-property", RESOURCE, "|version|Int32|", "|version|Int32|Version.|\n|size|Int32|")
    page("property-type", RESOURCE, "|version|Int32|", "|version|String|")
    page("undocumented-property", RESOURCE, "|rawContent|Binary|Base64-encoded raw content of the QR code.|\n", "")


if __name__ == "__main__":
    main()
