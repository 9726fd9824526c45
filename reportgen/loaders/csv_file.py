"""The CSV ledger reader: encoding detection (UTF-8, GBK/GB18030, UTF-16), comma or tab.

Quotes are read strictly: a quote that never closes would swallow the rest of the file into
one cell, so it is an error naming the line where it opened. Records are counted against
text lines; when a record spans lines that look like whole rows (a quote that closed much
later than meant), a warning gives both counts and the lines.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from reportgen.errors import DataError, ProblemList
from reportgen.loaders.raw import RawLedger
from reportgen.loaders.tabular import TableRow, read_table
from reportgen.loaders.textfile import read_text


def _delimiter(text: str) -> str:
    head = text[:4000]
    return "\t" if head.count("\t") > head.count(",") else ","


def open_quote_line(text: str, first_line: int, delimiter: str) -> int | None:
    """The line of the quote that is still open at the end of ``text`` (a record's source
    starting on ``first_line``), read as the csv module does; None if every quote closes."""
    line = first_line
    opened: int | None = None
    at_field_start = True
    index = 0
    while index < len(text):
        char = text[index]
        if opened is None:
            if char == '"' and at_field_start:
                opened = line
            at_field_start = char in (delimiter, "\n", "\r")
        elif char == '"':
            if text.startswith('""', index):
                index += 1
            else:
                opened = None
                at_field_start = False
        if char == "\n":
            line += 1
        index += 1
    return opened


def read_rows(path: Path, problems: ProblemList | None = None) -> list[TableRow]:
    """The file's records as table rows, numbered from 1 as a spreadsheet shows them."""
    text = read_text(path, "台账")
    delimiter = _delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[TableRow] = []
    swallowed: list[tuple[int, int, int]] = []  # record number, first and last text line
    start = 1
    try:
        for number, cells in enumerate(reader, 1):
            rows.append(TableRow(number, list(cells)))
            if reader.line_num > start and _holds_rows(cells, delimiter):
                swallowed.append((number, start, reader.line_num))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise _quote_error(path, text, start, reader.line_num, delimiter, exc) from None
    if swallowed and problems is not None:
        number, first, last = swallowed[0]
        problems.add(f"文件有 {reader.line_num} 个文本行，读出 {len(rows)} 行记录：文本第{first}–{last}行"
                     "被读成了一行，其单元格里像是夹着整行数据（常见原因：引号没有闭合）；"
                     "请检查这些行的引号", number, warning=True)
    return rows


def _holds_rows(cells: list[str], delimiter: str) -> bool:
    """A multi-line cell whose later lines hold several delimiters: swallowed records."""
    enough = max(2, len(cells) // 2)
    return any(line.count(delimiter) >= enough
               for cell in cells if "\n" in cell for line in cell.split("\n")[1:])


def _quote_error(path: Path, text: str, start: int, end: int, delimiter: str,
                 exc: csv.Error) -> DataError:
    lines = text.splitlines(keepends=True)
    record = "".join(lines[start - 1:end])
    opened = open_quote_line(record, start, delimiter)
    total = len(lines)
    if opened is not None and end >= total:
        return DataError(f"CSV 文件 {path} 文本第{opened}行的引号没有闭合：从这里到文件末尾（第{total}行）"
                         "会被读成一个单元格。请在该行补上配对的英文双引号“\"”，或删去多余的引号")
    where = f"文本第{opened}行起的引号" if opened is not None else f"文本第{end}行"
    detail = str(exc)
    if "expected after" in detail:
        detail = "引号闭合后应紧跟分隔符或换行"
    elif "field larger than field limit" in detail:
        detail = f"单元格超过 {csv.field_size_limit()} 个字符（常见原因：引号没有闭合）"
    return DataError(f"CSV 文件 {path} 格式有误（{where}）：{detail}。引号内的文字应整体用一对英文双引号括起，"
                     "文字中的双引号写成两个（\"\"）")


def read_csv(path: Path, problems: ProblemList) -> RawLedger:
    """Read a CSV ledger into raw items."""
    return read_table(read_rows(path, problems), path, problems)
