"""A plain titled list workbook (督办发送清单, 单位排名): a title row, a header and text rows.

Cells go through the ledger's CellText, so formula-looking text stays text and control
characters are dropped, exactly as in the 台账.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.writers.xlsx import styles
from reportgen.writers.xlsx.cells import CellText, line_count, put_text
from reportgen.writers.xlsx.ledger_sheet import LINE_HEIGHT, MAX_ROW_HEIGHT, print_landscape

Cell = str | int | float | dt.date | None


def write_list(path: Path, title: str, headers: Sequence[str], rows: Sequence[Sequence[Cell]],
               widths: Sequence[float], sheet_name: str = "清单",
               formulas: dict[int, str] | None = None) -> None:
    """Write a workbook of one list sheet (see ``fill_list_sheet``) to ``path``, atomically."""
    from reportgen.writers.xlsx import save_workbook

    workbook = Workbook()
    styles.register(workbook)
    sheet = workbook.active
    sheet.title = sheet_name
    fill_list_sheet(sheet, title, headers, rows, widths, CellText(str(path)), formulas)
    workbook.properties.title = title
    workbook.properties.creator = "reportgen"
    save_workbook(workbook, path)


def fill_list_sheet(sheet: Worksheet, title: str, headers: Sequence[str],
                    rows: Sequence[Sequence[Cell]], widths: Sequence[float], text: CellText,
                    formulas: dict[int, str] | None = None) -> None:
    """Fill one sheet: ``title`` merged over the columns, ``headers``, then ``rows``.

    ``formulas`` maps a column index to a formula template with ``{row}`` for the sheet row
    and ``{last}`` for the last data row (e.g. ``"=RANK(I{row},I$3:I${last})"``); its cells
    are written as formulas, not text. The workbook must have the named styles registered.
    """
    sheet.cell(1, 1, title).style = styles.TITLE
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet.row_dimensions[1].height = 36
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        sheet.cell(2, column, header).style = styles.HEADER
        sheet.column_dimensions[get_column_letter(column)].width = width
    last = 2 + len(rows)
    for index, row in enumerate(rows, start=3):
        # wrapped text needs a row height: neither Excel nor LibreOffice fits one on opening
        lines = max([line_count(value, width) for value, width in zip(row, widths, strict=True)
                     if isinstance(value, str)] or [1])
        if lines > 1:
            sheet.row_dimensions[index].height = min(MAX_ROW_HEIGHT, lines * LINE_HEIGHT + 4)
        for column, value in enumerate(row, start=1):
            cell = sheet.cell(index, column)
            template = (formulas or {}).get(column)
            if template is not None:
                cell.value = template.format(row=index, last=last)
                cell.style = styles.NUMBER
            elif isinstance(value, int | float | dt.date):
                cell.value = value
                cell.style = styles.NUMBER
                if isinstance(value, dt.date):
                    cell.number_format = "yyyy年m月d日"
            else:
                put_text(cell, text.clean(value or "", f"第{index}行", headers[column - 1]))
                cell.style = styles.TEXT
    sheet.freeze_panes = "A3"
    sheet.print_title_rows = "2:2"
    print_landscape(sheet)
