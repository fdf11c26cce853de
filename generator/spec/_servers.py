"""Server URLs with their variables replaced by the defaults the spec gives (`{scheme}://{host}/v1`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

__all__ = ["server_urls"]

_VARIABLE = re.compile(r"\{([^{}]*)\}")


def server_urls(raw: Mapping[str, Any]) -> tuple[str, ...]:
    """Every `servers[].url`, variables substituted; a variable without a default stays as written."""
    urls = []
    for server in raw.get("servers") or ():
        if not isinstance(server, Mapping) or not isinstance(server.get("url"), str):
            continue
        found = server.get("variables")
        variables: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
        urls.append(_VARIABLE.sub(lambda match, v=variables: _default(v, match), server["url"]))  # type: ignore[misc]
    return tuple(urls)


def _default(variables: Mapping[str, Any], match: re.Match[str]) -> str:
    variable = variables.get(match.group(1))
    value = variable.get("default") if isinstance(variable, Mapping) else None
    return str(value) if value is not None else match.group(0)
