"""The XLSX ledger reader: the first sheet with a header, merged cells read as continuations.

The file is checked before it is opened (limits.check_path, limits.check_zip: no zip bomb, no
DTD, no password), opened read-only (openpyxl reads the workbook's structure, shared strings
and styles), and each sheet's cells are streamed by xlsx_sheet within the row, column and text
limits. Whatever else a damaged or hostile file makes the XML or zip layers raise is a
DataError naming the file.
"""
from __future__ import annotations

import warnings
import zipfile
import zlib
from pathlib import Path
from typing import Any

from reportgen.errors import DataError, ProblemList
from reportgen.loaders.fields import field_for
from reportgen.loaders.limits import MAX_ROWS, check_path, check_zip
from reportgen.loaders.raw import RawLedger
from reportgen.loaders.tabular import HEADER_SEARCH_ROWS, TableRow, read_table
from reportgen.loaders.xlsx_sheet import SheetData, Styles, cell_text, read_sheet

__all__ = ["cell_text", "open_workbook", "read_xlsx", "sheet_data", "sheet_rows"]

# What openpyxl, lxml and zipfile raise on damaged input (lxml's errors are SyntaxErrors).
_BROKEN = (zipfile.BadZipFile, zlib.error, KeyError, IndexError, ValueError, TypeError,
           AttributeError, SyntaxError, EOFError, NotImplementedError, OverflowError,
           UnicodeError, RuntimeError, AssertionError)
# Parts read piece by piece (our sheet reader; openpyxl's shared-string reader); the others
# openpyxl parses whole, so limits.check_zip holds them to MAX_XML_PART_BYTES.
STREAMED_PARTS = ("xl/worksheets/sheet", "xl/sharedStrings.xml")
# Cells of merged ranges visited at most (a merge per item per column is about 5 per row).
_MAX_MERGE_SPAN = 16 * MAX_ROWS


def open_workbook(path: Path, kind: str = "台账", zip_kind: str = "Excel") -> Any:
    """A read-only openpyxl workbook of a checked file (size, FIFO, zip bomb, DTD, password).

    ``kind`` names the file in messages (台账, 填报表…); the caller closes the workbook.
    """
    if check_path(path, kind) == 0:
        raise DataError(f"{kind}文件 {path} 是空的")
    check_zip(path, zip_kind, streamed=STREAMED_PARTS)
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            return load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except (InvalidFileException, *_BROKEN) as exc:
        raise DataError(f"无法读取 Excel 文件 {path}：不是有效的 .xlsx 文件（{_brief(exc)}）") from None
    except OSError as exc:
        raise DataError(f"无法读取 Excel 文件 {path}：{exc.strerror or exc}") from None


def _brief(exc: BaseException) -> str:
    text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return text[:200]


def sheet_rows(data: SheetData) -> list[TableRow]:
    """The non-empty rows of a sheet; cells under the top of a vertical merge are marked merged.

    A merged value applies down the merged range's first column; its other columns read empty.
    """
    rows = {number: TableRow(number, cells) for number, cells in sorted(data.rows.items())}
    span = 0
    for min_col, min_row, max_col, max_row in data.merges:
        top_row = rows.get(min_row)
        top_cells = top_row.cells if top_row else []
        top = top_cells[min_col - 1] if min_col <= len(top_cells) else None
        for number in range(min_row, max_row + 1):
            span += 1
            if span > _MAX_MERGE_SPAN:
                raise DataError(f"合并单元格覆盖超过 {_MAX_MERGE_SPAN} 行次，超过读取上限")
            row = rows.get(number)
            if row is None:
                if number > max(rows, default=0):
                    break
                continue
            for column in range(min_col, min(max_col, len(row.cells)) + 1):
                if (number, column) != (min_row, min_col):
                    row.cells[column - 1] = None
            if number != min_row:
                row.merged[min_col - 1] = top
    return list(rows.values())


def _has_header(rows: list[TableRow]) -> bool:
    return any(field_for(c) == "task" for row in rows[:HEADER_SEARCH_ROWS]
               for c in row.cells if c)


def _styles(workbook: Any, sheet: Any) -> Styles:
    return Styles(list(sheet._shared_strings), frozenset(workbook._date_formats),
                  frozenset(workbook._timedelta_formats), workbook.epoch)


def sheet_data(workbook: Any, sheet: Any, path: Path, formulas: bool = False) -> SheetData:
    """One worksheet of an ``open_workbook`` streamed within the row, column and text limits.

    ``formulas``: see xlsx_sheet.read_sheet.
    """
    where = f"Excel 文件 {path} 的工作表“{sheet.title}”"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with sheet._get_source() as source:
                return read_sheet(source, _styles(workbook, sheet), where, formulas)
    except DataError:
        raise
    except _BROKEN as exc:
        raise DataError(f"无法读取{where}：内容已损坏（{_brief(exc)}）") from None


def read_xlsx(path: Path, problems: ProblemList) -> RawLedger:
    """Read the ledger sheet of a workbook (the active one, else the first with a header)."""
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    workbook = open_workbook(path)
    try:
        try:
            active = workbook.active
        except _BROKEN:
            active = None
        sheets = [s for s in [active, *workbook.worksheets]
                  if isinstance(s, ReadOnlyWorksheet)]
        first: list[TableRow] | None = None
        chosen: list[TableRow] | None = None
        seen: set[int] = set()
        for sheet in sheets:
            if id(sheet) in seen:
                continue
            seen.add(id(sheet))
            rows = sheet_rows(sheet_data(workbook, sheet, path))
            first = rows if first is None else first
            if _has_header(rows):
                chosen = rows
                break
    finally:
        workbook.close()
    return read_table(chosen or first or [], path, problems)
