"""Every document reportgen builds from the examples passes its own check, .docx and PDF."""
from __future__ import annotations

from pathlib import Path

import pytest
from check_support import HAS_SOFFICE

from reportgen.check import DocumentReport

Reports = dict[Path, DocumentReport]


def _documents(built: dict[str, list[Path]]) -> list[tuple[str, Path]]:
    return [(name, path) for name, paths in built.items() for path in paths]


def test_every_example_document_is_built(built_examples: dict[str, list[Path]]) -> None:
    names = {(n, p.name) for n, p in _documents(built_examples)}
    assert names == {
        ("zhanhe-2022-08", "督查通报第8期.docx"), ("zhanhe-2022-08", "督查通报第8期.pdf"),
        ("zhanhe-2022-08", "督查通报第8期（公开版）.pdf"),
        ("pingdingshan-2020-04", "附件.docx"), ("pingdingshan-2020-04", "附件.pdf"),
        ("sanmenxia-2021-05", "重点工作进展情况报告.docx"),
        ("sanmenxia-2021-05", "重点工作进展情况报告.pdf")}


def test_examples_pass_their_own_check(example_reports: Reports) -> None:
    for path, report in example_reports.items():
        assert report.error is None, path
        failed = [(r.rule, r.measured) for r in report.failed]
        assert failed == [], (path.name, failed)
        judged = {r.rule for r in report.results if r.status == "pass"}
        assert {"paper", "margins", "page_number_field", "page_number_sides"} <= judged \
            if path.suffix == ".docx" else {"page_paper", "page_numbers"} <= judged


def test_example_figures_are_measured(built_examples: dict[str, list[Path]],
                                      example_reports: Reports) -> None:
    pdf = next(p for p in built_examples["sanmenxia-2021-05"] if p.suffix == ".pdf")
    by_rule = {r.rule: r for r in example_reports[pdf].results}
    assert by_rule["page_lines"].measured.startswith("行距 28.95 磅：版心排 22 行")
    assert by_rule["page_chars"].measured.startswith("整行最常见 28 字")
    assert "左 28.0" in by_rule["page_margins"].measured
    assert by_rule["page_fonts"].measured == "正文 FandolFang；一级标题 FandolHei；标题 FandolSong-Bold"
    assert by_rule["page_number_position"].status == "pass"


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed: no rendered layout")
def test_example_docx_is_also_measured_on_its_layout(built_examples: dict[str, list[Path]],
                                                     example_reports: Reports) -> None:
    docx = next(p for p in built_examples["sanmenxia-2021-05"] if p.suffix == ".docx")
    rendered = {r.rule: r for r in example_reports[docx].results if r.source == "rendered"}
    assert rendered["page_lines"].status == "pass"
    assert rendered["page_margins"].status == "pass"
    assert rendered["page_number_position"].status == "pass"
    # LibreOffice here may lack the official fonts: a reminder, never a failure of the document
    assert rendered["page_fonts"].status in ("pass", "warn")


@pytest.mark.parametrize("suffix", [".docx", ".pdf"])
def test_bulletin_colophon(built_examples: dict[str, list[Path]], example_reports: Reports,
                          suffix: str) -> None:
    path = next(p for p in built_examples["zhanhe-2022-08"] if p.suffix == suffix)
    colophon = next(r for r in example_reports[path].results if r.rule == "colophon")
    assert colophon.status == "pass", colophon.measured
