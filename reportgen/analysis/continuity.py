"""Which unit row continues which across periods, and what follows over many periods.

Lagging streaks per row and per lead unit, rows without new progress two periods running, each
unit's worst status period by period. Pure functions of ledgers and their item matches.
"""
from __future__ import annotations

from dataclasses import dataclass

from reportgen.analysis.matching import MatchResult
from reportgen.model import Item, Ledger, StatusScale, UnitRow

RowRef = tuple[int, int]  # (item index, row index) within one ledger


@dataclass(frozen=True)
class Streak:
    """A unit, or one unit row of an item, lagging ``periods`` periods in a row up to now."""

    unit: str | None
    periods: int
    item: Item | None = None
    row: UnitRow | None = None


def _lead(row: UnitRow) -> str | None:
    """The row's lead unit; a plain name (no separator can be alphanumeric) skips the split."""
    text = row.unit.strip() if row.unit else ""
    return text if text.isalnum() else row.lead_unit


def row_units(ledger: Ledger) -> list[list[str | None]]:
    """The lead unit of every unit row (the item's lead where the row names none), per item."""
    result: list[list[str | None]] = []
    for item in ledger.items:
        names = [_lead(row) for row in item.rows]
        lead = next((n for n in names if n), None)
        result.append([n or lead for n in names])
    return result


def row_links(match: MatchResult, before: list[list[str | None]] | None = None,
              after: list[list[str | None]] | None = None) -> dict[RowRef, list[RowRef]]:
    """For every current unit row, the previous unit rows it continues.

    Within linked items rows pair by lead unit (the k-th row of a unit with the k-th, or the
    unit's last); two single-row items pair whatever their units. ``before`` and ``after`` are
    the ledgers' ``row_units``, when the caller has them already.
    """
    before = before if before is not None else row_units(match.previous)
    after = after if after is not None else row_units(match.current)
    back: dict[RowRef, list[RowRef]] = {}
    for c, units in enumerate(after):
        sources = match.predecessors(c)
        if not sources:
            continue
        if len(sources) == 1 and before[sources[0]] == units:  # same units, same order
            p = sources[0]
            for r in range(len(units)):
                back[(c, r)] = [(p, r)]
            continue
        seen: dict[str | None, int] = {}
        for r, unit in enumerate(units):
            nth = seen.get(unit, 0)
            seen[unit] = nth + 1
            found: list[RowRef] = []
            for p in sources:
                same = [i for i, name in enumerate(before[p]) if name == unit]
                if same:
                    found.append((p, same[min(nth, len(same) - 1)]))
                elif len(before[p]) == 1 and len(units) == 1:
                    found.append((p, 0))
            if found:
                back[(c, r)] = found
    return back


def _rank(scale: StatusScale) -> dict[str, int]:
    return {name: i for i, name in enumerate(scale.names)}


def _progress_key(row: UnitRow) -> str:
    """Progress text for "the same as last period": copied word for word (outer spaces aside)."""
    return (row.progress or "").strip()


def row_chains(timeline: list[Ledger], matches: list[MatchResult], lagging: frozenset[str],
                units: list[list[list[str | None]]],
                ) -> tuple[dict[RowRef, int], list[RowRef]]:
    """Lagging streak of every current row, and the current rows stalled two periods running.

    A row has no new progress when it reports none, or the same text as a row it continues;
    only the last three periods matter for that, so progress texts are read only there.
    """
    streak: dict[RowRef, int] = {}
    for c, item in enumerate(timeline[0].items):
        for r, row in enumerate(item.rows):
            streak[(c, r)] = int(row.status in lagging)
    quiet: dict[RowRef, bool] = {}
    texts: dict[RowRef, str] = {}
    watch = len(timeline) - 3  # the period before the one before the current
    if watch <= 0:
        texts = {(c, r): _progress_key(row) for c, item in enumerate(timeline[0].items)
                 for r, row in enumerate(item.rows)}
        quiet = {ref: not text for ref, text in texts.items()}
    stalled: list[RowRef] = []
    for index, (ledger, match) in enumerate(zip(timeline[1:], matches, strict=True)):
        back = row_links(match, units[index], units[index + 1])
        new_streak: dict[RowRef, int] = {}
        new_quiet: dict[RowRef, bool] = {}
        new_texts: dict[RowRef, str] = {}
        read = index + 1 >= watch
        stalled = []
        for c, item in enumerate(ledger.items):
            for r, row in enumerate(item.rows):
                ref = (c, r)
                sources = back.get(ref, ())
                if row.status in lagging:
                    new_streak[ref] = 1 + max((streak[s] for s in sources), default=0)
                else:
                    new_streak[ref] = 0
                if not read:
                    continue
                text = new_texts[ref] = _progress_key(row)
                now_quiet = not text or any(text == texts.get(s) for s in sources)
                new_quiet[ref] = now_quiet
                if now_quiet and any(quiet.get(s, False) for s in sources):
                    stalled.append(ref)
        streak, quiet, texts = new_streak, new_quiet, new_texts
    return streak, stalled


def unit_history(timeline: list[Ledger], scale: StatusScale,
                  units: list[list[list[str | None]]]) -> dict[str, list[str | None]]:
    """The worst status of each lead unit per period (None where it has no rated row).

    Units are listed in the order of the current ledger, then units that left, in their order.
    """
    rank = _rank(scale)
    worst: list[dict[str, str]] = []
    for ledger, names in zip(timeline, units, strict=True):
        period: dict[str, str] = {}
        for item, item_units in zip(ledger.items, names, strict=True):
            for row, unit in zip(item.rows, item_units, strict=True):
                if unit and row.status in rank and (
                        unit not in period or rank[row.status] > rank[period[unit]]):
                    period[unit] = row.status
        worst.append(period)
    order: dict[str, None] = {}
    for names in [units[-1], *units[:-1]]:
        for item_units in names:
            for unit in item_units:
                if unit:
                    order.setdefault(unit, None)
    return {unit: [period.get(unit) for period in worst] for unit in order}


def unit_streaks(history: dict[str, list[str | None]], lagging: frozenset[str],
                  n: int) -> list[Streak]:
    """Units whose worst status was lagging in the last ``n`` or more periods, longest first."""
    found: list[Streak] = []
    for unit, statuses in history.items():
        count = 0
        for status in reversed(statuses):
            if status not in lagging:
                break
            count += 1
        if count >= n:
            found.append(Streak(unit, count))
    order = {s.unit: i for i, s in enumerate(found)}
    return sorted(found, key=lambda s: (-s.periods, order[s.unit]))
