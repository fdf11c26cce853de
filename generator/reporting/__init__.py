"""Reporting: every result rendered for people and machines (text, JSON, JUnit, markdown, GitHub).

One JUnit writer, one JSON envelope, one GitHub annotation escaper; one renderer per result type.
Library functions return results and print nothing; the CLI renders them through here.
"""

from ._check import render_check
from ._diff import diff_summary, render_diff
from ._findings import findings_junit, render_findings
from ._fuzz import fuzz_junit, render_fuzz
from ._github import annotation, in_github_actions
from ._json import json_envelope
from ._junit import Case, junit_xml
from ._validation import FileOutput, ValidationRenderer, render_file

__all__ = [
    "Case",
    "FileOutput",
    "ValidationRenderer",
    "annotation",
    "diff_summary",
    "findings_junit",
    "fuzz_junit",
    "in_github_actions",
    "json_envelope",
    "junit_xml",
    "render_check",
    "render_diff",
    "render_file",
    "render_findings",
    "render_fuzz",
]
