"""Project settings from `[tool.qrcontract]` in pyproject.toml, with defaults that fit a fresh clone.

Command-line options override these; the file only saves typing in CI and the Makefile.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from .errors import InputError

__all__ = ["Settings", "load_settings"]


@dataclass(frozen=True)
class Settings:
    spec: Path = Path("spec/qrcode.openapi.yaml")
    out: Path = Path("generated")
    fixtures: tuple[Path, ...] = field(default=())
    docs: tuple[Path, ...] = field(default=())
    docs_baseline: Path | None = None
    upstream_csdl: str | None = None  # a path (relative to pyproject.toml) or an http(s) URL
    upstream_openapi: str | None = None
    upstream_baseline: Path | None = None
    fuzz_examples: int = 50
    fuzz_seed: int = 1


def load_settings(start: Path | None = None) -> Settings:
    """Read the nearest pyproject.toml's `[tool.qrcontract]`; paths in it are relative to that file."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return _parse(candidate)
    return Settings()


def _parse(path: Path) -> Settings:
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("qrcontract", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(str(path), f"cannot read [tool.qrcontract]: {exc}") from None
    known = {f.name.replace("_", "-"): f for f in fields(Settings)}
    values: dict[str, Any] = {}
    for key, value in table.items():
        if key not in known:
            raise InputError(
                str(path), f"[tool.qrcontract] has an unknown key {key!r}; known: {', '.join(sorted(known))}"
            )
        values[known[key].name] = _convert(path.parent, known[key].name, value, path)
    return Settings(**values)


def _relative(base: Path, value: str) -> Path:
    candidate = Path(value)
    if candidate.is_absolute():
        return candidate
    try:
        return (base / candidate).relative_to(Path.cwd())
    except ValueError:
        return base / candidate


def _convert(base: Path, name: str, value: Any, source: Path) -> Any:
    if name in ("fixtures", "docs"):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list) or not all(isinstance(v, str) for v in items):
            raise InputError(str(source), f"[tool.qrcontract] {name} must be a path or a list of paths")
        return tuple(_relative(base, v) for v in items)
    if name in ("upstream_csdl", "upstream_openapi"):
        if not isinstance(value, str):
            raise InputError(str(source), f"[tool.qrcontract] {name.replace('_', '-')} must be a path or a URL")
        return value if "://" in value else str(_relative(base, value))
    if name in ("spec", "out", "docs_baseline", "upstream_baseline"):
        if not isinstance(value, str):
            raise InputError(str(source), f"[tool.qrcontract] {name} must be a path")
        return _relative(base, value)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(str(source), f"[tool.qrcontract] {name} must be a whole number")
    return value
