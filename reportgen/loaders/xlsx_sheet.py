"""One worksheet's XML streamed into table rows, within the row, column and text limits.

openpyxl's own cell reader pads every row to the sheet's dimension (which a file may claim is
XFD1048576) and builds a whole ``<row>`` before anyone can count its cells. This reader walks
the sheet's XML cell by cell with lxml (no DTD, no entities, no network), ignores the
dimension, keeps only cells that hold a value, and stops at the first limit it passes.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from reportgen.errors import DataError
from reportgen.loaders.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_CHARS

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
_INLINE, _TEXT, _MERGE = f"{_NS}is", f"{_NS}t", f"{_NS}mergeCell"
_PHONETIC = f"{_NS}rPh"


@dataclass
class SheetData:
    """The non-empty rows of a sheet (row number → cell texts, 0-based columns) and merges."""

    rows: dict[int, list[str | None]] = field(default_factory=dict)
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # min_col, min_row, …


@dataclass
class Styles:
    """What number cells need from the workbook: date styles and the date epoch."""

    shared_strings: list[Any]
    date_styles: frozenset[int] = frozenset()
    time_styles: frozenset[int] = frozenset()
    epoch: dt.datetime | None = None


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


def _column(reference: str) -> int:
    """1-based column of a reference like "AB12"; 0 when it has no letters."""
    number = 0
    for char in reference:
        if "A" <= char <= "Z":
            number = number * 26 + ord(char) - 64
        elif "a" <= char <= "z":
            number = number * 26 + ord(char) - 96
        else:
            break
        if number > 16_384:
            break
    return number


def _number(text: str, style: int, styles: Styles) -> Any:
    value: float | int = float(text) if any(c in text for c in ".eE") else int(text)
    if style in styles.date_styles and styles.epoch is not None:
        from openpyxl.utils.datetime import from_excel

        try:
            return from_excel(value, styles.epoch, timedelta=style in styles.time_styles)
        except (OverflowError, ValueError):
            return value
    return value


def _value(cell: Any, styles: Styles) -> Any:
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(_INLINE)
        if inline is None:
            return None
        return "".join(t.text or "" for t in inline.iter(_TEXT)
                       if t.getparent() is None or t.getparent().tag != _PHONETIC)
    text = cell.findtext(_VALUE)
    if not text:
        return None
    if kind == "s":
        return styles.shared_strings[int(text)]
    if kind == "b":
        return text.strip() not in ("0", "false")
    if kind in ("str", "e", "d"):
        return text
    style = cell.get("s")
    return _number(text.strip(), int(style) if style else 0, styles)


def _events(source: IO[bytes]) -> Iterator[tuple[str, Any]]:
    from lxml import etree

    parser = etree.iterparse(source, events=("start", "end"), tag=(_ROW, _CELL, _MERGE),
                             resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True)
    for event, element in parser:
        if event == "end":
            yield element.tag, element
        elif element.tag == _ROW:
            yield "row-start", element


def read_sheet(source: IO[bytes], styles: Styles, where: str) -> SheetData:
    """The sheet's values; a DataError naming the row when a limit is passed.

    ``where`` names the file and sheet in messages.
    """
    data = SheetData()
    row_number = column = 0
    row: dict[int, str] = {}
    total = 0
    for tag, element in _events(source):
        if tag == _CELL:
            reference = element.get("r")
            column = _column(reference) if reference else column + 1
            text = cell_text(_value(element, styles))
            element.clear()
            if text is None or text == "":
                continue
            if column > MAX_COLUMNS or column < 1:
                raise DataError(f"{where} 第{row_number}行第{column}列有内容，超过读取上限 "
                                f"{MAX_COLUMNS} 列；台账只需十几列，请删去多余的列")
            if len(text) > MAX_CELL_CHARS:
                raise DataError(f"{where} 第{row_number}行第{column}列有 {len(text)} 个字符，"
                                f"超过 Excel 单元格上限 {MAX_CELL_CHARS}")
            total += len(text)
            if total > MAX_TEXT_CHARS:
                raise DataError(f"{where} 的文字合计超过 {MAX_TEXT_CHARS} 个字符，超过读取上限")
            row[column] = text
        elif tag == "row-start":
            number = element.get("r")
            row_number = int(float(number)) if number else row_number + 1
            if row_number > MAX_ROWS or row_number < 1:
                raise DataError(f"{where} 有第{row_number}行，超过读取上限 {MAX_ROWS} 行"
                                "（常见原因：整列设置了格式或有大量空行，请删去表格下方的空行）")
            row, column = {}, 0
        elif tag == _ROW:
            if row:
                width = max(row)
                data.rows[row_number] = [row.get(c) for c in range(1, width + 1)]
                row = {}
            column = 0
            _drop(element)
        else:
            _merge(element.get("ref") or "", data)
            element.clear()
    return data


def _drop(element: Any) -> None:
    """Free a finished row and the rows before it (lxml keeps finished siblings otherwise)."""
    element.clear()
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _merge(ref: str, data: SheetData) -> None:
    from openpyxl.utils.cell import range_boundaries

    if ":" not in ref:
        return
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if None not in (min_col, min_row, max_col, max_row):
        data.merges.append((min_col, min_row, max_col, max_row))  # type: ignore[arg-type]
