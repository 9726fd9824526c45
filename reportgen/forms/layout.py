"""Find the columns of a returned form again after a unit inserted, moved or renamed some.

The hidden key column is found by its header (or its tokens); the other columns by their header
text as split wrote it; a column whose header was renamed by its place between the columns
that were found. What moved, was renamed or was added is described for the merge report.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from openpyxl.utils import get_column_letter

from reportgen.forms.keys import KEY_TITLE, FormHeader, FormKeyError, parse_token

COLUMN_NAMES = {"seq": "序号", "task": "工作任务", "unit": "牵头单位", "person": "责任人",
                "progress": "进展情况", "status": "完成情况"}
REQUIRED = ("progress", "status")


@dataclass
class FormLayout:
    """Where things are in the returned sheet, and what the unit changed about the columns."""

    header_row: int
    key_column: int
    columns: dict[str, int]  # column key → column number now
    titles: dict[int, str]  # column number → header text now
    notes: list[str] = field(default_factory=list)


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def _key_cell(rows: list[tuple[Any, ...]], header: FormHeader) -> tuple[int, int]:
    """(row, column) of the key column's header; by its tokens if the header cell is gone."""
    hits: dict[int, int] = {}
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values, start=1):
            if _text(value) == KEY_TITLE:
                return r, c
            parsed = parse_token(value)
            if parsed and parsed[0] == header.form_id:
                hits[c] = hits.get(c, 0) + 1
    if not hits:
        raise FormKeyError("隐藏的对应关系列已被删除，无法确认各行对应台账中的哪一项")
    column = max(hits, key=lambda c: hits[c])
    first = next(r for r, values in enumerate(rows, start=1)
                 if len(values) >= column and parse_token(values[column - 1]))
    return first - 1, column


def locate(rows: list[tuple[Any, ...]], header: FormHeader) -> FormLayout:
    """The layout of a returned form sheet (its rows as values); FormKeyError if unusable."""
    header_row, key_column = _key_cell(rows, header)
    values = rows[header_row - 1] if 0 < header_row <= len(rows) else ()
    titles = {c: _text(v) for c, v in enumerate(values, start=1) if c != key_column}
    layout = FormLayout(header_row, key_column, {}, titles)
    order = sorted(header.columns, key=lambda k: header.columns[k])
    for key in order:  # 1. by the header text split wrote
        found = [c for c, t in titles.items() if t and t == header.titles.get(key)]
        if len(found) == 1 and found[0] not in layout.columns.values():
            layout.columns[key] = found[0]
    _by_place(layout, order, key_column)  # 2. renamed headers, by their neighbours
    used = set(layout.columns.values())
    added = [c for c, title in titles.items() if c not in used and title]
    gone = [header.columns[k] for k in order if k not in layout.columns]
    for key in order:
        name = COLUMN_NAMES.get(key, key)
        was = header.columns[key]
        now = layout.columns.get(key)
        if now is None:
            if key in REQUIRED:
                raise FormKeyError(f"找不到“{header.titles.get(key) or name}”列（被删除，或表头被改且"
                                   "位置也变了），无法合并")
            layout.notes.append(f"找不到“{header.titles.get(key) or name}”列（已删除？）")
            continue
        # A column pushed along by an inserted or deleted column has not been moved by itself.
        shifted = was + sum(1 for c in added if c < now) - sum(1 for c in gone if c < was)
        if now != shifted:
            layout.notes.append(f"“{name}”列由 {get_column_letter(was)} 列移到 "
                                f"{get_column_letter(now)} 列")
        if titles.get(now, "") != header.titles.get(key, ""):
            layout.notes.append(f"表头“{header.titles.get(key, '')}”改为“{titles.get(now, '')}”")
    for column in added:
        layout.notes.append(f"新增列“{titles[column]}”（{get_column_letter(column)} 列，未合并）")
    return layout


def _by_place(layout: FormLayout, order: list[str], key_column: int) -> None:
    """Give keys still without a column the unclaimed columns between their found neighbours.

    Only when the count matches: as many unclaimed, non-empty-headed columns between two found
    columns as keys missing between them (a renamed header). Otherwise the key stays unplaced.
    """
    index = 0
    while index < len(order):
        if order[index] in layout.columns:
            index += 1
            continue
        start = index
        while index < len(order) and order[index] not in layout.columns:
            index += 1
        missing = order[start:index]
        low = layout.columns[order[start - 1]] if start > 0 else 0
        high = layout.columns[order[index]] if index < len(order) else key_column
        used = set(layout.columns.values())
        free = [c for c in range(low + 1, high) if c not in used and c != key_column
                and layout.titles.get(c)]
        if len(free) == len(missing):
            layout.columns.update(zip(missing, free, strict=True))
