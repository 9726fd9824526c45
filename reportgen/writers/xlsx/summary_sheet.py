"""The 统计 sheet: counts and shares per status, per lead unit and per section, with charts.

Status counts are COUNTIF formulas over the 台账 sheet and shares are formulas over those counts,
so a clerk's edit to a status updates both (Excel rounds each share for display; the documents
use the statistics module's largest-remainder percents, which add up to 100). The per-unit and
per-section tables are values (a joint unit cell counts for its lead, which a formula over the
unit column cannot express). The pie sits beside the tables; the bar chart per lead unit, whose
height grows with the units, goes below them after a manual page break, so it prints whole on a
page of its own instead of running over the foot of the first.
"""
from __future__ import annotations

from openpyxl.chart import BarChart, PieChart, Reference
from openpyxl.chart.label import DataLabelList
from openpyxl.chart.series import DataPoint
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.analysis.stats import GroupStats, Stats
from reportgen.model import StatusScale
from reportgen.writers.xlsx import styles
from reportgen.writers.xlsx.cells import put_text
from reportgen.writers.xlsx.ledger_sheet import SheetLayout, print_landscape

NO_STATUS = "未评定"
UNIT_BAR_CM = 0.7  # chart height per unit: room for its label at the default 10 pt


def countif_criterion(name: str) -> str:
    """A COUNTIF criterion matching ``name`` exactly (quotes doubled, wildcards escaped)."""
    escaped = name.replace("~", "~~").replace("*", "~*").replace("?", "~?")
    return '"' + escaped.replace('"', '""') + '"'


def fill_summary_sheet(ws: Worksheet, ledger_sheet: Worksheet, layout: SheetLayout,
                       stats: Stats, scale: StatusScale, title: str) -> None:
    """Write the statistics of the ledger in ``ledger_sheet`` into ``ws``."""
    _label(ws, 1, 1, f"{title} 统计" if title else "统计", styles.TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)
    ws.row_dimensions[1].height = 30
    ws.column_dimensions["A"].width = 24
    for col in range(2, 4 + len(scale.names)):
        ws.column_dimensions[get_column_letter(col)].width = 10
    next_row = 1
    rated = any(entry.count for entry in stats.by_status)
    if rated:  # a ledger without statuses: no all-zero table, no empty pie, no status columns
        next_row = _status_table(ws, ledger_sheet, layout, stats, scale, 3)
    units: tuple[int, int] | None = None
    if stats.per_unit:  # a ledger without units has no unit table
        units_top = next_row + 2
        next_row = _group_table(ws, "牵头单位", stats.per_unit, scale, units_top, rated)
        units = (units_top, next_row)
    if stats.per_section:
        next_row = _group_table(ws, "分类", stats.per_section, scale, next_row + 2, rated)
    if rated and units is not None:
        # Below the tables, on a printed page of its own: beside them it ran over the page foot.
        ws.row_breaks.append(Break(id=next_row + 1))
        _unit_chart(ws, scale, *units, anchor_row=next_row + 2)
    print_landscape(ws)


def _label(ws: Worksheet, row: int, col: int, text: str, style: str) -> None:
    cell = ws.cell(row, col)
    cell.style = style
    put_text(cell, text)


def _status_table(ws: Worksheet, ledger_sheet: Worksheet, layout: SheetLayout, stats: Stats,
                  scale: StatusScale, top: int) -> int:
    """Counts (COUNTIF formulas) and shares (values) per status; returns the last row."""
    for col, head in enumerate(("完成情况", "数量", "占比"), start=1):
        _label(ws, top, col, head, styles.HEADER)
    if "status" in layout.columns:
        source = f"{quote_sheetname(ledger_sheet.title)}!{layout.range_of('status')}"
        rows_formula = f"ROWS({source})"
    else:
        source = ""
        rows_formula = str(stats.unit_rows)
    row = top
    first, last = top + 1, top + len(stats.by_status)
    rated = f"SUM($B${first}:$B${last})"
    for entry in stats.by_status:
        row += 1
        _label(ws, row, 1, entry.name, styles.LABEL)
        count = ws.cell(row, 2)
        count.value = f"=COUNTIF({source},{countif_criterion(entry.name)})" if source \
            else entry.count
        count.style = styles.NUMBER
        share = ws.cell(row, 3, f"=IF({rated}=0,0,B{row}/{rated})")
        share.style = styles.PERCENT
    row += 1
    _label(ws, row, 1, NO_STATUS, styles.LABEL)
    ws.cell(row, 2, f"={rows_formula}-SUM(B{first}:B{last})").style = styles.NUMBER
    ws.cell(row, 3).style = styles.PERCENT
    row += 1
    _label(ws, row, 1, "合计", styles.LABEL)
    ws.cell(row, 2, f"={rows_formula}").style = styles.NUMBER
    ws.cell(row, 3, f"=SUM(C{first}:C{last})").style = styles.PERCENT
    _status_chart(ws, scale, first, last)
    return row


def _status_chart(ws: Worksheet, scale: StatusScale, first: int, last: int) -> None:
    chart = PieChart()
    chart.title = "完成情况分布"
    chart.add_data(Reference(ws, min_col=2, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(ws, min_col=1, min_row=first, max_row=last))
    series = chart.series[0]
    for index, status in enumerate(scale.statuses):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = status.color[1:]
        series.dPt.append(point)
    chart.dataLabels = DataLabelList()
    chart.dataLabels.showPercent = True
    chart.dataLabels.showVal = False
    chart.dataLabels.showCatName = False
    chart.dataLabels.showSerName = False
    chart.dataLabels.showLegendKey = False
    chart.height, chart.width = 7.5, 12
    ws.add_chart(chart, f"{get_column_letter(6 + len(scale.names))}3")


def _group_table(ws: Worksheet, label: str, groups: list[GroupStats], scale: StatusScale,
                 top: int, rated: bool = True) -> int:
    """One row per unit (or section): items, rows, count per status, no status."""
    names = scale.names if rated else []
    heads = [label, "事项数", "任务数", *names, *([NO_STATUS] if rated else [])]
    for col, head in enumerate(heads, start=1):
        _label(ws, top, col, head, styles.HEADER)
    row = top
    for group in groups:
        row += 1
        _label(ws, row, 1, group.name, styles.LABEL)
        values = [group.items, group.rows, *(group.counts.get(n, 0) for n in names),
                  *([group.no_status] if rated else [])]
        for col, value in enumerate(values, start=2):
            ws.cell(row, col, value).style = styles.NUMBER
    return row


def _unit_chart(ws: Worksheet, scale: StatusScale, top: int, last: int, anchor_row: int) -> None:
    """A stacked horizontal bar per lead unit, one colour per status."""
    if last <= top:
        return
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = "各牵头单位完成情况"
    for index, status in enumerate(scale.statuses):
        col = 4 + index
        chart.add_data(Reference(ws, min_col=col, min_row=top, max_row=last),
                       titles_from_data=True)
        chart.series[-1].graphicalProperties.solidFill = status.color[1:]
    chart.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=last))
    chart.y_axis.title = "任务数"
    chart.x_axis.scaling.orientation = "maxMin"  # first unit at the top
    chart.x_axis.tickLblSkip = 1  # every unit labelled: the chart grows with the units instead
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height = max(7.5, UNIT_BAR_CM * (last - top) + 4)
    chart.width = 24
    ws.add_chart(chart, f"A{anchor_row}")
