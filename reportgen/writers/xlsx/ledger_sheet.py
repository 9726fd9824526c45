"""The 台账 sheet: title, header, one row per unit row, item cells merged, print-ready.

Also used by the per-unit fill-in forms, which pass the columns a unit may edit.
"""
from __future__ import annotations

import copy
from collections.abc import Collection
from dataclasses import dataclass, field

from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.model import Ledger, StatusScale
from reportgen.writers.xlsx import styles
from reportgen.writers.xlsx.cells import (
    CENTRED_COLUMNS,
    FORMULA_STARTS,
    ITEM_COLUMNS,
    CellText,
    column_value,
    fitted_width,
    line_count,
    put_text,
)

LINE_HEIGHT = 14.5  # points per wrapped line of 11 pt text
FOOTER = "第 &P 页 共 &N 页"
MAX_ROW_HEIGHT = 409.0  # Excel's limit


@dataclass
class SheetLayout:
    """Where things went: header row, data rows, column numbers, row → (item, unit row) index."""

    header_row: int
    first_row: int
    last_row: int
    columns: dict[str, int]
    rows: list[tuple[int, int, int]] = field(default_factory=list)  # (excel row, item, row)

    def letter(self, key: str) -> str:
        letter: str = get_column_letter(self.columns[key])
        return letter

    def range_of(self, key: str, absolute: bool = True) -> str:
        """The data range of one column, e.g. 台账!$F$3:$F$58."""
        col = self.letter(key)
        if absolute:
            return f"${col}${self.first_row}:${col}${max(self.last_row, self.first_row)}"
        return f"{col}{self.first_row}:{col}{max(self.last_row, self.first_row)}"


def status_list_formula(scale: StatusScale) -> str:
    """The data-validation list of a scale: "积极,正常,一般,滞后" in quotes."""
    return '"' + ",".join(scale.names) + '"'


def fill_ledger_sheet(ws: Worksheet, ledger: Ledger, *, scale: StatusScale, columns: list[str],
                      titles: dict[str, str], text: CellText, heading: str | None = None,
                      editable: Collection[str] = ()) -> SheetLayout:
    """Write ``ledger`` into ``ws`` as a formatted 台账 and return where everything is.

    ``heading`` replaces the title row's text; ``editable`` columns get unlocked input cells.
    """
    ncols = len(columns)
    last_letter = get_column_letter(ncols)
    row = 1
    title = heading if heading is not None else (ledger.title or "台账")
    _put(ws, 1, 1, text.clean(title, "标题行", "标题"), styles.TITLE)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=ncols)
    ws.row_dimensions[1].height = 36
    if ledger.period:
        row = 2
        _put(ws, 2, 1, text.clean(ledger.period, "标题行", "时期"), styles.SUBTITLE)
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=ncols)
    header_row = row + 1
    for col, key in enumerate(columns, start=1):
        _put(ws, header_row, col, text.clean(titles[key], "表头", key), styles.HEADER)
    ws.row_dimensions[header_row].height = 24

    layout = SheetLayout(header_row, header_row + 1, header_row,
                         {key: i for i, key in enumerate(columns, start=1)})
    cell_style = {
        key: (styles.CENTER_INPUT if key in CENTRED_COLUMNS else styles.TEXT_INPUT)
        if key in editable else (styles.CENTER if key in CENTRED_COLUMNS else styles.TEXT)
        for key in columns
    }
    texts: dict[str, list[str | None]] = {key: [] for key in columns}
    # One named-style lookup per column, then a copy of its style array per cell: assigning
    # ``cell.style`` by name searches the workbook's named styles on every cell.
    style_arrays = [_style_array(ws, cell_style[key]) for key in columns]
    keyed = [(col, key, key in ITEM_COLUMNS, titles[key], texts[key])
             for col, key in enumerate(columns, start=1)]
    excel_row = header_row
    for item_index, item in enumerate(ledger.items):
        start = excel_row + 1
        where = f"第{item.seq}项“{_short(item.task)}”" if item.seq else f"事项“{_short(item.task)}”"
        for row_index, unit_row in enumerate(item.rows):
            excel_row += 1
            layout.rows.append((excel_row, item_index, row_index))
            for col, key, of_item, title, column_texts in keyed:
                cell = Cell(ws, row=excel_row, column=col, style_array=style_arrays[col - 1])
                ws._cells[(excel_row, col)] = cell
                if of_item and row_index > 0:
                    continue
                value = column_value(key, item, unit_row)
                if value:
                    value = text.clean(value, where, title)
                    _put_clean(cell, value)
                column_texts.append(value)
        if excel_row > start:
            for col, key in enumerate(columns, start=1):
                if key in ITEM_COLUMNS:
                    merge_column(ws, col, start, excel_row)
    layout.last_row = excel_row

    widths = {key: fitted_width(key, titles[key], texts[key]) for key in columns}
    for col, key in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(col)].width = widths[key]
    _row_heights(ws, ledger, layout, columns, widths)
    _status_rules(ws, layout, scale)
    _page_setup(ws, layout, last_letter)
    return layout


class _StyledRange(MergedCellRange):  # type: ignore[misc]
    """A merged range whose cells already carry their borders (one named style per column)."""

    def _get_borders(self) -> None:
        self.start_cell = self.ws._cells.get((self.min_row, self.min_col))


