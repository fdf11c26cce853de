"""`qrcontract upstream`: hold the fragment against Microsoft's published CSDL and OpenAPI description."""

from ._csdl import Csdl, read_csdl
from ._openapi import OpenApiSlice, slice_openapi
from ._run import UpstreamOptions, check_upstream

__all__ = ["Csdl", "OpenApiSlice", "UpstreamOptions", "check_upstream", "read_csdl", "slice_openapi"]
