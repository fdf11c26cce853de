"""Load on the embedded mock: one uvicorn process (one core), a keep-alive client loop in this process.

Prints requests/s and the status mix; the run fails loudly if any response is a 5xx.
"""

from __future__ import annotations

import http.client
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.serving import serving

USER = "7c4999f7-9c25-4f8e-8b84-766eb28a1b49"
MIX = [
    ("/beta/me/authentication/qrCodePinMethod/standardQRCode", {"Authorization": "Bearer t"}),
    (
        "/beta/me/authentication/qrCodePinMethod/temporaryQRCode?$select=id,expireDateTime",
        {"Authorization": "Bearer t"},
    ),
    (
        f"/beta/users/{USER}/authentication/qrCodePinMethod/standardQRCode",
        {"Authorization": "Bearer t", "client-request-id": "c"},
    ),
    ("/beta/users/nobody/authentication/qrCodePinMethod/temporaryQRCode", {"Authorization": "Bearer t"}),
    ("/beta/me/authentication/qrCodePinMethod/standardQRCode", {}),
    ("/beta/me/authentication/qrCodePinMethod/standardQRCode?$select=colour", {"Authorization": "Bearer t"}),
]


def load(requests: int) -> dict[str, object]:
    with serving() as base:
        host_port = base.split("//", 1)[1].split("/", 1)[0]
        host, port = host_port.split(":")
        connection = http.client.HTTPConnection(host, int(port))
        statuses: Counter[int] = Counter()
        started = time.perf_counter()
        for index in range(requests):
            path, headers = MIX[index % len(MIX)]
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses[response.status] += 1
        elapsed = time.perf_counter() - started
        connection.close()
    return {
        "requests": requests,
        "seconds": elapsed,
        "per_second": requests / elapsed,
        "statuses": dict(sorted(statuses.items())),
    }


if __name__ == "__main__":
    result = load(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
    print(json.dumps(result))
    if any(status >= 500 for status in result["statuses"]):  # type: ignore[union-attr]
        sys.exit("the mock answered 5xx under load")
