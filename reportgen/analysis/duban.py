"""督办 selection: which unit gets a notice for which items, its number, level and deadline.

Pure functions of the model. A unit row is *selected* when it meets any of the configured rules
(a lagging status, a red deadline light, no progress, lagging several periods in a row); the
notice goes to the row's lead unit, as the statistics count it. Earlier notices, read from the
period history by the caller, decide the level: a unit whose item was already under 督办 gets a
催办通知 citing the earlier number, and an item under 督办 for the third time is listed for the
bulletin's 通报批评 paragraph.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from reportgen.model import Item, Ledger, StatusScale, UnitRow

DUBAN = "督办"
CUIBAN = "催办"


@dataclass(frozen=True)
class Selection:
    """The rules that put a unit row under 督办; any one of them is enough."""

    statuses: tuple[str, ...] | None = None  # None: the scale's lagging statuses (滞后)
    lights: tuple[str, ...] = ()  # deadline lights, e.g. ("红",)
    no_progress: bool = False
    lagging_periods: int | None = None  # lagging this many periods in a row (with history)


@dataclass(frozen=True)
class IssuedNotice:
    """A notice sent in an earlier build, as the history remembers it."""

    number: str  # 督办〔2022〕3号
    year: int
    seq: int
    unit: str
    period: str
    level: str  # 督办 or 催办
    item_keys: tuple[str, ...]
    due: dt.date | None = None  # its 办理时限, when the history kept it


@dataclass
class NoticeItem:
    """One task listed in a notice, with the addressed unit's rows and the item's other units."""

    item: Item
    rows: list[UnitRow]
    role: str  # 主办 (the unit leads the item) or 协办
    partners: list[str]  # the item's other units
    reasons: list[str]
    key: str
    earlier: list[IssuedNotice] = field(default_factory=list)


@dataclass
class Notice:
    """One 督办通知单 (or 催办通知) to one unit."""

    unit: str
    items: list[NoticeItem]
    level: str = DUBAN
    number: str = ""
    seq: int = 0
    cited: list[str] = field(default_factory=list)  # earlier numbers a 催办 cites
    due: dt.date | None = None

    @property
    def item_keys(self) -> tuple[str, ...]:
        return tuple(entry.key for entry in self.items)


_SPACE = re.compile(r"[\s\u3000，,。；;、：:“”\"'（）()]+")


def item_key(item: Item) -> str:
    """The key that follows an item across periods: its stable id, else its normalised task."""
    if item.id:
        return f"id:{item.id}"
    return "task:" + _SPACE.sub("", item.task)


def _row_key(item: Item, unit: str) -> tuple[str, str]:
    return (item_key(item), unit)


def select(
    ledger: Ledger,
    scale: StatusScale,
    rule: Selection,
    lights: Mapping[tuple[str, str], str] | None = None,
    streaks: Mapping[tuple[str, str], int] | None = None,
) -> list[Notice]:
    """The notices of this period, one per unit with at least one selected row, in ledger order.

    ``lights`` maps (item key, unit) to the row's deadline light; ``streaks`` maps the same key
    to the number of periods in a row the unit has been lagging on the item (this one included).
    """
    statuses = set(rule.statuses if rule.statuses is not None
                   else (s.name for s in scale.statuses if s.lagging))
    notices: dict[str, Notice] = {}
    for item in ledger.items:
        lead = item.lead_unit
        for row in item.rows:
            unit = row.lead_unit or lead
            if not unit:
                continue
            reasons = _reasons(item, row, unit, statuses, rule, lights or {}, streaks or {})
            if not reasons:
                continue
            notice = notices.setdefault(unit, Notice(unit=unit, items=[]))
            entry = next((e for e in notice.items if e.item is item), None)
            if entry is None:
                partners = [u for r in item.rows for u in r.units if u != unit]
                entry = NoticeItem(item=item, rows=[], role="主办" if unit == lead else "协办",
                                   partners=list(dict.fromkeys(partners)), reasons=[],
                                   key=item_key(item))
                notice.items.append(entry)
            entry.rows.append(row)
            entry.reasons.extend(r for r in reasons if r not in entry.reasons)
    return list(notices.values())


def _reasons(item: Item, row: UnitRow, unit: str, statuses: set[str], rule: Selection,
             lights: Mapping[tuple[str, str], str],
             streaks: Mapping[tuple[str, str], int]) -> list[str]:
    reasons = []
    if row.status in statuses:
        reasons.append(f"进展{row.status}")
    light = lights.get(_row_key(item, unit))
    if light and light in rule.lights:
        reasons.append(f"预警{light}灯")
    if rule.no_progress and not row.has_progress:
        reasons.append("未报送进展")
    streak = streaks.get(_row_key(item, unit), 0)
    if rule.lagging_periods and streak >= rule.lagging_periods:
        reasons.append(f"连续{streak}期滞后")
    return reasons


def escalate(notices: Sequence[Notice], earlier: Sequence[IssuedNotice],
             repeat_limit: int = 3) -> list[tuple[str, Item]]:
    """Set each notice's level from the earlier notices; the (unit, item) pairs to criticise.

    A notice is a 催办通知 when any of its items was in an earlier notice to the same unit; it
    cites those numbers. An item under 督办 for the ``repeat_limit``-th time (this one included)
    is returned for the bulletin's 通报批评 paragraph.
    """
    criticise: list[tuple[str, Item]] = []
    for notice in notices:
        cited: list[str] = []
        for entry in notice.items:
            entry.earlier = [n for n in earlier
                             if n.unit == notice.unit and entry.key in n.item_keys]
            cited.extend(n.number for n in entry.earlier if n.number not in cited)
            if len(entry.earlier) + 1 >= repeat_limit:
                criticise.append((notice.unit, entry.item))
        if cited:
            notice.level = CUIBAN
            notice.cited = cited
    return criticise


def number_notices(notices: Sequence[Notice], year: int, first: int, prefix: str = DUBAN,
                   kept: Mapping[str, IssuedNotice] | None = None) -> None:
    """Number the notices in order: 督办〔2022〕1号, 督办〔2022〕2号, …

    ``kept`` maps a unit to the notice it already got for this same period (a rebuild): that
    unit keeps its number, and the others continue after ``first``.
    """
    following = first
    for notice in notices:
        earlier = (kept or {}).get(notice.unit)
        if earlier is not None:
            notice.seq = earlier.seq
        else:
            notice.seq = following
            following += 1
        notice.number = f"{prefix}〔{year}〕{notice.seq}号"


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start``; working days are Monday to Friday.

    Chinese public holidays and adjusted working weekends are not taken into account.
    """
    if days < 0:
        raise ValueError("days must not be negative")
    date = start
    remaining = days
    while remaining:
        date += dt.timedelta(days=1)
        if date.weekday() < 5:
            remaining -= 1
    return date


