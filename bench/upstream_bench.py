"""Upstream documents at Microsoft's scale, built synthetically: a 17 MB CSDL and a 1 GB OpenAPI YAML.

usage: python bench/upstream_bench.py make-csdl PATH MB | make-openapi PATH MB | csdl PATH | openapi PATH
`make-*` writes a document of about MB megabytes in Microsoft's layout, with the qrCode subtree among
thousands of filler types or paths; `csdl`/`openapi` reads it as `qrcontract upstream` does and prints
JSON: seconds, peak RSS of the process (MiB), and what was found, so a wrong slice cannot look fast.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DESCRIPTION = "The date and time when the item was last changed. " * 3


def make_csdl(path: Path, megabytes: int) -> None:
    slice_text = (ROOT / "upstream" / "beta.csdl.xml").read_text()
    head, _, rest = slice_text.partition('<EnumType Name="errorCorrectionLevel">')
    target = megabytes * 2**20
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        written, index = len(head), 0
        while written < target:
            block = [f'      <EntityType Name="filler{index}" BaseType="graph.entity">']
            for prop in range(12):
                block.append(
                    f'        <Property Name="p{prop}" Type="Edm.String">\n'
                    f'          <Annotation Term="Org.OData.Core.V1.Description" String="{DESCRIPTION}" />\n'
                    "        </Property>"
                )
            block.append("      </EntityType>\n")
            text = "\n".join(block)
            out.write(text)
            written += len(text)
            index += 1
        out.write('<EnumType Name="errorCorrectionLevel">' + rest)


def make_openapi(path: Path, megabytes: int) -> None:
    text = (ROOT / "upstream" / "beta.openapi.yaml").read_text()
    head, _, tail = text.partition("paths:\n")
    paths, _, components = tail.partition("components:\n")
    filler_op = (
        "    get:\n      summary: Get filler\n      description: " + DESCRIPTION + "\n"
        "      responses:\n        2XX:\n          description: ok\n          content:\n"
        "            application/json:\n              schema:\n"
        "                $ref: '#/components/schemas/microsoft.graph.entity'\n"
        "        4XX:\n          $ref: '#/components/responses/error'\n"
    )
    target = megabytes * 2**20
    with open(path, "w", encoding="utf-8") as out:
        out.write(head + "paths:\n")
        written, index = len(head), 0
        chunk = []
        while written < target:
            entry = f"  '/filler/{index}/items/{{item-id}}':\n" + filler_op
            chunk.append(entry)
            written += len(entry)
            index += 1
            if len(chunk) == 5000:
                out.write("".join(chunk))
                chunk = []
        out.write("".join(chunk))
        out.write(paths)
        out.write("components:\n")
        out.write(components)


def read_csdl(path: Path) -> dict[str, object]:
    from generator.upstream import read_csdl as read

    started = time.perf_counter()
    csdl = read(path)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "types": len(csdl.types), "qrCode": "microsoft.graph.qrCode" in csdl.types}


def read_openapi(path: Path) -> dict[str, object]:
    from generator.upstream import slice_openapi

    wanted = ["/users/{user-id}/authentication/qrCodePinMethod/standardQRCode"]
    started = time.perf_counter()
    upstream = slice_openapi(path, wanted, ["microsoft.graph.qrCode"])
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "paths": list(upstream.paths),
        "schemas": sorted(upstream.components.get("schemas", {})),
    }


def main() -> int:
    command, path = sys.argv[1], Path(sys.argv[2])
    if command == "make-csdl":
        make_csdl(path, int(sys.argv[3]))
        return 0
    if command == "make-openapi":
        make_openapi(path, int(sys.argv[3]))
        return 0
    result = read_csdl(path) if command == "csdl" else read_openapi(path)
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["megabytes"] = path.stat().st_size / 2**20
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
