"""One worksheet's XML streamed into table rows, within the row, column and text limits.

openpyxl's own cell reader pads every row to the sheet's dimension (which a file may claim is
XFD1048576) and builds a whole ``<row>`` before anyone can count its cells. This reader feeds
the sheet's XML to an lxml parser target (no tree is built; no DTD, entities or network),
ignores the dimension, keeps only cells that hold a value, and stops at the first limit.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import IO, Any

from reportgen.errors import DataError
from reportgen.loaders.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_TEXT_CHARS

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _CELL, _VALUE = f"{_NS}row", f"{_NS}c", f"{_NS}v"
_TEXT, _MERGE, _FORMULA = f"{_NS}t", f"{_NS}mergeCell", f"{_NS}f"
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


class _SheetTarget:
    """lxml parser target: receives start/end/data events and builds no tree at all, so no
    element of a hostile sheet (a million hyperlinks, a huge extension) stays in memory."""

    def __init__(self, styles: Styles, where: str, formulas: bool = False) -> None:
        self.styles = styles
        self.where = where
        self.formulas = formulas  # keep a formula's text for a cell without a cached value
        self.formula: list[str] = []
        self.in_formula = False
        self.sheet = SheetData()
        self.row_number = self.column = self.total = 0
        self.row: dict[int, str] = {}
        self.kind = self.style = ""
        self.parts: list[str] = []
        self.size = 0
        self.collect = False  # inside <v>, or a <t> of an inline string (not a phonetic one)
        self.phonetic = False

    def start(self, tag: str, attrib: Any) -> None:
        if tag == _CELL:
            reference = attrib.get("r")
            self.column = _column(reference) if reference else self.column + 1
            self.kind, self.style = attrib.get("t", "n"), attrib.get("s", "")
            self.parts, self.size, self.formula = [], 0, []
        elif tag == _FORMULA and self.formulas:
            self.in_formula = True
        elif tag == _VALUE or (tag == _TEXT and self.kind == "inlineStr" and not self.phonetic):
            self.collect = True
        elif tag == _PHONETIC:
            self.phonetic = True
        elif tag == _ROW:
            number = attrib.get("r")
            self.row_number = int(float(number)) if number else self.row_number + 1
            if self.row_number > MAX_ROWS or self.row_number < 1:
                raise DataError(f"{self.where} 有第{self.row_number}行，超过读取上限 {MAX_ROWS} 行"
                                "（常见原因：整列设置了格式或有大量空行，请删去表格下方的空行）")
            self.row, self.column = {}, 0
        elif tag == _MERGE:
            _merge(attrib.get("ref") or "", self.sheet)

    def data(self, text: str) -> None:
        if self.in_formula:
            self.size += len(text)
            if self.size > MAX_CELL_CHARS:
                self.too_long(self.size)
            self.formula.append(text)
        elif self.collect:
            self.size += len(text)
            if self.size > MAX_CELL_CHARS:
                self.too_long(self.size)
            self.parts.append(text)

    def end(self, tag: str) -> None:
        if tag in (_VALUE, _TEXT):
            self.collect = False
        elif tag == _FORMULA:
            self.in_formula = False
        elif tag == _PHONETIC:
            self.phonetic = False
        elif tag == _CELL:
            self.cell()
        elif tag == _ROW and self.row:
            width = max(self.row)
            self.sheet.rows[self.row_number] = [self.row.get(c) for c in range(1, width + 1)]
            self.row = {}

    def close(self) -> SheetData:
        return self.sheet

    def too_long(self, size: int) -> None:
        raise DataError(f"{self.where} 第{self.row_number}行第{self.column}列有 {size} 个以上字符，"
                        f"超过 Excel 单元格上限 {MAX_CELL_CHARS}")

    def cell(self) -> None:
        raw = "".join(self.parts)
        if not raw and self.formula:  # a formula never calculated: its text, as Excel shows it
            text: str | None = "=" + "".join(self.formula)
        else:
            text = cell_text(self.value(raw))
        if not text:
            return
        if self.column > MAX_COLUMNS or self.column < 1:
            raise DataError(f"{self.where} 第{self.row_number}行第{self.column}列有内容，超过读取"
                            f"上限 {MAX_COLUMNS} 列；台账只需十几列，请删去多余的列")
        if len(text) > MAX_CELL_CHARS:
            self.too_long(len(text))
        self.total += len(text)
        if self.total > MAX_TEXT_CHARS:
            raise DataError(f"{self.where} 的文字合计超过 {MAX_TEXT_CHARS} 个字符，超过读取上限")
        self.row[self.column] = text

    def value(self, text: str) -> Any:
        kind = self.kind
        if kind == "inlineStr":
            return text or None
        if not text:
            return None
        if kind == "s":
            return self.styles.shared_strings[int(text)]
        if kind == "b":
            return text.strip() not in ("0", "false")
        if kind in ("str", "e", "d"):
            return text
        return _number(text.strip(), int(self.style) if self.style else 0, self.styles)


def read_sheet(source: IO[bytes], styles: Styles, where: str,
               formulas: bool = False) -> SheetData:
    """The sheet's values; a DataError naming the row when a limit is passed.

    ``where`` names the file and sheet in messages. With ``formulas``, a formula cell that has
    no cached value (a file written by a program, never opened in Excel) reads as "=" and the
    formula's text instead of as empty.
    """
    from lxml import etree

    target = _SheetTarget(styles, where, formulas)
    parser = etree.XMLParser(target=target, resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True)
    while chunk := source.read(64 * 1024):
        parser.feed(chunk)
    data: SheetData = parser.close()
    return data


def _merge(ref: str, data: SheetData) -> None:
    from openpyxl.utils.cell import range_boundaries

    if ":" not in ref:
        return
    min_col, min_row, max_col, max_row = range_boundaries(ref)
    if None not in (min_col, min_row, max_col, max_row):
        data.merges.append((min_col, min_row, max_col, max_row))  # type: ignore[arg-type]
