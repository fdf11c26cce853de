"""GitHub Actions workflow commands, so a finding shows on the file and line in the pull request."""

from __future__ import annotations

import os

__all__ = ["annotation", "in_github_actions"]


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, file: str, title: str, message: str, line: int | None = None) -> str:
    """`::error file=...,line=...,title=...::message`, every part escaped (a message cannot forge a command)."""
    kind = level if level in ("error", "warning", "notice") else "notice"
    where = f"file={_property(file)}" + (f",line={line}" if line else "")
    return f"::{kind} {where},title={_property(title)}::{_data(message)}"
