"""Microsoft's CSDL (`$metadata`), streamed: types, properties, navigation and the entity container.

The published beta CSDL is about 17 MB of XML, most of it descriptions and annotations. It is read
once with expat (C, line numbers included), keeping for each type only what a contract compares:
its properties (name, type, nullability, line), navigation properties, base type, key, enum
members, and whether it is an open type. Annotations and descriptions are skipped as they stream
by, so memory stays proportional to the number of types, not to the size of the file.

Names are kept fully qualified (`microsoft.graph.user`); a schema's alias (`graph.user`) is
expanded on the way in.
"""

from __future__ import annotations

import xml.parsers.expat
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..limits import MAX_DEPTH

__all__ = ["Csdl", "CsdlProperty", "CsdlType", "read_csdl"]

_CHUNK = 1 << 20
_MAX_RUN = 16 * 1024 * 1024  # far above any CSDL attribute or annotation


@dataclass
class CsdlProperty:
    name: str
    type: str  # `Edm.String`, `microsoft.graph.identitySet`, `Collection(Edm.String)`
    nullable: bool
    line: int


@dataclass
class CsdlType:
    name: str  # fully qualified
    kind: str  # "entity", "complex" or "enum"
    line: int
    base: str | None = None
    open: bool = False
    abstract: bool = False
    key: tuple[str, ...] = ()
    properties: dict[str, CsdlProperty] = field(default_factory=dict)
    navigation: dict[str, CsdlProperty] = field(default_factory=dict)
    members: dict[str, int] = field(default_factory=dict)  # enum member -> line


@dataclass
class Csdl:
    """The types of a CSDL document and its entity container (entity sets and singletons -> type)."""

    source: str
    types: dict[str, CsdlType] = field(default_factory=dict)
    roots: dict[str, tuple[str, bool, int]] = field(default_factory=dict)  # name -> (type, is a collection, line)

    def lookup(self, name: str) -> CsdlType | None:
        return self.types.get(_strip_collection(name)[0])

    def lineage(self, name: str) -> list[CsdlType]:
        """The type and its base types, most derived first (a cycle in BaseType stops the walk)."""
        found: list[CsdlType] = []
        current = self.types.get(name)
        while current is not None and current not in found:
            found.append(current)
            current = self.types.get(current.base) if current.base else None
        return found

    def all_properties(self, name: str) -> dict[str, CsdlProperty]:
        """Properties including inherited ones (`id` from `entity`)."""
        merged: dict[str, CsdlProperty] = {}
        for kind in reversed(self.lineage(name)):
            merged.update(kind.properties)
        return merged

    def all_navigation(self, name: str) -> dict[str, CsdlProperty]:
        merged: dict[str, CsdlProperty] = {}
        for kind in reversed(self.lineage(name)):
            merged.update(kind.navigation)
        return merged

    def key_of(self, name: str) -> tuple[str, ...]:
        for kind in self.lineage(name):
            if kind.key:
                return kind.key
        return ()

    def line_of(self, name: str) -> int:
        kind = self.types.get(name)
        return kind.line if kind else 0


def _strip_collection(type_name: str) -> tuple[str, bool]:
    if type_name.startswith("Collection(") and type_name.endswith(")"):
        return type_name[len("Collection(") : -1], True
    return type_name, False


