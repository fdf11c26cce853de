"""`qrcontract docs`: reference pages in Microsoft's markdown format, held against the contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator import Spec
from generator.docs import check_pages, parse_page
from tests.conftest import ROOT, CliResult, run_cli

DOCS = Path(__file__).parent / "docs"

# page -> the findings it must give, exactly: (rule, severity, line)
EXPECTED = {
    "invalid-json": [("invalid-json", "error", 73)],
    "odata-type": [("odata-type", "error", 61)],
    "permissions-url": [("permissions-url", "error", 15)],
    "property-type": [("property-type", "error", 15)],
    "query-parameters": [("query-parameters", "warning", 34)],
    "query-parameters-undeclared": [("query-parameters", "warning", 34)],
    "required": [("required", "error", 71)],
    "status": [("status", "error", 68)],
    "status-statement": [("status", "error", 38)],
    "trailing-comma": [("trailing-comma", "error", 77)],
    "type": [("type", "error", 77)],
    "undocumented-operation": [("undocumented-operation", "error", 26)],
    "undocumented-property": [("undocumented-property", "error", 12)],
    "unknown-operation": [("unknown-operation", "error", 29)],
    "unknown-property": [("unknown-property", "error", 16)],
    "unknown-resource": [("unknown-resource", "error", 19)],
    "value-wrapper": [("value-wrapper", "error", 72)],
}


def findings(spec: Spec, *paths: Path) -> list[tuple[str, str, int]]:
    result = []
    for item in check_pages(spec, paths):
        assert not isinstance(item, Exception), item
        result.append((item.rule, item.severity, item.line))
    return result


@pytest.mark.parametrize("page", ["clean-get.md", "clean-resource.md"])
def test_a_clean_page_gives_no_finding(spec: Spec, page: str) -> None:
    assert findings(spec, DOCS / page) == []


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_rule_fires_on_its_page_with_the_line(spec: Spec, name: str) -> None:
    assert findings(spec, DOCS / "rules" / f"{name}.md") == EXPECTED[name]


def test_every_rule_page_is_listed() -> None:
    assert sorted(p.stem for p in (DOCS / "rules").glob("*.md")) == sorted(EXPECTED)


def test_truncated_forgives_missing_members_only(spec: Spec, tmp_path: Path) -> None:
    page = tmp_path / "truncated.md"
    text = (DOCS / "rules" / "required.md").read_text().replace('"truncated": false,', '"truncated": true,')
    page.write_text(text)
    assert findings(spec, page) == []
    page.write_text(text.replace('"image": null', '"image": "none"'))
    assert [f[0] for f in findings(spec, page)] == ["type"]


def test_the_page_parser_reads_annotations_blocks_includes_tabs_and_tables() -> None:
    page = parse_page(DOCS / "clean-get.md")
    assert page.kind == "api"
    assert [a.block_type for a in page.annotations] == ["permissions", "ignored", "request", "response"]
    request = next(b for b in page.blocks if b.annotation and b.annotation.block_type == "request")
    assert request.language == "msgraph-interactive" and request.line == 50
    assert "C#" not in page.sections  # a tab heading is not a section
    resource = parse_page(DOCS / "clean-resource.md")
    assert resource.kind == "resource"
    assert [(r.name, r.type) for r in resource.properties][:2] == [
        ("binaryValue", "Binary"),
        ("errorCorrectionLevel", "errorCorrectionLevel"),
    ]


def run(*args: str) -> CliResult:
    return run_cli("docs", *args, cwd=ROOT)


def test_cli_exit_codes_text_and_json(tmp_path: Path) -> None:
    clean = run("tests/docs/clean-get.md")
    assert clean.code == 0 and clean.stdout.strip() == "0 findings (0 errors, 0 warnings, 0 infos), 0 accepted"
    warning_only = run("tests/docs/rules/query-parameters.md")
    assert warning_only.code == 0
    broken = run("tests/docs/rules/value-wrapper.md", "--format", "json", "--junit", str(tmp_path / "docs.xml"))
    assert broken.code == 1
    (finding,) = json.loads(broken.stdout)["findings"]
    assert finding == {
        "rule": "value-wrapper",
        "severity": "error",
        "file": "tests/docs/rules/value-wrapper.md",
        "line": 72,
        "message": 'the example response at /value: the qrCode is wrapped in {"value": ...}; the spec says the response is the bare qrCode',
    }
    assert "<failure" in (tmp_path / "docs.xml").read_text()


def test_an_unreadable_page_exits_2_and_the_others_are_still_checked(tmp_path: Path) -> None:
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\n# x\n")
    result = run(str(bad), "tests/docs/rules/status.md")
    assert result.code == 2
    assert f"{bad}:3: front matter: not valid YAML" in result.stderr
    assert "error status:" in result.stdout


def test_a_baseline_accepts_known_findings_with_a_reason_and_new_ones_still_fail(tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.yaml"
    baseline.write_text(
        "- rule: value-wrapper\n  page: value-wrapper.md\n  contains: wrapped\n  reason: Microsoft's doc error, the service sends a bare entity\n"
    )
    accepted = run("tests/docs/rules/value-wrapper.md", "--baseline", str(baseline))
    assert accepted.code == 0
    assert "(accepted: Microsoft's doc error, the service sends a bare entity)" in accepted.stdout
    still_failing = run("tests/docs/rules/value-wrapper.md", "tests/docs/rules/status.md", "--baseline", str(baseline))
    assert still_failing.code == 1
    baseline.write_text("- rule: value-wrapper\n  page: value-wrapper.md\n")
    missing_reason = run("tests/docs/rules/value-wrapper.md", "--baseline", str(baseline))
    assert missing_reason.code == 2 and "needs a rule and a reason" in missing_reason.stderr


def test_check_runs_the_configured_pages_and_only_new_findings_fail(tmp_path: Path) -> None:
    import shutil

    (tmp_path / "spec").mkdir()
    shutil.copy(ROOT / "spec" / "qrcode.openapi.yaml", tmp_path / "spec")
    shutil.copytree(ROOT / "generated", tmp_path / "generated", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "pages").mkdir()
    shutil.copy(DOCS / "rules" / "value-wrapper.md", tmp_path / "pages")
    (tmp_path / "baseline.yaml").write_text(
        "- {rule: value-wrapper, page: value-wrapper.md, reason: known doc error}\n"
    )
    (tmp_path / "pyproject.toml").write_text(
        '[tool.qrcontract]\nspec = "spec/qrcode.openapi.yaml"\ndocs = ["pages"]\ndocs-baseline = "baseline.yaml"\nfuzz-examples = 0\n'
    )

    def check() -> CliResult:
        return run_cli("check", cwd=tmp_path)

    passed = check()
    assert passed.code == 0, passed.stdout
    assert "docs       ok" in passed.stdout and "1 accepted in the baseline" in passed.stdout
    shutil.copy(DOCS / "rules" / "status.md", tmp_path / "pages")
    failed = check()
    assert failed.code == 1
    assert "docs       FAIL" in failed.stdout and "error status:" in failed.stdout


def test_a_pathological_heading_or_link_line_is_read_quickly(tmp_path: Path) -> None:
    page = tmp_path / "odd.md"
    page.write_text("---\ntitle: x\n---\n## a" + " " * 20_000 + "b\n" + "[" * 20_000 + "\n")
    parsed = parse_page(page)
    first = next(iter(parsed.sections))
    assert first.startswith("a") and first.endswith("b")


PERMISSIONS_PAGE = """\
---
title: "Get qrCode"
doc_type: apiPageType
---
# Get qrCode

