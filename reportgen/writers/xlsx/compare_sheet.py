"""The 对比 sheet (a column per period) and the 预警 column of the 台账 sheet.

对比: status counts per period with the change against last period as formulas; each lead unit's
worst status per period with a COUNTIF of its lagging periods; the unit rows whose status moved;
the tasks added and removed. 预警: the light of each unit row (红/黄/绿) as text and fill colour.
"""
from __future__ import annotations

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.analysis.compare import IMPROVED, SLIPPED, Comparison
from reportgen.analysis.deadlines import LIGHT_FILLS, RowLight
from reportgen.model import StatusScale
from reportgen.writers.xlsx import styles
from reportgen.writers.xlsx.cells import CellText, put_text
from reportgen.writers.xlsx.ledger_sheet import SheetLayout, print_landscape
from reportgen.writers.xlsx.summary_sheet import countif_criterion

COMPARE_SHEET = "对比"
MOVE_WORDS = {IMPROVED: "好转", SLIPPED: "下滑"}
_LIGHT_STYLES = {name: f"rg_light_{i}" for i, name in enumerate(LIGHT_FILLS)}


def _light_styles(workbook: Workbook) -> None:
    present = set(workbook.named_styles)
    side = Side(style="thin", color="FF000000")
    for name, style_name in _LIGHT_STYLES.items():
        if style_name in present:
            continue
        style = NamedStyle(name=style_name)
        style.font = Font(name=styles.BODY_FONT, size=styles.BODY_SIZE, bold=True)
        style.alignment = Alignment(horizontal="center", vertical="center")
        style.border = Border(left=side, right=side, top=side, bottom=side)
        colour = "FF" + LIGHT_FILLS[name][1:]
        style.fill = PatternFill(fill_type="solid", start_color=colour, end_color=colour)
        workbook.add_named_style(style)


def fill_light_column(ws: Worksheet, layout: SheetLayout, lights: list[RowLight]) -> None:
    """Write each unit row's light into the sheet's ``light`` column, coloured."""
    if "light" not in layout.columns or ws.parent is None:
        return
    _light_styles(ws.parent)
    col = layout.columns["light"]
    for (excel_row, _, _), light in zip(layout.rows, lights, strict=False):
        cell = ws.cell(excel_row, col)
        cell.value = light.light
        cell.style = _LIGHT_STYLES[light.light]


def _put(ws: Worksheet, row: int, col: int, value: str | int | None, style: str,
         text: CellText | None = None) -> None:
    """A text (always stored as text, never as a formula) or a number."""
    cell = ws.cell(row, col)
    cell.style = style
    if isinstance(value, str):
        put_text(cell, text.clean(value, "对比表", COMPARE_SHEET) if text else value)
    else:
        cell.value = value


def _formula(ws: Worksheet, row: int, col: int, formula: str | None) -> None:
    cell = ws.cell(row, col)
    cell.style = styles.NUMBER
    cell.value = formula


