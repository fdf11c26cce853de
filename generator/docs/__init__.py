"""`qrcontract docs`: Microsoft Graph reference pages (their markdown source) held against the contract."""

from ._checks import check_page, check_pages, collect_pages
from ._page import Annotation, CodeBlock, DocPage, PropertyRow, parse_page

__all__ = [
    "Annotation",
    "CodeBlock",
    "DocPage",
    "PropertyRow",
    "check_page",
    "check_pages",
    "collect_pages",
    "parse_page",
]
