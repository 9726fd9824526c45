"""The hidden key sheet of a fill-in form: which ledger row each form row is, and what was sent.

split writes it, collect reads it. Each form row records the item and unit-row index in the
ledger, the 序号, a hash of the task text (to notice a unit editing it) and hashes of the
progress and status as sent (to notice the office changing the ledger meanwhile).
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from openpyxl.workbook.workbook import Workbook

KEY_SHEET = "_reportgen_key"
MAGIC = "reportgen-form"
VERSION = 1
UNASSIGNED = "未分配"
KEY_HEADER = ["form_row", "item_task_row", "item_index", "row_index", "seq", "task_hash",
              "progress_hash", "status", "unit"]


def digest(text: str | None) -> str:
    """A short, stable hash of a text; None and blank text hash alike."""
    normal = (text or "").strip().replace("\r\n", "\n")
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class FormKey:
    """One form row's link back to the ledger."""

    form_row: int
    item_task_row: int  # the form row holding the item's (merged) task cell
    item_index: int
    row_index: int
    seq: str | None
    task_hash: str
    progress_hash: str
    status: str | None
    unit: str | None


@dataclass(frozen=True)
class FormHeader:
    """What the whole form is: whose, from which ledger, where the columns are."""

    unit: str
    title: str
    period: str
    columns: dict[str, int]  # column key → column number in the form sheet
    sheet: str


def write_keys(workbook: Workbook, header: FormHeader, keys: list[FormKey]) -> None:
    """Add the key sheet, very hidden so it does not show in Excel's unhide list."""
    ws = workbook.create_sheet(KEY_SHEET)
    ws.append([MAGIC, VERSION, header.unit, header.title, header.period, header.sheet])
    ws.append([f"{key}={col}" for key, col in header.columns.items()])
    ws.append(KEY_HEADER)
    for key in keys:
        ws.append([key.form_row, key.item_task_row, key.item_index, key.row_index, key.seq,
                   key.task_hash, key.progress_hash, key.status, key.unit])
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    ws.sheet_state = "veryHidden"
    ws.protection.sheet = True


def read_keys(workbook: Workbook) -> tuple[FormHeader, list[FormKey]] | None:
    """The header and keys of a returned form, or None if it carries no (valid) key sheet."""
    if KEY_SHEET not in workbook.sheetnames:
        return None
    rows = [list(r) for r in workbook[KEY_SHEET].iter_rows(values_only=True)]
    if len(rows) < 3 or not rows[0] or rows[0][0] != MAGIC:
        return None
    first = rows[0] + [None] * 6
    columns: dict[str, int] = {}
    for entry in rows[1]:
        if isinstance(entry, str) and "=" in entry:
            name, _, number = entry.partition("=")
            if number.isdigit():
                columns[name] = int(number)
    header = FormHeader(unit=_text(first[2]) or UNASSIGNED, title=_text(first[3]) or "",
                        period=_text(first[4]) or "", columns=columns,
                        sheet=_text(first[5]) or "")
    keys: list[FormKey] = []
    for values in rows[3:]:
        cells = values + [None] * 9
        try:
            keys.append(FormKey(int(cells[0]), int(cells[1]), int(cells[2]), int(cells[3]),
                                _text(cells[4]), str(cells[5]), str(cells[6]),
                                _text(cells[7]), _text(cells[8])))
        except (TypeError, ValueError):
            continue
    return header, keys


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    text = str(value)
    return text if text else None
