"""Spec text as safe Python source: every string from the spec reaches generated code through here.

A summary may hold `\"\"\"`, a description `\\N{bad}`, a file name a newline. Each is emitted as a
literal Python itself reads back to the same text (`repr`), or as a docstring or comment whose
every risky character is escaped, and `check_literal` proves the round trip before anything is
written.
"""

from __future__ import annotations

import ast
import unicodedata

__all__ = ["comment_text", "docstring_body", "py_literal"]


def py_literal(value: str | float | bool | None) -> str:
    """A Python literal for a value from the spec, quoted as ruff formats it (double quotes unless the
    text holds only double quotes), every unprintable character escaped; proved by reading it back."""
    if not isinstance(value, str):
        text = repr(value)
    else:
        quote = "'" if '"' in value and "'" not in value else '"'
        text = quote + _escaped(value, quote) + quote
    if ast.literal_eval(text) != value:  # pragma: no cover - the proof; escaping is total
        raise ValueError(f"cannot write {value!r} as a literal")
    return text


def _escaped(text: str, quote: str) -> str:
    out = []
    for char in text:
        if char in ("\\", quote):
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif char == " " or _printable(char):
            out.append(char)
        else:
            out.append(_escape_code(ord(char)))
    return "".join(out)


def _escape_code(code: int) -> str:
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _printable(char: str) -> bool:
    return char in "\n " or not unicodedata.category(char).startswith(("C", "Z"))


def docstring_body(text: str) -> str:
    """Text for inside `\"\"\"...\"\"\"`: backslashes and quotes escaped, controls and separators as escapes.

    A docstring is meant to be read in the source, so ordinary text stays as written.
    """
    out = []
    for index, char in enumerate(text):
        if char == "\\":
            out.append("\\\\")
        elif char == '"':
            # Only a quote that could join another (or the closing quotes) is escaped.
            out.append('\\"' if text[index + 1 : index + 2] in ('"', "") else '"')
        elif _printable(char):
            out.append(char)
        else:
            out.append(_escape_code(ord(char)))
    body = "".join(out)
    literal = '"""' + body + '"""'
    if ast.literal_eval(literal) != text:  # the proof that nothing escaped the string
        raise ValueError("cannot write the text as a docstring")
    return body


def comment_text(text: str) -> str:
    """Text for one `# ...` comment line: no line breaks, no control characters (shown as escapes)."""
    return "".join(char if _printable(char) and char != "\n" else repr(char)[1:-1] for char in text)
