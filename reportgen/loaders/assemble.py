"""Validation shared by all loaders: from cleaned raw items to the Ledger model.

Checks statuses against the scale, tasks, empty rows, duplicate 序号 and dates, applies the
unit alias table, and collects every problem instead of stopping at the first.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from pydantic import ValidationError

from reportgen.errors import ProblemList, validation_message
from reportgen.loaders.clean import clean_line, clean_units
from reportgen.loaders.fields import FIELD_LABELS
from reportgen.loaders.raw import Cell, RawItem, RawLedger, RawRow
from reportgen.model import DEFAULT_SCALE, Item, Ledger, Status, StatusScale, UnitRow

_DATE = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?")


def parse_date(text: str) -> dt.date | None:
    """A date written 2022-11-12, 2022/11/12, 2022.11.12 or 2022年11月12日; None if not one."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def normalise_aliases(aliases: dict[str, str] | None) -> dict[str, str]:
    """The alias table with its names cleaned like unit cells are."""
    return {clean_units(k): clean_units(v) for k, v in (aliases or {}).items() if k and v}


def apply_aliases(unit: str | None, aliases: dict[str, str]) -> str | None:
    """Each name of a (joint) unit cell replaced by its canonical name."""
    if not unit or not aliases:
        return unit
    return " ".join(aliases.get(name, name) for name in unit.split(" "))


def _label(cell: Cell | None, field: str) -> str:
    return cell.label if cell else FIELD_LABELS.get(field, field)


def _scale_from(raw: RawLedger, problems: ProblemList) -> StatusScale:
    value = raw.scale
    if value is None:
        return DEFAULT_SCALE
    entries: list[Any] = value if isinstance(value, list) else [value]
    try:
        statuses = tuple(
            Status(name=clean_line(e)) if isinstance(e, str) else Status.model_validate(e)
            for e in entries
        )
        return StatusScale(statuses=statuses)
    except (ValidationError, TypeError) as exc:
        detail = (validation_message(exc.errors()[0]) if isinstance(exc, ValidationError)
                  else str(exc))
        problems.add(f"状态等级写法不对：{detail}。应是名称列表，如 [积极, 正常, 一般, 滞后]，"
                     "或带 name/color/fill/weak/lagging 的映射列表", raw.scale_where, "status_scale")
        return DEFAULT_SCALE


def _check_status(row: RawRow, scale: StatusScale, problems: ProblemList) -> str | None:
    status = row.get("status")
    if status is None or scale.get(status) is not None:
        return status
    cell = row.cells["status"]
    problems.add(f"完成情况“{status}”不在状态等级中；可用的有：{'、'.join(scale.names)}"
                 "（也可留空）", cell.where, cell.label)
    return None


def _build_rows(raw: RawItem, scale: StatusScale, aliases: dict[str, str],
                problems: ProblemList) -> list[UnitRow]:
    rows: list[UnitRow] = []
    for row in raw.rows:
        if len(raw.rows) > 1 and not (row.get("unit") or row.get("progress") or row.get("status")):
            problems.add("该行既无责任单位，也无进展情况和完成情况", row.where,
                         FIELD_LABELS["unit"])
            continue
        unit = apply_aliases(row.get("unit"), aliases)
        if unit != row.get("unit"):  # never renamed silently
            cell = row.cells["unit"]
            problems.add(f"单位名称按 unit_aliases 改写：“{row.get('unit')}” → “{unit}”",
                         cell.where, cell.label, warning=True)
        rows.append(UnitRow(
            unit=unit,
            person=row.get("person"),
            progress=row.get("progress"),
            status=_check_status(row, scale, problems),
        ))
    return rows or [UnitRow()]


def build_ledger(
    raw: RawLedger,
    problems: ProblemList,
    *,
    scale: StatusScale | None = None,
    aliases: dict[str, str] | None = None,
    unique_seq: bool = False,
) -> Ledger:
    """Validate raw items into a Ledger; problems are added to ``problems``, not raised."""
    scale = scale or _scale_from(raw, problems)
    table = normalise_aliases(aliases)
    date = None
    if raw.date:
        date = parse_date(raw.date)
        if date is None:
            problems.add(f"日期“{raw.date}”无法识别，应写成 2022-11-12 或 2022年11月12日",
                         raw.date_where, "date")
    if not raw.items:
        problems.add("台账中没有任何事项")
    items: list[Item] = []
    first_seq: dict[str, int | str | None] = {}
    for raw_item in raw.items:
        task = raw_item.get("task")
        cell = raw_item.cells.get("task")
        if not task and not (cell and cell.invalid):
            problems.add("缺少工作任务", cell.where if cell else raw_item.where,
                         _label(cell, "task"))
        seq = raw_item.get("seq")
        if seq is not None:
            seq_cell = raw_item.cells["seq"]
            if seq in first_seq:
                first = first_seq[seq]
                where = f"第{first}行" if isinstance(first, int) else str(first)
                hint = "" if unique_seq else "；如是不同事项请改正序号（配置 unique_seq: true 时为错误）"
                problems.add(f"序号“{seq}”重复（已用于 {where}）{hint}", seq_cell.where,
                             seq_cell.label, warning=not unique_seq)
            else:
                first_seq[seq] = seq_cell.where
        rows = _build_rows(raw_item, scale, table, problems)
        try:
            items.append(Item(
                id=raw_item.get("id"), seq=seq, section=raw_item.get("section"), task=task or "",
                target=raw_item.get("target"), deadline=raw_item.get("deadline"),
                notes=raw_item.get("notes"), rows=rows,
            ))
        except ValidationError as exc:  # pragma: no cover - the checks above come first
            problems.add(f"事项无效：{exc.errors()[0]['msg']}", raw_item.where)
    return Ledger(title=raw.title or "", period=raw.period, date=date, scale=scale, items=items,
                  notes=list(raw.notes))
