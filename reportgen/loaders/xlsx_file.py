"""The XLSX ledger reader: the first sheet with a header, merged cells read as continuations."""
from __future__ import annotations

import datetime as dt
import warnings
import zipfile
from pathlib import Path
from typing import Any

from reportgen.errors import DataError, ProblemList
from reportgen.loaders.fields import field_for
from reportgen.loaders.raw import RawLedger
from reportgen.loaders.tabular import HEADER_SEARCH_ROWS, TableRow, read_table


def cell_text(value: Any) -> str | None:
    """A cell value as text: whole numbers without ".0", dates as 2022-12-31."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _open(path: Path) -> Any:
    if not path.exists():
        raise DataError(f"找不到台账文件 {path}")
    if path.is_dir():
        raise DataError(f"{path} 是文件夹，不是台账文件")
    if path.stat().st_size == 0:
        raise DataError(f"台账文件 {path} 是空的")
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about styles and extensions it skips
            return load_workbook(path, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, TypeError) as exc:
        raise DataError(f"无法读取 Excel 文件 {path}：不是有效的 .xlsx 文件（{exc}）") from None
    except OSError as exc:
        raise DataError(f"无法读取 Excel 文件 {path}：{exc.strerror or exc}") from None


def sheet_rows(sheet: Any) -> list[TableRow]:
    """The rows of a sheet; cells under the top of a vertical merge are marked as merged.

    A merged value applies down the merged range's first column; its other columns read empty.
    """
    rows = [TableRow(r, [cell_text(v) for v in values])
            for r, values in enumerate(sheet.iter_rows(values_only=True), 1)]
    for area in sheet.merged_cells.ranges:
        if area.min_row > len(rows):
            continue
        top_cells = rows[area.min_row - 1].cells
        top = top_cells[area.min_col - 1] if area.min_col <= len(top_cells) else None
        for r in range(area.min_row, min(area.max_row, len(rows)) + 1):
            cells = rows[r - 1].cells
            for c in range(area.min_col, min(area.max_col, len(cells)) + 1):
                if (r, c) == (area.min_row, area.min_col):
                    continue
                cells[c - 1] = None
                if c == area.min_col:
                    rows[r - 1].merged[c - 1] = top
    return rows


def _has_header(rows: list[TableRow]) -> bool:
    return any(field_for(c) == "task" for row in rows[:HEADER_SEARCH_ROWS]
               for c in row.cells if c)


def read_xlsx(path: Path, problems: ProblemList) -> RawLedger:
    """Read the ledger sheet of a workbook (the active one, else the first with a header)."""
    workbook = _open(path)
    try:
        sheets = [workbook.active, *(s for s in workbook.worksheets if s is not workbook.active)]
        tables = [sheet_rows(s) for s in sheets if s is not None and hasattr(s, "merged_cells")]
    finally:
        workbook.close()
    chosen = next((rows for rows in tables if _has_header(rows)), tables[0] if tables else [])
    return read_table(chosen, path, problems)
