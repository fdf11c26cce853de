"""Which branch of an `anyOf`/`oneOf`/`allOf` (or `prefixItems` entry, or media type) is which, across revisions.

Branches are never matched by position, which reordering would break: a `$ref` matches the same
`$ref`; an inline schema matches an identical one, else one with the same title, else the one
untitled schema left on each side. This is oasdiff's matching, so changes inside a branch are
reported as changes of that branch, and the rest as branches added or removed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from ..schema import SchemaView

__all__ = ["Pairing", "branch_name", "media_contained", "pair_branches", "pair_media_types"]


@dataclass
class Pairing:
    matched: list[tuple[int, int]]
    removed: list[int]
    added: list[int]


def _fingerprint(node: SchemaView) -> str:
    return json.dumps(node.source, sort_keys=True, default=str)


def _title(node: SchemaView) -> str:
    title = node.values.get("title")
    return title if isinstance(title, str) else ""


def pair_branches(old: Sequence[SchemaView], new: Sequence[SchemaView]) -> Pairing:
    matched: list[tuple[int, int]] = []
    free_old = list(range(len(old)))
    free_new = list(range(len(new)))

    def take(i: int, j: int) -> None:
        matched.append((i, j))
        free_old.remove(i)
        free_new.remove(j)

    for i in list(free_old):
        if old[i].ref:
            j = next((j for j in free_new if new[j].ref == old[i].ref), None)
            if j is not None:
                take(i, j)
    inline_old = [i for i in free_old if not old[i].ref]
    for i in inline_old:
        j = next((j for j in free_new if not new[j].ref and _fingerprint(new[j]) == _fingerprint(old[i])), None)
        if j is not None:
            take(i, j)
    for i in [i for i in free_old if not old[i].ref and _title(old[i])]:
        j = next((j for j in free_new if not new[j].ref and _title(new[j]) == _title(old[i])), None)
        if j is not None:
            take(i, j)
    left_old = [i for i in free_old if not old[i].ref]
    left_new = [j for j in free_new if not new[j].ref]
    if len(left_old) == 1 and len(left_new) == 1 and not _title(old[left_old[0]]) and not _title(new[left_new[0]]):
        take(left_old[0], left_new[0])
    return Pairing(sorted(matched), list(free_old), list(free_new))


def branch_name(node: SchemaView, index: int) -> str:
    """oasdiff's name for a branch: its title, else its `$ref`, else its position."""
    if _title(node):
        return f"subschema #{index + 1}: {_title(node)}"
    return node.ref or f"subschema #{index + 1}"


def _parts(media: str) -> tuple[str, str, str]:
    """`application/problem+json; charset=utf-8` -> ("application", "problem", "json")."""
    bare = media.split(";", 1)[0].strip().lower()
    major, _, minor = bare.partition("/")
    subtype, _, suffix = minor.rpartition("+") if "+" in minor else (minor, "", "")
    return major, subtype, suffix


def media_contained(wide: str, narrow: str) -> bool:
    """Does `narrow` name a kind of `wide`? (`application/problem+json` is a kind of `application/json`.)"""
    w, n = _parts(wide), _parts(narrow)
    if w[0] != n[0]:
        return False
    if (w[1], w[2]) == (n[1], n[2]):
        return True
    return not w[2] and n[2] == w[1]


def pair_media_types(old: Sequence[str], new: Sequence[str]) -> Pairing:
    """Media types by name; a renamed one (parameters changed, or a `+json` refinement) pairs with its old name."""
    matched = [(old.index(name), new.index(name)) for name in old if name in new]
    free_old = [i for i, name in enumerate(old) if name not in new]
    free_new = [j for j, name in enumerate(new) if name not in old]
    for j in list(free_new):
        i = next((i for i in free_old if media_contained(old[i], new[j]) or media_contained(new[j], old[i])), None)
        if i is not None:
            matched.append((i, j))
            free_old.remove(i)
            free_new.remove(j)
    return Pairing(sorted(matched), free_old, free_new)
