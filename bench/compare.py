"""Baselines measured side by side with reportgen: docxtpl, plain openpyxl, XlsxWriter, LibreOffice.

Each baseline writes the same cells (or converts the same file) as the reportgen output it is
compared with, so the ratios in results.md compare like with like.
"""
from __future__ import annotations

import math
import shutil
from pathlib import Path
from typing import Any

from bench.synth import make_ledger
from bench.tasks import Steps, Task, output_path, timed
from reportgen.model import DEFAULT_SCALE, Ledger

ATTACHMENT_TITLES = ["序号", "事项名称", "责任单位", "各项工作进展情况"]
LEDGER_TITLES = ["序号", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况"]
LEDGER_WIDTHS = [6, 40, 16, 12, 70, 10]


def _docxtpl_template(path: Path) -> None:
    """A landscape A4 template with the 附件 table: item cells merged over their unit rows."""
    from docx import Document as new_document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm, Pt

    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    doc.styles["Normal"].font.name = "仿宋_GB2312"
    doc.styles["Normal"].font.size = Pt(12)
    doc.add_paragraph("附件")
    doc.add_paragraph("{{ title }}")
    table = doc.add_table(rows=6, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ATTACHMENT_TITLES, strict=True):
        cell.text = text
    table.rows[1].cells[0].text = "{%tr for item in items %}"
    table.rows[2].cells[0].text = "{%tr for r in item.rows %}"
    for cell, text in zip(table.rows[3].cells,
                          ["{% vm %}{{ item.seq }}", "{% vm %}{{ item.task }}", "{{ r.unit }}",
                           "{{ r.progress }}"], strict=True):
        cell.text = text
    table.rows[4].cells[0].text = "{%tr endfor %}"
    table.rows[5].cells[0].text = "{%tr endfor %}"
    doc.save(str(path))


def _context(ledger: Ledger) -> dict[str, Any]:
    return {"title": ledger.title,
            "items": [{"seq": i.seq or "", "task": i.task,
                       "rows": [{"unit": r.unit or "", "progress": r.progress or "暂未报送进展"}
                                for r in i.rows]}
                      for i in ledger.items]}


def docxtpl(rows: int, workdir: Path) -> Steps:
    """docxtpl rendering the same 附件 table (vertical merges by ``{% vm %}``)."""
    from docxtpl import DocxTemplate  # type: ignore[import-untyped]

    template = workdir / "docxtpl-template.docx"
    _docxtpl_template(template)
    ledger = make_ledger(rows)
    steps: Steps = {}
    with timed(steps, "render"):
        doc = DocxTemplate(str(template))
        doc.render(_context(ledger), autoescape=True)
    with timed(steps, "write"):
        doc.save(str(output_path(workdir, "docxtpl", rows, ".docx")))
    return steps


def _ledger_rows(ledger: Ledger) -> list[tuple[int, list[str]]]:
    """(rows of its item, the six cells) per unit row; item cells empty after the first row."""
    out = []
    for item in ledger.items:
        for index, row in enumerate(item.rows):
            first = index == 0
            out.append((len(item.rows) if first else 0,
                        [item.seq or "" if first else "", item.task if first else "",
                         row.unit or "", row.person or "", row.progress or "",
                         row.status or ""]))
    return out


def openpyxl_plain(rows: int, workdir: Path) -> Steps:
    """openpyxl writing the same cells without any style, merge or layout (cost of formatting)."""
    from openpyxl import Workbook

    ledger = make_ledger(rows)
    steps: Steps = {}
    with timed(steps, "write"):
        workbook = Workbook()
        sheet = workbook.active
        sheet.append(LEDGER_TITLES)
        for _, cells in _ledger_rows(ledger):
            sheet.append(cells)
        workbook.save(output_path(workdir, "openpyxl_plain", rows, ".xlsx"))
    return steps


def _height(cells: list[str]) -> float:
    """Row height in points for wrapped CJK text in the ledger's column widths."""
    lines = max(math.ceil(max(len(text), 1) * 2 / width) for text, width
                in zip(cells, LEDGER_WIDTHS, strict=True))
    return 15.0 * lines


def xlsxwriter(rows: int, workdir: Path) -> Steps:
    """XlsxWriter writing the same styled cells: fonts, borders, fills, merges, print layout."""
    import xlsxwriter as xw  # type: ignore[import-untyped]

    ledger = make_ledger(rows)
    steps: Steps = {}
    with timed(steps, "write"):
        book = xw.Workbook(str(output_path(workdir, "xlsxwriter", rows, ".xlsx")))
        base = {"font_name": "宋体", "font_size": 11, "border": 1, "text_wrap": True,
                "valign": "top"}
        title = book.add_format({"font_name": "方正小标宋简体", "font_size": 18, "bold": True,
                                 "align": "center", "valign": "vcenter"})
        header = book.add_format({**base, "font_name": "黑体", "bold": True, "align": "center",
                                  "valign": "vcenter", "bg_color": "#D9D9D9"})
        text = book.add_format(base)
        center = book.add_format({**base, "align": "center"})
        text_input = book.add_format({**base, "bg_color": "#FFF2CC", "locked": False})
        status_formats = {s.name: book.add_format({**base, "align": "center",
                                                   "font_color": s.color, "bg_color": s.fill,
                                                   "locked": False})
                          for s in DEFAULT_SCALE.statuses}
        sheet = book.add_worksheet("台账")
        for col, width in enumerate(LEDGER_WIDTHS):
            sheet.set_column(col, col, width)
        sheet.merge_range(0, 0, 0, 5, ledger.title, title)
        sheet.write_row(1, 0, LEDGER_TITLES, header)
        formats = [center, text, center, center, text_input, center]
        for r, (span, cells) in enumerate(_ledger_rows(ledger), start=2):
            sheet.set_row(r, _height(cells))
            for c, value in enumerate(cells):
                fmt = status_formats.get(value, center) if c == 5 else formats[c]
                if c < 2 and span > 1:
                    sheet.merge_range(r, c, r + span - 1, c, value, fmt)
                elif c < 2 and span == 0:
                    continue
                else:
                    sheet.write_string(r, c, value, fmt)
        sheet.freeze_panes(2, 0)
        sheet.set_landscape()
        sheet.set_paper(9)
        sheet.repeat_rows(1)
        sheet.fit_to_pages(1, 0)
        summary = book.add_worksheet("统计")
        counts = {s.name: 0 for s in DEFAULT_SCALE.statuses}
        for _, row in ledger.rows:
            if row.status in counts:
                counts[row.status] += 1
        summary.write_row(0, 0, ["状态", "件数"], header)
        for i, (name, count) in enumerate(counts.items(), start=1):
            summary.write_string(i, 0, name, center)
            summary.write_number(i, 1, count, center)
        chart = book.add_chart({"type": "pie"})
        chart.add_series({"categories": ["统计", 1, 0, len(counts), 0],
                          "values": ["统计", 1, 1, len(counts), 1]})
        summary.insert_chart("D2", chart)
        book.close()
    return steps


def soffice_binary() -> str | None:
    """LibreOffice's command, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_command(docx: Path, outdir: Path, profile: Path) -> list[str]:
    """Convert ``docx`` to PDF headless, with a private user profile (safe beside other runs)."""
    binary = soffice_binary()
    assert binary is not None
    return [binary, f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless",
            "--convert-to", "pdf", "--outdir", str(outdir), str(docx)]


def weasyprint_plain(rows: int, workdir: Path) -> Steps:
    """Plain WeasyPrint: the same 附件 HTML and stylesheet (table-layout: fixed), one pass."""
    import weasyprint

    from bench.tasks import make_document
    from reportgen.writers.css import document_stylesheet

    document = make_document(make_ledger(rows))
    steps: Steps = {}
    with timed(steps, "write"):
        css = weasyprint.CSS(string=document_stylesheet(document.profile, document.scale))
        weasyprint.HTML(string=document.html).write_pdf(
            output_path(workdir, "weasyprint_plain", rows, ".pdf"), stylesheets=[css])
    return steps


TASKS: dict[str, Task] = {"docxtpl": docxtpl, "openpyxl_plain": openpyxl_plain,
                          "xlsxwriter": xlsxwriter, "weasyprint_plain": weasyprint_plain}
