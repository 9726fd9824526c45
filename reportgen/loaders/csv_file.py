"""The CSV ledger reader: encoding detection (UTF-8, GBK/GB18030, UTF-16), comma or tab."""
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


def read_rows(path: Path) -> list[TableRow]:
    """The file's records as table rows, numbered from 1 as a spreadsheet shows them."""
    text = read_text(path, "台账")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        return [TableRow(number, list(cells)) for number, cells in enumerate(reader, 1)]
    except csv.Error as exc:
        raise DataError(f"CSV 文件 {path} 格式有误（第{reader.line_num}行）：{exc}") from None


def read_csv(path: Path, problems: ProblemList) -> RawLedger:
    """Read a CSV ledger into raw items."""
    return read_table(read_rows(path), path, problems)