def fill_compare_sheet(ws: Worksheet, comparison: Comparison, scale: StatusScale,
                       text: CellText) -> None:
    """Write ``comparison`` into ``ws``: four tables, one under the other."""
    labels = comparison.labels
    width = len(labels) + 3
    _put(ws, 1, 1, "跨期对比", styles.TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    ws.row_dimensions[1].height = 30
    ws.column_dimensions["A"].width = 40
    for col in range(2, width + 2):
        ws.column_dimensions[get_column_letter(col)].width = 14
    row = _status_table(ws, comparison, scale, 3, text)
    row = _unit_table(ws, comparison, scale, row + 2, text)
    row = _moves_table(ws, comparison, row + 2, text)
    _added_removed(ws, comparison, row + 2, text)
    ws.freeze_panes = "B4"
    print_landscape(ws)


def _status_table(ws: Worksheet, comparison: Comparison, scale: StatusScale, top: int,
                  text: CellText) -> int:
    """Rows: statuses and a total; columns: periods, then 较上期 (a formula)."""
    labels = comparison.labels
    heads = ["完成情况", *labels, "较上期增减"]
    for col, head in enumerate(heads, start=1):
        _put(ws, top, col, head, styles.HEADER, text)
    last_col = get_column_letter(len(labels) + 1)
    prev_col = get_column_letter(len(labels))
    row = top
    for name in scale.names:
        row += 1
        _put(ws, row, 1, name, styles.LABEL, text)
        for index, counts in enumerate(comparison.status_history, start=2):
            _put(ws, row, index, counts.get(name, 0), styles.NUMBER)
        _formula(ws, row, len(labels) + 2,
                 f"={last_col}{row}-{prev_col}{row}" if len(labels) > 1 else None)
    first, last = top + 1, row
    row += 1
    _put(ws, row, 1, "合计", styles.LABEL, text)
    for col in range(2, len(labels) + 3):
        letter = get_column_letter(col)
        _formula(ws, row, col, f"=SUM({letter}{first}:{letter}{last})")
    return row


def _unit_table(ws: Worksheet, comparison: Comparison, scale: StatusScale, top: int,
                text: CellText) -> int:
    """Each lead unit's worst status per period, its lagging periods (COUNTIF) and this move."""
    labels = comparison.labels
    lagging = [s.name for s in scale.statuses if s.lagging]
    heads = ["牵头单位（各期最差状态）", *labels, f"{'、'.join(lagging) or '滞后'}期数", "连续期数"]
    for col, head in enumerate(heads, start=1):
        _put(ws, top, col, head, styles.HEADER, text)
    streaks = {s.unit: s.periods for s in comparison.lagging_units}
    row = top
    first_col, last_col = get_column_letter(2), get_column_letter(len(labels) + 1)
    for unit, statuses in comparison.unit_history.items():
        row += 1
        _put(ws, row, 1, unit, styles.LABEL, text)
        for col, status in enumerate(statuses, start=2):
            _put(ws, row, col, status or "", styles.NUMBER, text)
        span = f"{first_col}{row}:{last_col}{row}"
        count = "+".join(f"COUNTIF({span},{countif_criterion(n)})" for n in lagging) or "0"
        _formula(ws, row, len(labels) + 2, f"={count}")
        _put(ws, row, len(labels) + 3, streaks.get(unit, 0) or None, styles.NUMBER)
    return row


def _moves_table(ws: Worksheet, comparison: Comparison, top: int, text: CellText) -> int:
    """The unit rows whose status improved or slipped since last period."""
    heads = ["状态变化的任务", "牵头单位", "上期", "本期", "变化"]
    for col, head in enumerate(heads, start=1):
        _put(ws, top, col, head, styles.HEADER, text)
    row = top
    for move in comparison.previous.moves:
        if move.move not in MOVE_WORDS:
            continue
        row += 1
        _put(ws, row, 1, move.item.task, styles.TEXT, text)
        _put(ws, row, 2, move.unit or "", styles.CENTER, text)
        _put(ws, row, 3, move.before or "", styles.CENTER, text)
        _put(ws, row, 4, move.after or "", styles.CENTER, text)
        _put(ws, row, 5, MOVE_WORDS[move.move], styles.CENTER)
    return row


def _added_removed(ws: Worksheet, comparison: Comparison, top: int, text: CellText) -> int:
    heads = ["新列入与不再列入的任务", "牵头单位", "变化"]
    for col, head in enumerate(heads, start=1):
        _put(ws, top, col, head, styles.HEADER, text)
    row = top
    diff = comparison.previous
    for items, word in ((diff.added, "新列入"), (diff.removed, "不再列入")):
        for item in items:
            row += 1
            _put(ws, row, 1, item.task, styles.TEXT, text)
            _put(ws, row, 2, item.lead_unit or "", styles.CENTER, text)
            _put(ws, row, 3, word, styles.CENTER)
    return row