def merge_column(ws: Worksheet, col: int, first: int, last: int) -> None:
    """Merge one column's cells ``first``..``last`` in linear time.

    ``ws.merge_cells`` checks the new range against every existing one and rebuilds borders
    cell by cell (quadratic: ~5 s of a 5,000-row ledger). Here every cell already has the
    column's named style, so each continuation cell becomes a MergedCell with the same style.
    """
    coord = f"{get_column_letter(col)}{first}:{get_column_letter(col)}{last}"
    ws.merged_cells.ranges.add(_StyledRange(ws, coord))
    for row in range(first + 1, last + 1):
        original = ws._cells.get((row, col))
        merged = MergedCell(ws, row, col)
        if original is not None:
            merged._style = copy.copy(original._style)
        ws._cells[(row, col)] = merged


def _style_array(ws: Worksheet, style: str) -> StyleArray:
    """The style array a cell gets from the named style ``style`` (looked up once)."""
    probe = Cell(ws)
    probe.style = style
    array: StyleArray = probe._style
    return array


def _put_clean(cell: Cell, value: str) -> None:
    """``put_text`` for text that ``CellText.clean`` already made safe (no second scan)."""
    cell._value = value
    cell.data_type = "s"
    if value.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def _put(ws: Worksheet, row: int, col: int, value: str, style: str) -> None:
    cell = ws.cell(row, col)
    cell.style = style
    put_text(cell, value)


def _short(task: str) -> str:
    return task if len(task) <= 20 else task[:20] + "……"


def _row_heights(ws: Worksheet, ledger: Ledger, layout: SheetLayout, columns: list[str],
                 widths: dict[str, float]) -> None:
    """Set each row tall enough for its wrapped text; merged item cells share their rows."""
    by_item: dict[int, list[int]] = {}
    for excel_row, item_index, _ in layout.rows:
        by_item.setdefault(item_index, []).append(excel_row)
    row_keys = [k for k in columns if k not in ITEM_COLUMNS]
    item_keys = [k for k in columns if k in ITEM_COLUMNS]
    for item_index, excel_rows in by_item.items():
        item = ledger.items[item_index]
        lines = [max([line_count(column_value(k, item, r), widths[k]) for k in row_keys] or [1])
                 for r in item.rows]
        merged = max([line_count(column_value(k, item, item.rows[0]), widths[k])
                      for k in item_keys] or [1])
        short = merged - sum(lines)
        if short > 0:  # spread the item text's extra lines over the unit rows
            for i in range(short):
                lines[i % len(lines)] += 1
        for excel_row, count in zip(excel_rows, lines, strict=True):
            ws.row_dimensions[excel_row].height = min(MAX_ROW_HEIGHT, count * LINE_HEIGHT + 4)


def _status_rules(ws: Worksheet, layout: SheetLayout, scale: StatusScale) -> None:
    """Colour status cells by conditional formatting and offer the scale as a drop-down."""
    if "status" not in layout.columns or layout.last_row < layout.first_row:
        return
    target = layout.range_of("status", absolute=False)
    for status in scale.statuses:
        fill = "FF" + status.fill[1:]
        ws.conditional_formatting.add(target, CellIsRule(
            operator="equal", formula=['"' + status.name.replace('"', '""') + '"'],
            fill=PatternFill(fill_type="solid", start_color=fill, end_color=fill, bgColor=fill),
            font=Font(color="FF" + status.color[1:], bold=True)))
    listed = status_list_formula(scale)
    if len(listed) <= 257:  # Excel's limit for an inline list is 255 characters
        validation = DataValidation(type="list", formula1=listed, allow_blank=True)
    else:
        holder = ws.parent.create_sheet("_状态")
        for i, name in enumerate(scale.names, start=1):
            holder.cell(i, 1, name)
        holder.sheet_state = "hidden"
        validation = DataValidation(
            type="list", formula1=f"{quote_sheetname(holder.title)}!$A$1:$A${len(scale.names)}",
            allow_blank=True)
    validation.error = "请从下拉列表中选择：" + "、".join(scale.names)
    validation.errorTitle = "完成情况"
    validation.prompt = "请选择：" + "、".join(scale.names)
    validation.promptTitle = "完成情况"
    validation.showErrorMessage = True
    validation.showInputMessage = True
    validation.add(target)
    ws.add_data_validation(validation)


def _page_setup(ws: Worksheet, layout: SheetLayout, last_letter: str) -> None:
    """Freeze the header, filter, and print A4 landscape one page wide with repeated header."""
    ws.freeze_panes = ws.cell(layout.header_row + 1, 1).coordinate
    ws.auto_filter.ref = f"A{layout.header_row}:{last_letter}{max(layout.last_row, layout.header_row)}"
    print_landscape(ws)
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.print_title_rows = f"{layout.header_row}:{layout.header_row}"
    ws.print_area = f"A1:{last_letter}{max(layout.last_row, layout.header_row)}"


def print_landscape(ws: Worksheet) -> None:
    """Print on A4 landscape, one page wide and as many tall as needed, numbered in the footer."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = FOOTER
    ws.oddFooter.center.size = 10
