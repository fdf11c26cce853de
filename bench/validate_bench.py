"""Exchanges validated per second over a large HAR, ours vs openapi-core's validate_response, and peak memory.

Run as `python bench/validate_bench.py make N PATH [unique]` (writes a HAR of N entries; `unique`: no
URL repeats) or
`python bench/validate_bench.py ours|openapi-core PATH [LIMIT]` (prints exchanges, seconds, peak RSS).
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

STD = "https://graph.microsoft.com/beta/users/u{0}/authentication/qrCodePinMethod/standardQRCode"
BODY = {
    "@odata.context": "https://graph.microsoft.com/beta/$metadata#users('u')/x/$entity",
    "@odata.type": "#microsoft.graph.qrCode",
    "id": "cb960eac-7a22-1979-ec68-1ec73264ae8d",
    "expireDateTime": "2025-01-22T12:00:00Z",
    "startDateTime": "2024-02-01T00:00:00Z",
    "createdDateTime": "2024-02-01T19:58:51.2210909Z",
    "lastUsedDateTime": "0001-01-01T00:00:00Z",
    "image": None,
}


def make(count: int, path: Path, unique: bool = False) -> None:
    """`unique`: every entry asks for another user (as a production recording does), so no URL repeats
    and each is routed; otherwise fifty users take turns."""
    with path.open("w") as handle:
        handle.write('{"log": {"version": "1.2", "creator": {"name": "bench", "version": "1"}, "entries": [\n')
        for index in range(count):
            body = dict(BODY, id=f"code-{index}")
            if index % 10 == 0:  # one in ten drifts, so the error path is measured too
                body["createdDateTime"] = "2024-02-30T00:00:00Z"
            entry = {
                "request": {
                    "method": "GET",
                    "url": STD.format(f"{index:08x}-7a22-4979-8c68-1ec73264ae8d" if unique else index % 50),
                    "headers": [{"name": "Authorization", "value": "Bearer REDACTED"}],
                },
                "response": {
                    "status": 200,
                    "headers": [
                        {"name": "Content-Type", "value": "application/json"},
                        {"name": "request-id", "value": str(index)},
                    ],
                    "content": {"mimeType": "application/json", "text": json.dumps(body)},
                },
            }
            handle.write(("," if index else "") + json.dumps(entry) + "\n")
        handle.write("]}}\n")


def run(which: str, path: Path, limit: int | None) -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from generator import load_spec
    from generator.exchanges import read_exchanges

    spec = load_spec(Path(__file__).resolve().parent.parent / "spec" / "qrcode.openapi.yaml")
    if which == "ours":
        from generator.validation import ContractValidator

        check = ContractValidator(spec, check_secrets=True).validate
    else:
        from generator.validation import OpenApiCoreReference

        check = OpenApiCoreReference(spec).conforms  # type: ignore[assignment]
    count = failed = 0
    started = time.perf_counter()
    for exchange in read_exchanges([path]):
        result = check(exchange)  # type: ignore[arg-type]
        failed += not (result if isinstance(result, bool) else result.ok)
        count += 1
        if limit and count >= limit:
            break
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"exchanges": count, "failed": failed, "seconds": elapsed, "peak_rss_mib": peak}))


if __name__ == "__main__":
    if sys.argv[1] == "make":
        make(int(sys.argv[2]), Path(sys.argv[3]), unique=sys.argv[4:] == ["unique"])
    else:
        run(sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]) if len(sys.argv) > 3 else None)