## Permissions
<!-- { "blockType": "permissions", "name": "qrcode_get", "requestUrls": ["GET /users/{id}/authentication/qrCodePinMethod/standardQRCode"] } -->
[!INCLUDE [permissions-table](../includes/permissions/qrcode-get-permissions.md)]
"""
TABLE = """\
---
ms.topic: include
---

|Permission type|Least privileged permissions|Higher privileged permissions|
|:---|:---|:---|
|Delegated (work or school account)|{delegated}|{higher}|
|Delegated (personal Microsoft account)|Not supported.|Not supported.|
|Application|{application}|Not available.|
"""
ALL_DELEGATED = (
    "UserAuthenticationMethod.ReadWrite.All, UserAuthenticationMethod.Read, UserAuthenticationMethod.Read.All, "
    "UserAuthenticationMethod.ReadWrite, UserAuthMethod-QR.Read.All, UserAuthMethod-QR.ReadWrite, "
    "UserAuthMethod-QR.ReadWrite.All"
)
ALL_APPLICATION = (
    "UserAuthenticationMethod.ReadWrite.All, UserAuthenticationMethod.Read.All, UserAuthMethod-QR.ReadWrite.All"
)


def permissions_tree(tmp_path: Path, delegated: str, higher: str, application: str) -> Path:
    (tmp_path / "graph" / "api").mkdir(parents=True)
    (tmp_path / "graph" / "includes" / "permissions").mkdir(parents=True)
    (tmp_path / "graph" / "api" / "qrcode-get.md").write_text(PERMISSIONS_PAGE)
    table = TABLE.replace("{delegated}", delegated).replace("{higher}", higher).replace("{application}", application)
    (tmp_path / "graph" / "includes" / "permissions" / "qrcode-get-permissions.md").write_text(table)
    return tmp_path / "graph"


def permission_findings(spec: Spec, root: Path) -> set[tuple[str, str]]:
    found = set()
    for item in check_pages(spec, [root]):
        assert not isinstance(item, Exception), item
        if "permission" in item.rule or item.rule == "least-privileged":
            found.add((item.rule, item.message))
    return found


def test_permissions_from_an_include_agree_with_the_security_requirements(spec: Spec, tmp_path: Path) -> None:
    root = permissions_tree(
        tmp_path, "UserAuthMethod-QR.Read", ALL_DELEGATED, "UserAuthMethod-QR.Read.All, " + ALL_APPLICATION
    )
    root_with_higher = permission_findings(spec, root)
    assert root_with_higher == set()


def test_each_permission_disagreement_is_its_own_finding(spec: Spec, tmp_path: Path) -> None:
    root = permissions_tree(
        tmp_path,
        "UserAuthenticationMethod.Read",
        "UserAuthenticationMethod.ReadWrite.All, Directory.Read.All",
        "Not supported.",
    )
    found = permission_findings(spec, root)
    rules = {rule for rule, _ in found}
    assert rules == {"permission-not-supported", "permission-undocumented", "permission-missing", "least-privileged"}
    assert (
        "permission-missing",
        "the page lists delegated (work or school account) permission Directory.Read.All, which the spec does not accept",
    ) in found
    undocumented = {message for rule, message in found if rule == "permission-undocumented"}
    assert (
        "the spec accepts delegated (work or school account) permission UserAuthMethod-QR.Read, which the page does not list"
        in undocumented
    )


def test_an_include_outside_the_folders_checked_is_never_read(spec: Spec, tmp_path: Path) -> None:
    from tests.conftest import opened, watching

    root = permissions_tree(tmp_path, "UserAuthMethod-QR.Read", ALL_DELEGATED, "Not supported.")
    page = root / "api" / "qrcode-get.md"
    page.write_text(PERMISSIONS_PAGE.replace("../includes/permissions/qrcode-get-permissions.md", "../../secret.md"))
    (tmp_path / "secret.md").write_text("|Application|Not supported.|Not supported.|\n")
    with watching() as seen:
        found = [item for item in check_pages(spec, [root / "api"]) if not isinstance(item, Exception)]
    assert not any("secret.md" in path for path in opened(seen))
    assert [f.rule for f in found if "permission" in f.rule] == []  # not compared, and not read


def test_a_string_documented_for_a_typed_string_is_a_type_finding(spec: Spec, tmp_path: Path) -> None:
    page = tmp_path / "qrcode.md"
    text = (ROOT / "docs" / "graph" / "resources" / "qrcode.md").read_text()
    assert "|createdDateTime|DateTimeOffset|" in text
    page.write_text(text.replace("|createdDateTime|DateTimeOffset|", "|createdDateTime|String|"))
    found = [f for f in check_pages(spec, [page]) if not isinstance(f, Exception) and f.rule == "property-type"]
    assert [f.message for f in found] == [
        "property createdDateTime is documented as String; the spec says date-time or null"
    ]
