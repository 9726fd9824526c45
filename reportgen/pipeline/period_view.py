"""A recorded period seen whole: its figures, the comparison with the period before, its deadline
lights and its 督办 notices — what the web history page shows for the period a clerk selects.

Everything is read from the period store (``history``) and computed by the same analysis as
``reportgen stats --compare`` and ``reportgen duban``; this room only gathers and groups it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from reportgen.analysis.deadlines import LIGHTS, RowLight, light_counts
from reportgen.analysis.duban import IssuedNotice, item_key
from reportgen.analysis.stats import Stats, compute
from reportgen.errors import Problem
from reportgen.model import Item, Ledger
from reportgen.pipeline import history
from reportgen.pipeline.compare import compare_ledgers
from reportgen.pipeline.lights import ledger_lights, report_date

if TYPE_CHECKING:
    from reportgen.analysis.compare import Comparison

HISTORY_PERIODS = 6  # periods read for "lagging N periods in a row" (the selected one included)


@dataclass(frozen=True)
class ShareChange:
    """One status: its rows and whole-percent share last period and this period."""

    status: str
    before: int | None  # None: the previous period had no such status (or there is none)
    before_share: int | None
    after: int
    after_share: int

    @property
    def change(self) -> int | None:
        """The share's change in percentage points."""
        return None if self.before_share is None else self.after_share - self.before_share


@dataclass(frozen=True)
class UnitLights:
    """How many of one lead unit's rows carry each light."""

    unit: str
    red: int
    yellow: int
    green: int


@dataclass(frozen=True)
class NoticeLine:
    """A 督办 notice as the history page lists it: the items resolved against the period."""

    notice: IssuedNotice
    items: list[str]  # "序号 任务" of each item, or the stored key when the period lacks it


@dataclass
class PeriodDetail:
    """The selected period and everything the history page shows about it."""

    name: str
    ledger: Ledger
    stats: Stats
    previous: str | None
    comparison: Comparison | None
    shares: list[ShareChange]
    lights: list[RowLight]
    light_counts: dict[str, int]
    unit_lights: list[UnitLights]
    report_date: dt.date
    notices: list[NoticeLine]
    warnings: list[Problem] = field(default_factory=list)

    @property
    def flagged(self) -> list[RowLight]:
        """Rows with a red or yellow light, red first, in ledger order."""
        return sorted((r for r in self.lights if r.light != LIGHTS[-1]),
                      key=lambda r: LIGHTS.index(r.light))


def period_detail(name: str | None = None, db: str | None = None) -> PeriodDetail | None:
    """The detail of period ``name`` (default: the newest), or None when nothing is recorded."""
    names = [p.name for p in history.list_periods(db)]
    if not names:
        return None
    chosen = name if name is not None else names[-1]
    series = history.load_series(upto=chosen, count=HISTORY_PERIODS, db=db)
    current = series[-1]
    stats = compute(current, current.scale)
    comparison: Comparison | None = None
    warnings: list[Problem] = []
    previous: Ledger | None = series[-2] if len(series) > 1 else None
    if previous is not None:
        found = compare_ledgers(current, previous, history=series[:-2], scale=current.scale)
        comparison, warnings = found.comparison, list(found.warnings)
    date = report_date(None, current)
    row_lights, notes = ledger_lights(current, on=date, scale=current.scale, source=chosen)
    return PeriodDetail(
        name=chosen, ledger=current, stats=stats,
        previous=previous.period if previous is not None else None, comparison=comparison,
        shares=_shares(stats, compute(previous, previous.scale) if previous else None),
        lights=row_lights, light_counts=light_counts(row_lights),
        unit_lights=_unit_lights(row_lights), report_date=date,
        notices=notice_lines(history.period_notices(chosen, db), current),
        warnings=warnings + notes)


def unrecorded_notices(db: str | None = None) -> list[NoticeLine]:
    """Notices whose period was never recorded under that name (a 督办 set built from a ledger
    whose 期次 differs from the name it was recorded as): listed so that none goes unseen."""
    recorded = {p.name for p in history.list_periods(db)}
    return notice_lines([n for n in history.period_notices(None, db) if n.period not in recorded],
                        Ledger())


def _shares(now: Stats, before: Stats | None) -> list[ShareChange]:
    earlier = {s.name: s for s in before.by_status} if before else {}
    result = []
    for entry in now.by_status:
        old = earlier.get(entry.name)
        result.append(ShareChange(entry.name, old.count if old else None,
                                  old.share if old else None, entry.count, entry.share))
    return result


def _unit_lights(row_lights: list[RowLight]) -> list[UnitLights]:
    """Per lead unit, in order of first appearance; units with red rows first."""
    counts: dict[str, dict[str, int]] = {}
    for light in row_lights:
        unit = light.row.lead_unit or light.item.lead_unit or "（未写单位）"
        counts.setdefault(unit, dict.fromkeys(LIGHTS, 0))[light.light] += 1
    red, yellow, green = LIGHTS
    rows = [UnitLights(unit, c[red], c[yellow], c[green]) for unit, c in counts.items()]
    return sorted(rows, key=lambda u: (-u.red, -u.yellow))


def _item_text(item: Item) -> str:
    return f"{item.seq} {item.task}" if item.seq else item.task


def notice_lines(notices: list[IssuedNotice], ledger: Ledger) -> list[NoticeLine]:
    """Each notice with its items named as the period's ledger names them."""
    by_key: dict[str, Item] = {}
    for item in ledger.items:
        by_key.setdefault(item_key(item), item)
    lines = []
    for notice in notices:
        names = [_item_text(by_key[k]) if k in by_key else k.split(":", 1)[-1]
                 for k in notice.item_keys]
        lines.append(NoticeLine(notice, names))
    return lines
