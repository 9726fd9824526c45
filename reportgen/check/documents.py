"""Check one document: a .docx (structure, then its LibreOffice layout) or a PDF (its pages)."""
from __future__ import annotations

import tempfile
from pathlib import Path

from reportgen.check.docx_reader import read_docx
from reportgen.check.docx_rules import check_structure
from reportgen.check.page_rules import Measure, check_pages
from reportgen.check.pdf_pages import read_pdf
from reportgen.check.pdf_text_rules import check_pdf_text
from reportgen.check.render import render_docx
from reportgen.check.rules import DocumentReport, RuleResult, settle
from reportgen.check.wordml import WordDoc
from reportgen.errors import DataError
from reportgen.profile import StyleProfile


def check_docx(path: Path, profile: StyleProfile, render: bool = True) -> DocumentReport:
    """Structural rules, and the rendered-page rules on LibreOffice's layout when possible."""
    report = DocumentReport(str(path), "docx")
    try:
        doc = read_docx(path)
    except DataError as exc:
        report.error = exc.message
        return report
    report.results = check_structure(doc, profile)
    if not render:
        report.notes.append("未排版实测（--no-render）")
    elif doc.external_targets:
        report.notes.append("文档链接了外部文件或网址，为安全起见未用 LibreOffice 排版实测")
    else:
        with tempfile.TemporaryDirectory(prefix="reportgen-check-") as folder:
            pdf, why = render_docx(path, Path(folder))
            if pdf is None:
                report.notes.append(why or "未排版实测")
            else:
                try:
                    facts = read_pdf(pdf)
                except DataError as exc:
                    report.notes.append(f"LibreOffice 排版结果无法读取：{exc.message}")
                else:
                    report.results += _char_grid_caveat(
                        doc, check_pages(facts, profile, "rendered"))
                    report.notes.append("排版实测用本机 LibreOffice；Word/WPS 排版可能略有差异")
    settle(report.results)
    return report


def _char_grid_caveat(doc: WordDoc, results: list[RuleResult]) -> list[RuleResult]:
    """LibreOffice gives a character wider than a cell of Word's character grid two cells
    (Word and WPS squeeze it into one), so its count of characters a line says nothing there."""
    if not any(s.grid_type in ("linesAndChars", "snapToChars") for s in doc.sections):
        return results
    for result in results:
        if result.rule == "page_chars" and result.status == "fail":
            result.status = "warn"
            result.measured += "（文档用字符网格，LibreOffice 与 Word/WPS 排法不同，以文档设置为准）"
            result.fix = ""
    return results


def check_pdf(path: Path, profile: StyleProfile) -> DocumentReport:
    """Every rule measured on a PDF's pages."""
    report = DocumentReport(str(path), "pdf")
    try:
        facts = read_pdf(path)
    except DataError as exc:
        report.error = exc.message
        return report
    report.results = check_pages(facts, profile, "pdf") + check_pdf_text(Measure(facts, profile))
    settle(report.results)
    return report
