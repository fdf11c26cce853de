"""Where a compared schema sits, and the list changes are reported into.

oasdiff names a rule after what the schema belongs to: the root schema of a body is
`request-body-*`/`response-body-*`, anything below it (a property, `items`, an `allOf` branch) is
`*-property-*`; a parameter's schema is `request-parameter-*` and what is inside it
`request-parameter-property-*`; a response header is `response-header-*`. `Site.rule` builds the
id from that; the table in `_levels.py` says whether the rule exists for that subject.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ..spec import Parameter
from ._change import BreakingChange
from ._rules import is_rule, level_of

__all__ = ["Report", "Site"]


@dataclass(frozen=True)
class Site:
    side: str  # "request" or "response"
    kind: str  # "body", "parameter" or "header"
    operation: str  # "GET /path", as changes name it
    location: str  # where in the operation, e.g. "responses/200/content/application/json/schema"
    path: str = ""  # below the root schema: "image/version", "items", "allOf[#/components/schemas/X]"
    strong: bool = True  # a JSON body: types compare strictly
    media: str | None = None
    status: str | None = None
    parameter: Parameter | None = None
    client: str | None = None  # what the generated client calls this node: `Image.version`, `Client.get(top=...)`
    hidden: bool = False  # a readOnly property in a request, a writeOnly one in a response

    @property
    def root(self) -> bool:
        return not self.path

    @property
    def prefix(self) -> str:
        if self.kind == "parameter":
            if self.parameter is not None and self.parameter.location == "header" and not self.root:
                return "request-header-property"
            return "request-parameter" if self.root else "request-parameter-property"
        if self.kind == "header":
            return "response-header"
        return f"{self.side}-{'body' if self.root else 'property'}"

    def rule(self, suffix: str) -> str:
        return f"{self.prefix}-{suffix}"

    def child(self, step: str, location: str, *, client: str | None = None) -> Site:
        path = f"{self.path}/{step}" if self.path else step
        return replace(self, path=path, location=f"{self.location}/{location}", client=client, hidden=False)

    @property
    def subject(self) -> str:
        """How messages name this node."""
        if self.kind == "parameter" and self.parameter is not None:
            param = f"{self.parameter.location} parameter '{self.parameter.name}'"
            return param if self.root else f"property '{self.path}' of {param}"
        if self.kind == "header":
            return f"response header '{self.path or self.location.rsplit('/', 1)[-1]}' ({self.status})"
        if self.root:
            return "request body" if self.side == "request" else f"response body ({self.status})"
        return f"{self.side} property '{self.path}'" + (f" ({self.status})" if self.status else "")


class Report:
    """The changes found so far. `add` is for rule ids the differ names itself; `add_if_rule` for ids built from
    a subject and an aspect, which oasdiff has for some subjects and not others."""

    def __init__(self) -> None:
        self.changes: list[BreakingChange] = []

    def add(self, rule: str, operation: str, location: str, text: str, client: str | None = None) -> None:
        level = level_of(rule)
        self.changes.append(BreakingChange(rule, level, operation, location, text, client if level.rank else None))

    def add_if_rule(self, rule: str, operation: str, location: str, text: str, client: str | None = None) -> bool:
        if not is_rule(rule):
            return False
        self.add(rule, operation, location, text, client)
        return True

    def at(self, site: Site, suffix: str, text: str, client: str | None = None) -> bool:
        """Report `{subject}-{suffix}` at `site`, if oasdiff has that rule for that subject."""
        return self.add_if_rule(site.rule(suffix), site.operation, site.location, text, client)
