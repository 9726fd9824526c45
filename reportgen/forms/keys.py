"""The hidden keys of a fill-in form: which ledger row each form row is, and what was sent.

split writes them, collect reads them. Two parts travel with a form:

- a very hidden key sheet: whose form it is (unit, ledger title and period), where each column
  was and what its header said, and per form row the ledger item and unit-row index, the 序号,
  a hash of the task text (to notice a unit editing it) and hashes of the progress and status
  as sent (to notice the office changing the ledger meanwhile); a checksum over all of it;
- a hidden column in the form sheet holding, in every data row, a token naming that row's key
  (``RG2:<form id>:<number>:<check>``). The token moves with its row when a unit sorts, deletes
  or inserts rows, and with its column when a unit inserts columns, so collect matches rows by
  key, not by position.

A key sheet whose checksum fails, or a token whose check fails, is a FormKeyError: the form (or
the row) is refused and reported, never merged by guesswork.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from reportgen.errors import DataError

KEY_SHEET = "_reportgen_key"
MAGIC = "reportgen-form"
VERSION = 2
UNASSIGNED = "未分配"
KEY_TITLE = "reportgen-key"  # header cell of the hidden token column
KEY_HEADER = ["number", "form_row", "item_index", "row_index", "seq", "task_hash",
              "progress_hash", "status", "unit", "item_id"]
_TOKEN = re.compile(r"^RG2:([0-9a-f]{12}):(\d{1,7}):([0-9a-f]{8})$")


class FormKeyError(DataError):
    """A returned form's hidden key is missing, damaged or altered; nothing of it is guessed."""


def digest(text: str | None) -> str:
    """A short, stable hash of a text; None and blank text hash alike."""
    normal = (text or "").strip().replace("\r\n", "\n")
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class FormKey:
    """One form row's link back to the ledger."""

    number: int  # 1, 2, … in the order split wrote the rows
    form_row: int  # the sheet row split wrote it in (the unit may have moved it since)
    item_index: int
    row_index: int
    seq: str | None
    task_hash: str
    progress_hash: str
    status: str | None
    unit: str | None
    item_id: str | None = None  # the ledger's stable task id (id / 任务ID), when it has one


@dataclass(frozen=True)
class FormHeader:
    """What the whole form is: whose, from which ledger, where the columns and their headers were."""

    unit: str
    title: str
    period: str
    columns: dict[str, int]  # column key → column number in the form sheet, as written
    sheet: str
    form_id: str = ""  # a hash naming this form; set by write_keys
    titles: dict[str, str] = field(default_factory=dict)  # column key → header text
    header_row: int = 0
    key_column: int = 0


def form_id(header: FormHeader) -> str:
    """A 12-hex-digit identity of one unit's form of one ledger period."""
    return hashlib.sha256(json.dumps([header.unit, header.title, header.period],
                                     ensure_ascii=False).encode("utf-8")).hexdigest()[:12]


def _check(form: str, key: FormKey) -> str:
    text = f"{form}:{key.number}:{key.item_index}:{key.row_index}:{key.task_hash}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def token(form: str, key: FormKey) -> str:
    """The text of a row's hidden key cell."""
    return f"RG2:{form}:{key.number}:{_check(form, key)}"


def parse_token(value: Any) -> tuple[str, int, str] | None:
    """(form id, key number, check) of a key cell, or None when the cell holds no token."""
    if not isinstance(value, str):
        return None
    match = _TOKEN.match(value.strip())
    return (match.group(1), int(match.group(2)), match.group(3)) if match else None


def verify_token(value: Any, header: FormHeader, keys: dict[int, FormKey]) -> FormKey:
    """The key a token names; FormKeyError if it belongs to another form or fails its check."""
    parsed = parse_token(value)
    if parsed is None:
        raise FormKeyError(f"隐藏的对应关系单元格已被改动（“{str(value)[:40]}”）")
    form, number, check = parsed
    if form != header.form_id:
        raise FormKeyError("该行来自另一份填报表（隐藏的对应关系属于别的单位或别的一期）")
    key = keys.get(number)
    if key is None or _check(form, key) != check:
        raise FormKeyError("隐藏的对应关系单元格已被改动，无法确认该行对应台账中的哪一项")
    return key


