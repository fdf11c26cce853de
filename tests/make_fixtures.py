"""Writes tests/fixtures/ (run by hand when a fixture must change; the files are committed).

Every credential in these files is redacted or an obvious fake made for the secret rule's own test.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import yaml

HERE = Path(__file__).parent / "fixtures"
BASE = "https://graph.microsoft.com/beta"
USER = "7c4999f7-9c25-4f8e-8b84-766eb28a1b49"
STD = f"/users/{USER}/authentication/qrCodePinMethod/standardQRCode"
TMP = f"/users/{USER}/authentication/qrCodePinMethod/temporaryQRCode"
ME = "/me/authentication/qrCodePinMethod/standardQRCode"
FAKE_JWT = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJmYWtlLWZvci10ZXN0cyJ9."

QR = {
    "@odata.context": f"{BASE}/$metadata#users('{USER}')/authentication/qrCodePinMethod/standardQRCode/$entity",
    "@odata.type": "#microsoft.graph.qrCode",
    "id": "cb960eac-7a22-1979-ec68-1ec73264ae8d",
    "expireDateTime": "2025-01-22T12:00:00Z",
    "startDateTime": "2024-02-01T00:00:00Z",
    "createdDateTime": "2024-02-01T19:58:51.2210909Z",
    "lastUsedDateTime": "0001-01-01T00:00:00Z",
    "image": None,
}
WITH_IMAGE = {
    **QR,
    "image": {
        "@odata.type": "#microsoft.graph.qrCodeImageDetails",
        "binaryValue": "REDACTED",
        "rawContent": "REDACTED",
        "errorCorrectionLevel": "m",
        "version": 2,
    },
}
NOT_FOUND = {
    "error": {
        "code": "Request_ResourceNotFound",
        "message": "Resource 'nobody' does not exist or one of its queried reference-property objects are not present.",
        "innerError": {"date": "2024-02-01T19:58:51", "request-id": "9d8c7b6a", "client-request-id": "9d8c7b6a"},
    }
}
THROTTLED = {
    "error": {
        "code": "TooManyRequests",
        "message": "Please retry again later.",
        "innerError": {"code": "429", "date": "2020-08-18T12:51:51", "request-id": "94fb3b52", "status": "429"},
    }
}
REQ_HEADERS = {"Authorization": "Bearer REDACTED", "client-request-id": "0b8c8e5e-6a3b-4c1f-9f62-3c3f7b1d2a10"}
JSON_HEADERS = {
    "Content-Type": "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8",
    "request-id": "5f0e2c1a",
}


def vcr(interactions: list[tuple[str, str, int, object, dict[str, str], dict[str, str]]]) -> str:
    items = []
    for method, path, status, body, resp_headers, req_headers in interactions:
        items.append(
            {
                "request": {
                    "body": None,
                    "headers": {k: [v] for k, v in req_headers.items()},
                    "method": method,
                    "uri": BASE + path,
                },
                "response": {
                    "body": {"string": body if isinstance(body, str) else json.dumps(body)},
                    "headers": {k: [v] for k, v in resp_headers.items()},
                    "status": {"code": status, "message": "OK" if status == 200 else "Error"},
                },
            }
        )
    return yaml.safe_dump({"interactions": items, "version": 1}, sort_keys=False, width=200)


def st_cassette(interactions: list[tuple[str, int, object]]) -> str:
    items = []
    for index, (path, status, body) in enumerate(interactions):
        items.append(
            {
                "id": str(index),
                "status": "SUCCESS",
                "request": {
                    "uri": BASE + path,
                    "method": "GET",
                    "headers": {"Authorization": ["Bearer REDACTED"]},
                    "body": {"encoding": "utf-8", "string": ""},
                },
                "response": {
                    "status": {"code": str(status), "message": "OK"},
                    "headers": {"Content-Type": ["application/json"]},
                    "body": {"encoding": "utf-8", "string": json.dumps(body)},
                    "http_version": "1.1",
                },
            }
        )
    return yaml.safe_dump(
        {"command": "st run", "recorded_with": "Schemathesis 4.32.5", "seed": 1, "http_interactions": items},
        sort_keys=False,
        width=200,
    )


def har(entries: list[tuple[str, int, object, str, bool]]) -> str:
    out = []
    for path, status, body, mime, b64 in entries:
        text = body if isinstance(body, str) else json.dumps(body)
        content = {
            "size": len(text),
            "mimeType": mime,
            "text": base64.b64encode(text.encode()).decode() if b64 else text,
        }
        if b64:
            content["encoding"] = "base64"
        out.append(
            {
                "startedDateTime": "2024-02-01T19:58:51.221Z",
                "time": 120,
                "request": {
                    "method": "GET",
                    "url": BASE + path,
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": [{"name": "Authorization", "value": "Bearer REDACTED"}],
                    "queryString": [],
                    "headersSize": -1,
                    "bodySize": 0,
                },
                "response": {
                    "status": status,
                    "statusText": "",
                    "httpVersion": "HTTP/1.1",
                    "cookies": [],
                    "headers": [{"name": "Content-Type", "value": mime}, {"name": "request-id", "value": "r-1"}],
                    "content": content,
                    "redirectURL": "",
                    "headersSize": -1,
                    "bodySize": len(text),
                },
                "cache": {},
                "timings": {"send": 0, "wait": 120, "receive": 0},
            }
        )
    return json.dumps(
        {"log": {"version": "1.2", "creator": {"name": "qrcontract tests", "version": "1"}, "entries": out}}, indent=1
    )


def native(items: list[dict[str, object]]) -> list[dict[str, object]]:
    return items


def write(path: str, text: str) -> None:
    target = HERE / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)


def main() -> None:
    # Conforming exchanges, with the real-world values.
    write(
        "valid/graph.vcr.yaml",
        vcr(
            [
                ("GET", STD, 200, QR, JSON_HEADERS, REQ_HEADERS),
                (
                    "GET",
                    TMP + "?$select=id,expireDateTime",
                    200,
                    {"id": "4a5b", "expireDateTime": "2024-02-01T21:58:51.2210909Z"},
                    JSON_HEADERS,
                    REQ_HEADERS,
                ),
                (
                    "GET",
                    "/users/nobody/authentication/qrCodePinMethod/standardQRCode",
                    404,
                    NOT_FOUND,
                    JSON_HEADERS,
                    REQ_HEADERS,
                ),
                ("GET", ME, 429, THROTTLED, {**JSON_HEADERS, "Retry-After": "2.128"}, REQ_HEADERS),
            ]
        ),
    )
    write("valid/schemathesis.yaml", st_cassette([(ME, 200, WITH_IMAGE), (STD, 200, {**QR, "isUsable": True})]))
    write(
        "valid/browser.har", har([(STD, 200, QR, "application/json", False), (TMP, 200, QR, "application/json", True)])
    )
    write(
        "valid/hand-written.json",
        json.dumps(
            [
                {
                    "request": {"method": "GET", "url": BASE + ME, "headers": {"Authorization": "Bearer <token>"}},
                    "response": {"status": 200, "headers": {"Content-Type": "application/json"}, "body": QR},
                },
                {
                    "request": {"method": "GET", "url": BASE + TMP},
                    "response": {
                        "status": 200,
                        "body": {
                            **QR,
                            "lastUsedDateTime": None,
                            "image": {"errorCorrectionLevel": "unknownFutureValue", "binaryValue": None},
                        },
                    },
                },
            ],
            indent=2,
        ),
    )
    # Drifted exchanges: each states, in drifted.expected.yaml, the error rules it must trigger.
    expected: dict[str, list[str]] = {}

    def drift(path: str, text: str, rules: list[str]) -> None:
        write(f"drifted/{path}", text)
        expected[path] = rules

    def one(
        status: int,
        body: object,
        url: str = BASE + STD,
        headers: dict[str, str] | None = None,
        req: dict[str, str] | None = None,
    ) -> str:
        return json.dumps(
            {
                "request": {"method": "GET", "url": url, "headers": req or {}},
                "response": {
                    "status": status,
                    "headers": headers or {"Content-Type": "application/json"},
                    "body": body,
                },
            },
            indent=2,
        )

    drift(
        "value-wrapper.json",
        one(200, {"value": {k: v for k, v in QR.items() if k != "@odata.context"}}),
        ["value-wrapper"],
    )
    drift(
        "wrong-type.vcr.yaml",
        vcr(
            [
                (
                    "GET",
                    STD,
                    200,
                    {**WITH_IMAGE, "image": {**WITH_IMAGE["image"], "version": "two"}},
                    JSON_HEADERS,
                    REQ_HEADERS,
                )
            ]
        ),
        ["type"],
    )
    drift(
        "bad-date.har",
        har([(STD, 200, {**QR, "createdDateTime": "2024-02-30T19:58:51Z"}, "application/json", False)]),
        ["format"],
    )
    drift(
        "int32-overflow.yaml",
        st_cassette([(STD, 200, {**WITH_IMAGE, "image": {**WITH_IMAGE["image"], "version": 2147483648}})]),
        ["format"],
    )
    drift(
        "missing-id.yaml",
        yaml.safe_dump(json.loads(one(200, {k: v for k, v in QR.items() if k != "id"})), sort_keys=False),
        ["required"],
    )
    drift(
        "unknown-status.vcr.yaml",
        vcr(
            [("GET", STD, 418, {"error": {"code": "teapot", "message": "short and stout"}}, JSON_HEADERS, REQ_HEADERS)]
        ),
        ["undocumented-status"],
    )
    drift("wrong-content-type.har", har([(STD, 200, "<html>sign in</html>", "text/html", False)]), ["content-type"])
    drift("not-odata-error.json", one(404, {"message": "not found", "status": 404}), ["required"])
    drift(
        "leaked-token.vcr.yaml",
        vcr([("GET", STD, 200, QR, JSON_HEADERS, {"Authorization": f"Bearer {FAKE_JWT}"})]),
        ["secret-in-fixture"],
    )
    drift(
        "leaked-qr-image.json",
        one(
            200,
            {
                **WITH_IMAGE,
                "image": {
                    **WITH_IMAGE["image"],
                    "binaryValue": "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjwvc3ZnPg",
                },
            },
        ),
        ["secret-in-fixture"],
    )
    drift(
        "unknown-operation.json",
        one(200, QR, url=BASE + "/users/u1/authentication/qrCodePinMethod/pin"),
        ["unknown-operation"],
    )
    drift(
        "missing-retry-after-type.json",
        one(429, THROTTLED, headers={"Content-Type": "application/json", "Retry-After": "soon"}),
        ["header"],
    )
    write(
        "drifted.expected.yaml",
        "# drifted/ file -> the error rules validating it must report, exactly\n"
        + yaml.safe_dump(expected, sort_keys=True),
    )
    # Files that cannot be read at all.
    write("unreadable/bad-syntax.yaml", "interactions:\n  - request: {method: GET\n    uri: x\n")
    write("unreadable/truncated.json", one(200, QR)[:150])
    write("unreadable/no-entries.har", json.dumps({"log": {"version": "1.2", "creator": {"name": "x"}, "entries": []}}))
    (HERE / "unreadable" / "binary.json").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


if __name__ == "__main__":
    main()
