"""The one JUnit XML writer: every command that writes JUnit builds `Case`s and calls `junit_xml`."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["Case", "junit_xml"]

# XML 1.0 cannot hold most control characters, even escaped; untrusted text may.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


@dataclass(frozen=True)
class Case:
    """One test case: a failure (with its text), an error (could not run), skipped, or passed with output."""

    classname: str
    name: str
    failure: str | None = None
    error: str | None = None
    skipped: str | None = None
    text: str = ""
    kind: str = "contract-violation"


def junit_xml(suite: str, cases: Iterable[Case]) -> str:
    root = ET.Element("testsuite", name=suite)
    counts = {"tests": 0, "failures": 0, "errors": 0, "skipped": 0}
    for case in cases:
        counts["tests"] += 1
        element = ET.SubElement(root, "testcase", classname=_clean(case.classname), name=_clean(case.name))
        if case.failure is not None:
            counts["failures"] += 1
            failure = ET.SubElement(element, "failure", message=_clean(case.failure[:300]), type=_clean(case.kind))
            failure.text = _clean(case.text)
        elif case.error is not None:
            counts["errors"] += 1
            ET.SubElement(element, "error", message=_clean(case.error[:300]), type=_clean(case.kind)).text = _clean(
                case.text
            )
        elif case.skipped is not None:
            counts["skipped"] += 1
            ET.SubElement(element, "skipped", message=_clean(case.skipped[:300]))
        elif case.text:
            ET.SubElement(element, "system-out").text = _clean(case.text)
    for key, value in counts.items():
        root.set(key, str(value))
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
