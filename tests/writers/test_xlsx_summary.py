"""The 统计 sheet: formulas count what the statistics module counts; tables and charts are there."""
from __future__ import annotations

import re
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.analysis.stats import compute
from reportgen.model import Ledger
from reportgen.writers.xlsx import LEDGER_SHEET, SUMMARY_SHEET, write_ledger

COUNTIF = re.compile(r"^=COUNTIF\('?台账'?!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+),\"(.+)\"\)$")
ROWS = re.compile(r"ROWS\('?台账'?!\$[A-Z]+\$(\d+):\$[A-Z]+\$(\d+)\)")


def evaluate(formula: str, ledger: Worksheet, sheet: Worksheet) -> int:
    """Evaluate the few formulas the summary sheet uses, against the written 台账 sheet."""
    match = COUNTIF.match(formula)
    if match:
        col, first, _, last, name = match.groups()
        return sum(1 for r in range(int(first), int(last) + 1)
                   if ledger[f"{col}{r}"].value == name)
    rows = ROWS.search(formula)
    assert rows, formula
    total = int(rows.group(2)) - int(rows.group(1)) + 1
    rest = formula[rows.end():]
    if not rest:
        return total
    sums = re.fullmatch(r"-SUM\(B(\d+):B(\d+)\)", rest)
    assert sums, formula
    return total - sum(evaluate(sheet.cell(r, 2).value, ledger, sheet)
                       for r in range(int(sums.group(1)), int(sums.group(2)) + 1))


def test_status_counts_match_statistics(small_ledger: Ledger, out_dir: Path) -> None:
    path = out_dir / "s.xlsx"
    write_ledger(small_ledger, path)
    book = openpyxl.load_workbook(path)
    ws, ledger_ws = book[SUMMARY_SHEET], book[LEDGER_SHEET]
    stats = compute(small_ledger)
    assert [ws.cell(r, 1).value for r in range(3, 10)] == [
        "完成情况", "积极", "正常", "一般", "滞后", "未评定", "合计"]
    for offset, entry in enumerate(stats.by_status):
        formula = ws.cell(4 + offset, 2).value
        assert formula.startswith("=COUNTIF(")
        assert evaluate(formula, ledger_ws, ws) == entry.count
        # the share is a formula over the counts: an edited status updates both
        assert ws.cell(4 + offset, 3).value == \
            f"=IF(SUM($B$4:$B$7)=0,0,B{4 + offset}/SUM($B$4:$B$7))"
        rated = sum(evaluate(ws.cell(r, 2).value, ledger_ws, ws) for r in range(4, 8))
        assert abs(100 * entry.count / rated - entry.share) < 1
    assert evaluate(ws.cell(8, 2).value, ledger_ws, ws) == stats.no_status_rows == 1
    assert evaluate(ws.cell(9, 2).value, ledger_ws, ws) == stats.unit_rows == 6
    assert ws.cell(4, 3).number_format == "0%"
    assert ws.cell(9, 3).value == "=SUM(C4:C7)"


def test_unit_and_section_tables(small_ledger: Ledger, out_dir: Path) -> None:
    path = out_dir / "s.xlsx"
    write_ledger(small_ledger, path)
    ws = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    values = [[c.value for c in row] for row in ws.iter_rows(min_col=1, max_col=8)]
    head = values.index(["牵头单位", "事项数", "任务数", "积极", "正常", "一般", "滞后", "未评定"])
    stats = compute(small_ledger)
    table = values[head + 1: head + 1 + len(stats.per_unit)]
    assert table[0] == ["区财政局", 2, 2, 1, 1, 0, 0, 0]
    assert table[3] == ["区统计局", 1, 1, 0, 0, 0, 1, 0]  # joint cell counts for its lead
    assert [r[0] for r in table] == [g.name for g in stats.per_unit]
    section = values.index(["分类", "事项数", "任务数", "积极", "正常", "一般", "滞后", "未评定"])
    assert values[section + 1][:3] == ["一、加快构建现代产业体系", 2, 4]
    assert values[section + 2] == ["二、持续保障和改善民生", 2, 2, 0, 0, 0, 1, 1]


def test_charts_present(small_ledger: Ledger, out_dir: Path) -> None:
    path = out_dir / "s.xlsx"
    write_ledger(small_ledger, path)
    with openpyxl.reader.excel.ZipFile(path) as archive:
        charts = sorted(n for n in archive.namelist() if n.startswith("xl/charts/chart"))
        xml = [archive.read(n).decode("utf-8") for n in charts]
    assert len(charts) == 2
    assert any("pieChart" in x and "C00000" in x for x in xml)  # 滞后 slice in its colour
    bars = [x for x in xml if "barChart" in x]
    assert bars and 'val="stacked"' in bars[0] and bars[0].count("<ser>") == 4
    assert '<c:tickLblSkip val="1"' in bars[0] or '<tickLblSkip val="1"' in bars[0]


def test_no_sections_no_section_table(small_ledger: Ledger, out_dir: Path) -> None:
    ledger = small_ledger.model_copy(deep=True)
    for item in ledger.items:
        item.section = None
    path = out_dir / "ns.xlsx"
    write_ledger(ledger, path)
    ws = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    assert "分类" not in [c.value for c in ws["A"]]


def test_unit_chart_prints_on_a_page_of_its_own(small_ledger: Ledger, out_dir: Path) -> None:
    """Beside the tables the bar chart ran over the printed page's foot: it goes below them,
    after a manual page break, in the first column."""
    path = out_dir / "s.xlsx"
    write_ledger(small_ledger, path)
    ws = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    last_table_row = max(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value)
    assert [b.id for b in ws.row_breaks.brk] == [last_table_row + 1]
    with openpyxl.reader.excel.ZipFile(path) as archive:
        drawing = next(archive.read(n).decode("utf-8") for n in archive.namelist()
                       if n.startswith("xl/drawings/drawing"))
    anchors = re.findall(r"<(?:xdr:)?from><(?:xdr:)?col>(\d+)</(?:xdr:)?col>.*?"
                         r"<(?:xdr:)?row>(\d+)</(?:xdr:)?row>", drawing)
    pie, bar = (tuple(int(v) for v in a) for a in anchors)
    assert pie[1] == 2  # row 3, beside the status table
    assert bar == (0, last_table_row + 1)  # zero-based: row last + 2, after the break
