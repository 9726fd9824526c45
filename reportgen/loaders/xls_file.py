"""Stage one for legacy Excel: a .xls workbook into grids (one per sheet) with xlrd.

Merged areas become covered cells like Word's merges; a cell's fill colour is kept so a
status given only as a colour can be read. xlrd parses the binary format itself (no XML).
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from reportgen.errors import DataError
from reportgen.loaders.blocks import BlockStream, Grid, GridCell
from reportgen.loaders.limits import MAX_CELLS
from reportgen.loaders.safety import check_file
from reportgen.loaders.xlsx_file import cell_text

MAX_XLS_BYTES = 32 * 1024 * 1024


def _xlrd_failures() -> tuple[type[BaseException], ...]:
    """What xlrd raises on a damaged file: its own errors, and those of the bytes it unpacks
    without checking (a record shorter than it says: struct.error; a bad offset: IndexError; a
    sector size of one byte: ZeroDivisionError; a directory entry its own child: RecursionError)."""
    import struct

    import xlrd

    return (xlrd.XLRDError, xlrd.compdoc.CompDocError, struct.error, ValueError, IndexError,
            KeyError, AssertionError, EOFError, TypeError, OverflowError, ZeroDivisionError,
            RecursionError)


def _damaged(path: Path, exc: BaseException, where: str = "") -> DataError:
    detail = f"{where}：" if where else ""
    return DataError(f"无法读取 Excel 文件 {path}：{detail}不是有效的 .xls 文件，或文件已损坏"
                     f"（{type(exc).__name__}: {exc}）")


def _value(book: Any, cell: Any) -> str | None:
    import xlrd

    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return None
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value: Any = xlrd.xldate_as_datetime(cell.value, book.datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            value = cell.value
        if isinstance(value, dt.datetime) and value.time() == dt.time():
            value = value.date()
        return cell_text(value)
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return cell_text(bool(cell.value))
    return cell_text(cell.value)


def _fill(book: Any, cell: Any) -> str | None:
    try:
        xf = book.xf_list[cell.xf_index]
        if xf.background.fill_pattern == 0:
            return None
        rgb = book.colour_map.get(xf.background.pattern_colour_index)
    except (AttributeError, IndexError, TypeError):
        return None
    if not rgb or tuple(rgb) == (255, 255, 255):
        return None
    return "".join(f"{c:02X}" for c in rgb)


def _grid(book: Any, sheet: Any) -> Grid:
    covered: dict[tuple[int, int], tuple[int, int]] = {}
    for rlo, rhi, clo, chi in sheet.merged_cells:
        for r in range(rlo, min(rhi, sheet.nrows)):
            for c in range(clo, min(chi, sheet.ncols)):
                if (r, c) != (rlo, clo):
                    covered[(r, c)] = (rlo, clo)
    grid = Grid([], f"工作表“{sheet.name}”")
    for r in range(sheet.nrows):
        cells: list[GridCell] = []
        for c in range(sheet.ncols):
            if (r, c) in covered:
                cells.append(GridCell(covered=covered[(r, c)]))
                continue
            cell = sheet.cell(r, c)
            cells.append(GridCell(_value(book, cell) or "", _fill(book, cell)))
        grid.rows.append(cells)
    return grid


def read_xls_blocks(path: Path) -> BlockStream:
    """One grid per sheet of a .xls workbook; DataError if it is not one or too large."""
    check_file(path, "Excel", MAX_XLS_BYTES)
    import xlrd

    failures = _xlrd_failures()

    try:
        book = xlrd.open_workbook(file_contents=path.read_bytes(), formatting_info=True,
                                  on_demand=True, logfile=io.StringIO())  # not on our stdout
    except failures as exc:
        raise _damaged(path, exc) from None
    try:
        stream = BlockStream(str(path))
        cells = 0
        for index in range(book.nsheets):
            try:  # on_demand: a sheet's records are parsed here, not when the book opens
                sheet = book.sheet_by_index(index)
            except failures as exc:
                raise _damaged(path, exc, f"第{index + 1}个工作表") from None
            cells += sheet.nrows * sheet.ncols
            if cells > MAX_CELLS:
                raise DataError(f"Excel 文件 {path} 的单元格超过 {MAX_CELLS} 个，拒绝读取")
            stream.blocks.append(_grid(book, sheet))
    finally:
        book.release_resources()
    return stream