class _Reader:
    def __init__(self, source: str) -> None:
        self.csdl = Csdl(source)
        self.parser = xml.parsers.expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self.start
        self.parser.EndElementHandler = self.end
        # No DTDs, no external entities: a hostile document cannot make expat fetch or expand anything.
        self.parser.SetParamEntityParsing(xml.parsers.expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.EntityDeclHandler = self.refuse_entities
        self.namespace = ""
        self.aliases: dict[str, str] = {}
        self.current: CsdlType | None = None
        self.in_key = False
        self.in_container = False
        self.elements = 0
        self.depth = 0
        self.last_event = 0  # byte offset of the last element start or end
        self.parser.CharacterDataHandler = self.text

    def refuse_entities(self, *args: object) -> None:
        raise InputError(self.csdl.source, "declares XML entities; a CSDL document has none", str(self.line))

    @property
    def line(self) -> int:
        return int(self.parser.CurrentLineNumber)

    def qualify(self, name: str) -> str:
        inner, collection = _strip_collection(name)
        prefix, _, local = inner.rpartition(".")
        if prefix in self.aliases:
            inner = f"{self.aliases[prefix]}.{local}"
        return f"Collection({inner})" if collection else inner

    def text(self, data: str) -> None:
        self.last_event = self.parser.CurrentByteIndex

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.last_event = self.parser.CurrentByteIndex
        self.elements += 1
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise InputError(self.csdl.source, f"nests elements deeper than {MAX_DEPTH} levels", str(self.line))
        local = tag.rpartition(":")[2]
        if local == "Schema":
            self.namespace = attrs.get("Namespace", "")
            if attrs.get("Alias"):
                self.aliases[attrs["Alias"]] = self.namespace
            self.aliases[self.namespace] = self.namespace
        elif local in ("EntityType", "ComplexType", "EnumType") and "Name" in attrs:
            kind = {"EntityType": "entity", "ComplexType": "complex", "EnumType": "enum"}[local]
            name = f"{self.namespace}.{attrs['Name']}"
            self.current = CsdlType(
                name,
                kind,
                self.line,
                base=self.qualify(attrs["BaseType"]) if attrs.get("BaseType") else None,
                open=attrs.get("OpenType") == "true",
                abstract=attrs.get("Abstract") == "true",
            )
            self.csdl.types[name] = self.current
        elif self.current is not None and local in ("Property", "NavigationProperty") and "Name" in attrs:
            entry = CsdlProperty(
                attrs["Name"], self.qualify(attrs.get("Type", "")), attrs.get("Nullable") != "false", self.line
            )
            (self.current.properties if local == "Property" else self.current.navigation)[entry.name] = entry
        elif self.current is not None and local == "Member" and "Name" in attrs:
            self.current.members[attrs["Name"]] = self.line
        elif self.current is not None and local == "Key":
            self.in_key = True
        elif self.in_key and self.current is not None and local == "PropertyRef" and "Name" in attrs:
            self.current.key = (*self.current.key, attrs["Name"])
        elif local == "EntityContainer":
            self.in_container = True
        elif self.in_container and local in ("EntitySet", "Singleton") and "Name" in attrs:
            target = attrs.get("EntityType") or attrs.get("Type") or ""
            self.csdl.roots[attrs["Name"]] = (self.qualify(target), local == "EntitySet", self.line)

    def end(self, tag: str) -> None:
        self.last_event = self.parser.CurrentByteIndex
        self.depth -= 1
        local = tag.rpartition(":")[2]
        if local in ("EntityType", "ComplexType", "EnumType"):
            self.current = None
        elif local == "Key":
            self.in_key = False
        elif local == "EntityContainer":
            self.in_container = False

    def feed(self, stream: IO[bytes]) -> Csdl:
        try:
            fed = 0  # expat holds a whole tag or text run in memory (four times over): bytes since its last event
            while chunk := stream.read(_CHUNK):
                self.parser.Parse(chunk, False)
                fed += len(chunk)
                if fed - self.last_event > _MAX_RUN:
                    where = str(self.line)
                    raise InputError(self.csdl.source, f"holds a tag or text longer than {_MAX_RUN:,} bytes", where)
            self.parser.Parse(b"", True)
        except xml.parsers.expat.ExpatError as exc:
            raise InputError(
                self.csdl.source, f"not XML: {xml.parsers.expat.errors.messages[exc.code]}", str(exc.lineno)
            ) from None
        except (LookupError, ValueError) as exc:  # an encoding Python does not know, or cannot decode
            line = str(self.parser.CurrentLineNumber)
            raise InputError(self.csdl.source, f"not readable XML: {str(exc)[:120]}", line) from None
        if not self.csdl.types:
            raise InputError(
                self.csdl.source, "not a CSDL document: it declares no EntityType, ComplexType or EnumType"
            )
        return self.csdl


def read_csdl(path: Path, *, label: str | None = None) -> Csdl:
    """Stream a CSDL file. `label` names it in findings (the URL it was fetched from, say)."""
    try:
        with open(path, "rb") as stream:
            return _Reader(label or str(path)).feed(stream)
    except OSError as exc:
        raise InputError(label or str(path), f"cannot read: {exc.strerror or exc}") from None