def _rows(header: FormHeader, keys: list[FormKey]) -> list[list[Any]]:
    layout = {"columns": header.columns, "titles": header.titles,
              "header_row": header.header_row, "key_column": header.key_column}
    rows: list[list[Any]] = [
        [MAGIC, VERSION, header.unit, header.title, header.period, header.sheet, header.form_id],
        [json.dumps(layout, ensure_ascii=False, sort_keys=True)],
        list(KEY_HEADER)]
    for key in keys:
        rows.append([key.number, key.form_row, key.item_index, key.row_index, key.seq,
                     key.task_hash, key.progress_hash, key.status, key.unit, key.item_id])
    return rows


def _checksum(rows: list[list[Any]]) -> str:
    normal = [[_text(v) or "" for v in row] for row in rows]
    while normal and not any(normal[-1]):
        normal.pop()
    for row in normal:
        while row and not row[-1]:
            row.pop()
    text = json.dumps(normal, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_keys(workbook: Workbook, ws: Worksheet, header: FormHeader,
               keys: list[FormKey]) -> FormHeader:
    """Add the key sheet (very hidden) and the hidden token column of ``ws``; return the header."""
    from openpyxl.utils import get_column_letter

    header = FormHeader(header.unit, header.title, header.period, header.columns, header.sheet,
                        form_id(header), header.titles, header.header_row, header.key_column)
    key_sheet = workbook.create_sheet(KEY_SHEET)
    rows = _rows(header, keys)
    for row in rows:
        key_sheet.append(row)
    key_sheet.append(["checksum", _checksum(rows)])
    for row in key_sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    key_sheet.sheet_state = "veryHidden"
    key_sheet.protection.sheet = True
    ws.cell(header.header_row, header.key_column, KEY_TITLE)
    for key in keys:
        ws.cell(key.form_row, header.key_column, token(header.form_id, key))
    ws.column_dimensions[get_column_letter(header.key_column)].hidden = True
    return header


def read_keys(workbook: Workbook) -> tuple[FormHeader, list[FormKey]] | None:
    """The header and keys of a form opened with openpyxl; None when it has no key sheet.

    Raises FormKeyError when the key sheet is there but damaged or altered. collect reads
    returned forms through the loaders' limits instead and calls ``keys_from_rows``.
    """
    if KEY_SHEET not in workbook.sheetnames:
        return None
    return keys_from_rows([list(r) for r in workbook[KEY_SHEET].iter_rows(values_only=True)])


def keys_from_rows(rows: list[list[Any]]) -> tuple[FormHeader, list[FormKey]]:
    """The header and keys from the key sheet's rows (values or their texts).

    Raises FormKeyError when the key sheet is damaged or altered.
    """
    rows = [list(r) for r in rows]
    while rows and not any(v is not None for v in rows[-1]):
        rows.pop()
    if len(rows) < 4 or not rows[0] or rows[0][0] != MAGIC:
        raise FormKeyError("隐藏的对应关系表已损坏")
    if _text(rows[0][1] if len(rows[0]) > 1 else None) != str(VERSION):
        version = rows[0][1] if len(rows[0]) > 1 else None
        raise FormKeyError(f"填报表由另一版本的 reportgen 生成（格式 {version}），请重新拆分下发")
    last = rows[-1]
    if not last or last[0] != "checksum" or len(last) < 2 or \
            _checksum(rows[:-1]) != _text(last[1]):
        raise FormKeyError("隐藏的对应关系表已被改动（校验和不符），无法确认各行对应台账中的哪一项")
    first = rows[0] + [None] * 7
    try:
        layout = json.loads(str(rows[1][0]))
        columns = {str(k): int(v) for k, v in layout["columns"].items()}
        titles = {str(k): str(v) for k, v in layout["titles"].items()}
        header = FormHeader(unit=_text(first[2]) or UNASSIGNED, title=_text(first[3]) or "",
                            period=_text(first[4]) or "", columns=columns,
                            sheet=_text(first[5]) or "", form_id=_text(first[6]) or "",
                            titles=titles, header_row=int(layout["header_row"]),
                            key_column=int(layout["key_column"]))
        keys = []
        for values in rows[3:-1]:
            cells = values + [None] * 10
            keys.append(FormKey(int(cells[0]), int(cells[1]), int(cells[2]), int(cells[3]),
                                _text(cells[4]), str(cells[5]), str(cells[6]),
                                _text(cells[7]), _text(cells[8]), _text(cells[9])))
    except (TypeError, ValueError, KeyError, IndexError, AttributeError):
        raise FormKeyError("隐藏的对应关系表已损坏") from None
    return header, keys


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text else None