def set_due_dates(notices: Sequence[Notice], start: dt.date, days: int) -> None:
    """Every notice's 办理时限: ``days`` working days after ``start``."""
    due = add_working_days(start, days)
    for notice in notices:
        notice.due = due


LightFunction = Callable[[Item, UnitRow], str | None]


def lights_by_key(ledger: Ledger, light_of: LightFunction) -> dict[tuple[str, str], str]:
    """The deadline light of every unit row, keyed as ``select`` expects."""
    lights: dict[tuple[str, str], str] = {}
    for item in ledger.items:
        for row in item.rows:
            unit = row.lead_unit or item.lead_unit
            light = light_of(item, row)
            if unit and light:
                lights[_row_key(item, unit)] = light
    return lights


def lagging_streaks(history: Sequence[Ledger], scale: StatusScale) -> dict[tuple[str, str], int]:
    """Periods in a row, ending with the last ledger of ``history``, each unit lagged on an item.

    ``history`` is in time order, the current period last. Items are matched by ``item_key``.
    """
    lagging = {s.name for s in scale.statuses if s.lagging}
    streaks: dict[tuple[str, str], int] = {}
    for index, ledger in enumerate(history):
        now: set[tuple[str, str]] = set()
        for item in ledger.items:
            for row in item.rows:
                unit = row.lead_unit or item.lead_unit
                if unit and row.status in lagging:
                    now.add(_row_key(item, unit))
        streaks = {key: (streaks.get(key, 0) + 1 if index else 1) for key in now}
    return streaks


def repeatedly_urged(ledger: Ledger, issued: Sequence[IssuedNotice],
                     times: int) -> list[tuple[str, Item, list[str]]]:
    """(unit, item, notice numbers) for each item of ``ledger`` that a unit got ``times`` or
    more notices for, in ledger order: the bulletin's 通报批评 list."""
    found: list[tuple[str, Item, list[str]]] = []
    for item in ledger.items:
        key = item_key(item)
        units: dict[str, list[str]] = {}
        for notice in issued:
            if key in notice.item_keys:
                units.setdefault(notice.unit, []).append(notice.number)
        found.extend((unit, item, numbers) for unit, numbers in units.items()
                     if len(numbers) >= times)
    return found
