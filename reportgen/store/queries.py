"""Queries of the period store: each takes an open Session; the caller begins and commits.

Periods go in and come out as plain ``Ledger`` objects (reportgen.model), so analysis never
sees a session. Inserts are bulk (one statement per table), so a 5,000-row period is a
handful of round trips.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from reportgen.model import Item, Ledger, Status, StatusScale, UnitRow
from reportgen.store.errors import NoticeNumberTakenError, PeriodExistsError, PeriodNotFoundError
from reportgen.store.tables import (
    items,
    notice_numbers,
    notices,
    period_statuses,
    periods,
    unit_rows,
)

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}
_HALF = {"上": 6, "下": 12}


@dataclass(frozen=True)
class PeriodInfo:
    """One recorded period with its counts, as ``history`` lists them."""

    name: str
    title: str
    report_date: dt.date | None
    recorded_at: dt.datetime  # UTC
    source: str | None
    items: int
    unit_rows: int
    by_status: dict[str, int] = field(default_factory=dict)  # in scale order; "" = no status


@dataclass(frozen=True)
class StoredRow:
    """One unit row of one period, with its item, for a task's or a unit's history."""

    period: str
    item_key: str | None
    seq: str | None
    task: str
    unit: str | None
    status: str | None
    has_progress: bool


def period_end(name: str) -> dt.date | None:
    """The last day a period name like 2022年8-10月, 2022年第三季度, 2022年上半年 covers."""
    match = re.search(r"(\d{4})\s*年", name)
    if not match:
        return None
    year, rest = int(match.group(1)), name[match.end():]
    month = 12
    if found := re.match(r"\s*(?:\d{1,2}\s*[-—~至到]\s*)?(\d{1,2})\s*月", rest):
        month = int(found.group(1))
    elif found := re.match(r"\s*第?([一二三四1-4])\s*季", rest):
        quarter = found.group(1)
        month = 3 * (_CN_DIGITS.get(quarter) or int(quarter))
    elif found := re.match(r"\s*([上下])半年", rest):
        month = _HALF[found.group(1)]
    if not 1 <= month <= 12:
        return None
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def sort_date(name: str, ledger: Ledger, recorded_at: dt.datetime) -> dt.date:
    """Periods are ordered by the end of the period their name states, else their dates."""
    return period_end(name) or ledger.date or recorded_at.date()


def period_id(session: Session, name: str) -> int | None:
    return session.scalar(select(periods.c.id).where(periods.c.name == name))


def record_period(session: Session, ledger: Ledger, name: str, source: str | None,
                  replace: bool = False, now: dt.datetime | None = None) -> None:
    """Store ``ledger`` as period ``name``; an existing period of that name is replaced only
    when ``replace`` is set (inside the caller's transaction, so it stays until the commit)."""
    existing = period_id(session, name)
    if existing is not None:
        if not replace:
            raise PeriodExistsError(f"期次“{name}”已经记录过；要用这份台账替换它")
        session.execute(delete(periods).where(periods.c.id == existing))
    recorded = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    try:
        new_id = session.execute(insert(periods).returning(periods.c.id), {
            "name": name, "title": ledger.title, "report_date": ledger.date,
            "sort_date": sort_date(name, ledger, recorded), "recorded_at": recorded,
            "source": source}).scalar_one()
    except IntegrityError:
        raise PeriodExistsError(f"期次“{name}”刚被另一个程序记录；要替换它") from None
    session.execute(insert(period_statuses), [
        {"period_id": new_id, "position": i, "name": s.name, "color": s.color, "fill": s.fill,
         "weak": s.weak, "lagging": s.lagging} for i, s in enumerate(ledger.scale.statuses)])
    if not ledger.items:
        return
    item_ids = session.execute(
        insert(items).returning(items.c.id, sort_by_parameter_order=True),
        [{"period_id": new_id, "position": i, "item_key": item.id, "seq": item.seq,
          "section": item.section, "task": item.task, "target": item.target,
          "deadline": item.deadline, "notes": item.notes}
         for i, item in enumerate(ledger.items)]).scalars().all()
    session.execute(insert(unit_rows), [
        {"item_id": item_id, "position": j, "unit": row.unit, "person": row.person,
         "progress": row.progress, "status": row.status}
        for item_id, item in zip(item_ids, ledger.items, strict=True)
        for j, row in enumerate(item.rows)])


def delete_period(session: Session, name: str) -> None:
    """Remove a period and everything under it."""
    if period_id(session, name) is None:
        raise PeriodNotFoundError(f"没有记录过期次“{name}”")
    session.execute(delete(periods).where(periods.c.name == name))


def period_names(session: Session) -> list[str]:
    """Every recorded period, oldest first."""
    return list(session.scalars(select(periods.c.name)
                                .order_by(periods.c.sort_date, periods.c.id)))


def load_period(session: Session, name: str) -> Ledger:
    """The ledger recorded as period ``name``, exactly as it was recorded (period = name)."""
    head = session.execute(select(periods).where(periods.c.name == name)).first()
    if head is None:
        known = period_names(session)
        hint = "；已记录：" + "、".join(known[-6:]) if known else "；还没有记录任何期次"
        raise PeriodNotFoundError(f"没有记录过期次“{name}”{hint}")
    scale = StatusScale(statuses=tuple(
        Status(name=s.name, color=s.color, fill=s.fill, weak=s.weak, lagging=s.lagging)
        for s in session.execute(select(period_statuses)
                                 .where(period_statuses.c.period_id == head.id)
                                 .order_by(period_statuses.c.position))))
    rows_by_item: dict[int, list[UnitRow]] = {}
    query = (select(unit_rows.c.item_id, unit_rows.c.unit, unit_rows.c.person,
                    unit_rows.c.progress, unit_rows.c.status)
             .join(items, items.c.id == unit_rows.c.item_id)
             .where(items.c.period_id == head.id)
             .order_by(items.c.position, unit_rows.c.position))
    for r in session.execute(query):
        rows_by_item.setdefault(r.item_id, []).append(
            UnitRow(unit=r.unit, person=r.person, progress=r.progress, status=r.status))
    ledger_items = [
        Item(id=r.item_key, seq=r.seq, section=r.section, task=r.task, target=r.target,
             deadline=r.deadline, notes=r.notes, rows=rows_by_item[r.id])
        for r in session.execute(select(items).where(items.c.period_id == head.id)
                                 .order_by(items.c.position))]
    return Ledger(title=head.title, period=head.name, date=head.report_date, scale=scale,
                  items=ledger_items)


def names_before(session: Session, name: str, ledger: Ledger) -> list[str]:
    """The periods before ``name`` in period order, oldest first; ``name`` need not be recorded
    yet (it is then placed by the date its name states, else the ledger's date, else today)."""
    names = period_names(session)
    if name in names:
        return names[:names.index(name)]
    end = sort_date(name, ledger, dt.datetime.now())
    return list(session.scalars(select(periods.c.name).where(periods.c.sort_date < end)
                                .order_by(periods.c.sort_date, periods.c.id)))


def neighbour(session: Session, name: str, offset: int) -> str | None:
    """The period ``offset`` places after ``name`` in period order (negative: before)."""
    names = period_names(session)
    if name not in names:
        raise PeriodNotFoundError(f"没有记录过期次“{name}”")
    index = names.index(name) + offset
    return names[index] if 0 <= index < len(names) else None


def list_periods(session: Session) -> list[PeriodInfo]:
    """Every period, oldest first, with its item, unit-row and per-status counts."""
    item_counts: dict[int, int] = {pid: count for pid, count in session.execute(
        select(items.c.period_id, func.count()).group_by(items.c.period_id))}
    status_counts: dict[int, Counter[str]] = {}
    query = (select(items.c.period_id, unit_rows.c.status, func.count())
             .join(items, items.c.id == unit_rows.c.item_id)
             .group_by(items.c.period_id, unit_rows.c.status))
    for pid, status, count in session.execute(query):
        status_counts.setdefault(pid, Counter())[status or ""] += count
    scales: dict[int, list[str]] = {}
    for pid, status_name in session.execute(
            select(period_statuses.c.period_id, period_statuses.c.name)
            .order_by(period_statuses.c.period_id, period_statuses.c.position)):
        scales.setdefault(pid, []).append(status_name)
    result = []
    for p in session.execute(select(periods).order_by(periods.c.sort_date, periods.c.id)):
        counts = status_counts.get(p.id, Counter())
        order = [*scales.get(p.id, []), *sorted(set(counts) - set(scales.get(p.id, [])))]
        result.append(PeriodInfo(
            p.name, p.title, p.report_date, p.recorded_at, p.source, item_counts.get(p.id, 0),
            sum(counts.values()), {s: counts[s] for s in order if counts[s]}))
    return result


@dataclass(frozen=True)
class StoredTask:
    """One item of one period, as task matching needs it."""

    item_id: int
    period: str
    position: int  # index in the period's ledger
    item_key: str | None
    task: str


def stored_tasks(session: Session) -> list[StoredTask]:
    """Every item of every period (its id, place, stable key and text), without the unit rows."""
    query = (select(items.c.id, periods.c.name, items.c.position, items.c.item_key, items.c.task)
             .join(periods, periods.c.id == items.c.period_id))
    return [StoredTask(r.id, r.name, r.position, r.item_key, r.task)
            for r in session.execute(query)]


def stored_rows(session: Session, unit_like: str | None = None,
                item_ids: Collection[int] | None = None) -> list[StoredRow]:
    """Unit rows in period and ledger order: those whose unit cell contains ``unit_like``, or
    those of the items ``item_ids``: the raw material of a unit's or a task's history."""
    query = (select(periods.c.name, items.c.item_key, items.c.seq, items.c.task,
                    unit_rows.c.unit, unit_rows.c.status, unit_rows.c.progress)
             .join(items, items.c.period_id == periods.c.id)
             .join(unit_rows, unit_rows.c.item_id == items.c.id)
             .order_by(periods.c.sort_date, periods.c.id, items.c.position, unit_rows.c.position))
    if unit_like is not None:
        escaped = unit_like.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(unit_rows.c.unit.like(f"%{escaped}%", escape="\\"))
    if item_ids is not None:
        query = query.where(items.c.id.in_(sorted(item_ids)))
    return [StoredRow(r.name, r.item_key, r.seq, r.task, r.unit, r.status,
                      bool(r.progress and r.progress.strip()))
            for r in session.execute(query)]


def next_notice_number(session: Session, year: int) -> int:
    """The next unused 督办 notice number of ``year`` (1 for a year without any)."""
    highest = session.scalar(select(func.max(notice_numbers.c.number))
                             .where(notice_numbers.c.year == year))
    return (highest or 0) + 1


def record_notice_number(session: Session, year: int, number: int,
                         document: str | None = None, now: dt.datetime | None = None) -> None:
    """Mark 督办〔year〕number号 as issued; a number already issued raises, never repeats."""
    taken = session.scalar(select(notice_numbers.c.number).where(
        notice_numbers.c.year == year, notice_numbers.c.number == number))
    if taken is not None or number < 1:
        raise NoticeNumberTakenError(f"督办〔{year}〕{number}号 已经用过（或不是正整数）；"
                                     f"下一个可用编号是 {next_notice_number(session, year)} 号")
    issued = now or dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    try:
        session.execute(insert(notice_numbers), {"year": year, "number": number,
                                                 "issued_at": issued, "document": document})
    except IntegrityError:
        raise NoticeNumberTakenError(f"督办〔{year}〕{number}号 刚被另一个程序用掉") from None


def issued_numbers(session: Session, year: int) -> Sequence[int]:
    """The notice numbers issued in ``year``, ascending."""
    return session.scalars(select(notice_numbers.c.number).where(notice_numbers.c.year == year)
                           .order_by(notice_numbers.c.number)).all()




@dataclass(frozen=True)
class StoredNotice:
    """A 督办 notice as sent: its number, unit, period, level and the items it covered."""

    year: int
    number: int
    label: str
    unit: str
    period: str
    level: str
    item_keys: tuple[str, ...]
    due: dt.date | None = None  # the 办理时限 (None for notices recorded before revision 4)


def _stored_notices(rows: Sequence[Any]) -> list[StoredNotice]:
    return [StoredNotice(r.year, r.number, r.label, r.unit, r.period, r.level,
                         tuple(json.loads(r.item_keys)), r.due) for r in rows]


def issued_notices(session: Session, year: int) -> list[StoredNotice]:
    """The notices sent in ``year``, in number order."""
    return _stored_notices(session.execute(select(notices).where(notices.c.year == year)
                                           .order_by(notices.c.number)).all())


def period_notices(session: Session, period: str | None = None) -> list[StoredNotice]:
    """The notices recorded for ``period`` (every notice when None), in year and number order."""
    query = select(notices).order_by(notices.c.year, notices.c.number)
    if period is not None:
        query = query.where(notices.c.period == period)
    return _stored_notices(session.execute(query).all())


def record_notices(session: Session, period: str, year: int,
                   sent: Sequence[StoredNotice]) -> None:
    """Keep ``sent`` as the notices of ``period``, replacing an earlier build of that period.

    A number the period used before stays issued (never reused); a new number is issued here.
    """
    session.execute(delete(notices).where(notices.c.year == year, notices.c.period == period))
    taken = set(issued_numbers(session, year))
    for notice in sent:
        if notice.number not in taken:
            record_notice_number(session, year, notice.number, f"{notice.label} {notice.unit}")
    if sent:
        session.execute(insert(notices), [
            {"year": n.year, "number": n.number, "label": n.label, "unit": n.unit,
             "period": n.period, "level": n.level, "due": n.due,
             "item_keys": json.dumps(list(n.item_keys), ensure_ascii=False)} for n in sent])
