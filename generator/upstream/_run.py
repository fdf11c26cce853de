"""`qrcontract upstream`: the fragment against Microsoft's published metadata, CSDL and/or OpenAPI."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..findings import Finding
from ..redaction import redact_text
from ..spec import Spec
from ._compare import compare_paths_csdl, compare_paths_openapi, compare_types, mapping_of
from ._csdl import read_csdl
from ._fetch import default_cache, local_copy
from ._openapi import slice_openapi
from ._types import csdl_types, openapi_types

__all__ = ["UpstreamOptions", "check_upstream"]


@dataclass(frozen=True)
class UpstreamOptions:
    csdl: str | None = None  # a path or an http(s) URL
    openapi: str | None = None
    cache: Path = field(default_factory=default_cache)
    offline: bool = False


def check_upstream(spec: Spec, options: UpstreamOptions) -> list[Finding]:
    """Every finding of the fragment against each upstream source given."""
    if not options.csdl and not options.openapi:
        raise InputError("upstream", "give --csdl and/or --openapi (a path or a URL)")
    mapping = mapping_of(spec)
    if not mapping.types and not mapping.paths:
        raise InputError(
            str(spec.path),
            "maps nothing upstream: name the upstream type of each schema (x-odata-type) "
            "and the upstream path of each path item (x-upstream-path)",
        )
    findings: list[Finding] = []
    if options.csdl:
        path = local_copy(options.csdl, cache=options.cache, offline=options.offline)
        csdl = read_csdl(path, label=redact_text(options.csdl))
        findings += compare_types(spec, mapping, csdl_types(csdl, mapping.types.values()), csdl.source)
        findings += compare_paths_csdl(spec, mapping, csdl)
    if options.openapi:
        path = local_copy(options.openapi, cache=options.cache, offline=options.offline)
        upstream = slice_openapi(
            path, mapping.paths.values(), mapping.types.values(), label=redact_text(options.openapi)
        )
        findings += compare_types(spec, mapping, openapi_types(upstream, mapping.types.values()), upstream.source)
        findings += compare_paths_openapi(spec, mapping, upstream)
    return findings
