"""This period against the last (and a chosen earlier one): what was added, what moved, who lags.

Pure functions of ledgers; the history (older periods, oldest first) is passed in, never read
here. Counts are over unit rows ("项"), like the bulletin's statistics. Status order comes from
the scale: an earlier grade is better, so 滞后 → 正常 is an improvement.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.analysis.matching import Candidate, Decisions, MatchResult, match_items, normalise
from reportgen.model import Item, Ledger, StatusScale, UnitRow

RowRef = tuple[int, int]  # (item index, row index) within one ledger

IMPROVED, SLIPPED, UNCHANGED, NEW, UNRATED = "improved", "slipped", "unchanged", "new", "unrated"


@dataclass(frozen=True)
class RowMove:
    """One current unit row and how its status moved since the previous period."""

    item: Item
    row: UnitRow
    unit: str | None  # lead unit of the row
    before: str | None  # previous status (the worst of its predecessors' rows), None if new
    after: str | None
    move: str  # improved, slipped, unchanged, new (no predecessor), unrated (status off scale)


@dataclass(frozen=True)
class UnitMove:
    """Per lead unit: how many of its rows improved, slipped or stayed, and its lagging rows."""

    unit: str
    improved: int
    slipped: int
    unchanged: int
    new: int
    lagging_before: int
    lagging_after: int


@dataclass(frozen=True)
class Streak:
    """A unit, or one unit row of an item, lagging ``periods`` periods in a row up to now."""

    unit: str | None
    periods: int
    item: Item | None = None
    row: UnitRow | None = None


@dataclass
class PeriodDiff:
    """The current ledger against one earlier ledger."""

    previous_label: str
    current_label: str
    added: list[Item]
    removed: list[Item]
    moves: list[RowMove]
    per_unit: list[UnitMove]
    matching: MatchResult
    lagging_names: frozenset[str] = frozenset()
    scale_names: tuple[str, ...] = ()  # status order, best first

    def _of(self, kind: str) -> list[RowMove]:
        return [m for m in self.moves if m.move == kind]

    @property
    def improved(self) -> list[RowMove]:
        return self._of(IMPROVED)

    @property
    def slipped(self) -> list[RowMove]:
        return self._of(SLIPPED)

    @property
    def unchanged(self) -> list[RowMove]:
        return self._of(UNCHANGED)

    @property
    def newly_lagging(self) -> list[RowMove]:
        """Rows lagging now that were not lagging before (rows of new tasks included)."""
        return [m for m in self.moves if m.after in self.lagging_names
                and m.before not in self.lagging_names]

    @property
    def recovered(self) -> list[RowMove]:
        """Rows lagging before and no longer lagging now."""
        return [m for m in self.moves if m.before in self.lagging_names
                and m.after is not None and m.after not in self.lagging_names]


@dataclass
class Comparison:
    """Everything templates, ``stats --compare`` and the xlsx 对比 sheet need."""

    labels: list[str]  # period labels, oldest first, the current last
    previous: PeriodDiff
    earlier: PeriodDiff | None
    lag_periods: int
    lagging_units: list[Streak]  # units lagging at least lag_periods periods in a row
    lagging_rows: list[Streak]  # unit rows lagging at least lag_periods periods in a row
    stalled: list[RowMove]  # rows without new progress this period and the one before
    unit_history: dict[str, list[str | None]] = field(default_factory=dict)  # worst per period
    status_history: list[dict[str, int]] = field(default_factory=list)  # counts per period

    @property
    def pending(self) -> list[Candidate]:
        """Doubtful matches with the previous period that wait for the user's decision."""
        return self.previous.matching.pending

    @property
    def sentences(self) -> list[str]:
        return comparison_sentences(self)

    @property
    def paragraph(self) -> str:
        """The comparison in plain official Chinese, for the bulletin."""
        return "".join(self.sentences)

    def to_json(self) -> dict[str, Any]:
        """JSON-ready figures for ``reportgen stats --compare --json``."""
        diff = self.previous
        return {
            "periods": self.labels,
            "added": [_item_json(i) for i in diff.added],
            "removed": [_item_json(i) for i in diff.removed],
            "improved": len(diff.improved), "slipped": len(diff.slipped),
            "unchanged": len(diff.unchanged),
            "newly_lagging": len(diff.newly_lagging), "recovered": len(diff.recovered),
            "per_unit": [u.__dict__ for u in diff.per_unit],
            "lag_periods": self.lag_periods,
            "lagging_units": [{"unit": s.unit, "periods": s.periods} for s in self.lagging_units],
            "lagging_rows": [{"unit": s.unit, "periods": s.periods,
                              "task": s.item.task if s.item else None}
                             for s in self.lagging_rows],
            "stalled": [{"unit": m.unit, "task": m.item.task} for m in self.stalled],
            "pending": [{"previous": diff.matching.previous.items[c.previous].task,
                         "current": diff.matching.current.items[c.current].task,
                         "score": c.score, "reason": c.reason} for c in self.pending],
            "earlier": None if self.earlier is None else {
                "period": self.earlier.previous_label,
                "improved": len(self.earlier.improved), "slipped": len(self.earlier.slipped)},
            "paragraph": self.paragraph,
        }


def _item_json(item: Item) -> dict[str, Any]:
    return {"id": item.id, "seq": item.seq, "task": item.task, "unit": item.lead_unit}


def _label(ledger: Ledger, fallback: str) -> str:
    return ledger.period or ledger.title or fallback


def row_links(match: MatchResult) -> dict[RowRef, list[RowRef]]:
    """For every current unit row, the previous unit rows it continues.

    Within linked items rows pair by lead unit (the k-th row of a unit with the k-th, or the
    unit's last); two single-row items pair whatever their units.
    """
    back: dict[RowRef, list[RowRef]] = {}
    for c, item in enumerate(match.current.items):
        sources = match.predecessors(c)
        if not sources:
            continue
        seen: dict[str | None, int] = {}
        for r, row in enumerate(item.rows):
            unit = row.lead_unit or item.lead_unit
            nth = seen.get(unit, 0)
            seen[unit] = nth + 1
            found: list[RowRef] = []
            for p in sources:
                prev = match.previous.items[p]
                same = [i for i, pr in enumerate(prev.rows)
                        if (pr.lead_unit or prev.lead_unit) == unit]
                if same:
                    found.append((p, same[min(nth, len(same) - 1)]))
                elif len(prev.rows) == 1 and len(item.rows) == 1:
                    found.append((p, 0))
            if found:
                back[(c, r)] = found
    return back


def _rank(scale: StatusScale) -> dict[str, int]:
    return {name: i for i, name in enumerate(scale.names)}


def diff(previous: Ledger, current: Ledger, scale: StatusScale | None = None,
         decisions: Decisions | None = None, match: MatchResult | None = None) -> PeriodDiff:
    """The current ledger against ``previous``: added and removed items, row and unit moves."""
    scale = scale or current.scale
    rank = _rank(scale)
    lagging = frozenset(s.name for s in scale.statuses if s.lagging)
    match = match or match_items(previous, current, decisions)
    back = row_links(match)
    moves: list[RowMove] = []
    for c, item in enumerate(current.items):
        for r, row in enumerate(item.rows):
            sources = back.get((c, r), [])
            before_all = [previous.items[p].rows[pr].status for p, pr in sources]
            rated = [s for s in before_all if s in rank]
            before = max(rated, key=rank.__getitem__) if rated else (
                before_all[0] if before_all else None)
            moves.append(RowMove(item, row, row.lead_unit or item.lead_unit, before, row.status,
                                 _move(sources, before, row.status, rank)))
    return PeriodDiff(
        previous_label=_label(previous, "上期"), current_label=_label(current, "本期"),
        added=[current.items[i] for i in match.added],
        removed=[previous.items[i] for i in match.removed],
        moves=moves, per_unit=_per_unit(moves, previous, lagging), matching=match,
        lagging_names=lagging, scale_names=tuple(scale.names))


def _move(sources: list[RowRef], before: str | None, after: str | None,
          rank: dict[str, int]) -> str:
    if not sources:
        return NEW
    if before not in rank or after not in rank:
        return UNRATED
    if rank[after] < rank[before]:
        return IMPROVED
    return SLIPPED if rank[after] > rank[before] else UNCHANGED


def _per_unit(moves: list[RowMove], previous: Ledger, lagging: frozenset[str]) -> list[UnitMove]:
    counts: dict[str, dict[str, int]] = {}
    for m in moves:
        if not m.unit:
            continue
        bucket = counts.setdefault(m.unit, {IMPROVED: 0, SLIPPED: 0, UNCHANGED: 0, NEW: 0,
                                            UNRATED: 0, "after": 0, "before": 0})
        bucket[m.move] += 1
        bucket["after"] += m.after in lagging
    for item, row in previous.rows:
        unit = row.lead_unit or item.lead_unit
        if unit in counts and row.status in lagging:
            counts[unit]["before"] += 1
    return [UnitMove(unit, b[IMPROVED], b[SLIPPED], b[UNCHANGED], b[NEW], b["before"], b["after"])
            for unit, b in counts.items()]


def compare(current: Ledger, previous: Ledger, *, history: Sequence[Ledger] = (),
            earlier: Ledger | None = None, scale: StatusScale | None = None,
            decisions: Decisions | None = None, lag_periods: int = 2) -> Comparison:
    """Compare ``current`` with ``previous``; ``history`` holds older periods, oldest first.

    ``earlier`` is a chosen earlier period (e.g. the first of the year) for a second diff;
    ``lag_periods`` is N in "lagging N periods in a row". The same ``decisions`` (the user's
    matches file) apply to every pair of consecutive periods.
    """
    if lag_periods < 1:
        raise ValueError("lag_periods must be at least 1")
    scale = scale or current.scale
    timeline = [*history, previous, current]
    matches = [match_items(a, b, decisions) for a, b in zip(timeline, timeline[1:], strict=False)]
    main = diff(previous, current, scale, match=matches[-1])
    lagging = frozenset(s.name for s in scale.statuses if s.lagging)
    row_streaks, stalled_refs = _row_chains(timeline, matches, lagging)
    lagging_rows = [Streak(row.lead_unit or item.lead_unit, row_streaks[(c, r)], item, row)
                    for c, item in enumerate(current.items) for r, row in enumerate(item.rows)
                    if row_streaks[(c, r)] >= lag_periods]
    moves = {(c, r): m for (c, r), m in zip(
        [(c, r) for c, item in enumerate(current.items) for r in range(len(item.rows))],
        main.moves, strict=True)}
    unit_history = _unit_history(timeline, scale)
    return Comparison(
        labels=[_label(ledger, f"第{i + 1}期") for i, ledger in enumerate(timeline)],
        previous=main,
        earlier=diff(earlier, current, scale, decisions) if earlier is not None else None,
        lag_periods=lag_periods,
        lagging_units=_unit_streaks(unit_history, lagging, lag_periods),
        lagging_rows=lagging_rows,
        stalled=[moves[ref] for ref in stalled_refs],
        unit_history=unit_history,
        status_history=[{name: sum(1 for _, row in ledger.rows if row.status == name)
                         for name in scale.names} for ledger in timeline],
    )


def _row_chains(timeline: list[Ledger], matches: list[MatchResult], lagging: frozenset[str],
                ) -> tuple[dict[RowRef, int], list[RowRef]]:
    """Lagging streak of every current row, and the current rows stalled two periods running.

    A row has no new progress when it reports none, or the same text as a row it continues.
    """
    first = timeline[0]
    streak: dict[RowRef, int] = {}
    quiet: dict[RowRef, bool] = {}
    for c, item in enumerate(first.items):
        for r, row in enumerate(item.rows):
            streak[(c, r)] = int(row.status in lagging)
            quiet[(c, r)] = not row.has_progress
    stalled: list[RowRef] = []
    for ledger, match in zip(timeline[1:], matches, strict=True):
        back = row_links(match)
        prev_items = match.previous.items
        new_streak: dict[RowRef, int] = {}
        new_quiet: dict[RowRef, bool] = {}
        stalled = []
        for c, item in enumerate(ledger.items):
            for r, row in enumerate(item.rows):
                sources = back.get((c, r), [])
                before = max((streak[s] for s in sources), default=0)
                new_streak[(c, r)] = before + 1 if row.status in lagging else 0
                text = normalise(row.progress or "")
                same = any(text == normalise(prev_items[p].rows[pr].progress or "")
                           for p, pr in sources)
                now_quiet = not row.has_progress or same
                new_quiet[(c, r)] = now_quiet
                if now_quiet and any(quiet[s] for s in sources):
                    stalled.append((c, r))
        streak, quiet = new_streak, new_quiet
    return streak, stalled


def _unit_history(timeline: list[Ledger], scale: StatusScale) -> dict[str, list[str | None]]:
    """The worst status of each lead unit per period (None where it has no rated row).

    Units are listed in the order of the current ledger, then units that left, in their order.
    """
    rank = _rank(scale)
    worst: list[dict[str, str]] = []
    order: dict[str, None] = {}
    for ledger in timeline:
        period: dict[str, str] = {}
        for item, row in ledger.rows:
            unit = row.lead_unit or item.lead_unit
            if not unit:
                continue
            if row.status in rank and (unit not in period
                                       or rank[row.status] > rank[period[unit]]):
                period[unit] = row.status
        worst.append(period)
    for item, row in timeline[-1].rows:
        unit = row.lead_unit or item.lead_unit
        if unit:
            order.setdefault(unit, None)
    for ledger in timeline[:-1]:
        for item, row in ledger.rows:
            unit = row.lead_unit or item.lead_unit
            if unit:
                order.setdefault(unit, None)
    return {unit: [period.get(unit) for period in worst] for unit in order}


def _unit_streaks(history: dict[str, list[str | None]], lagging: frozenset[str],
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


def comparison_sentences(comparison: Comparison) -> list[str]:
    """The comparison written as sentences of plain official Chinese, from the data alone."""
    sentences = [_diff_sentence(comparison.previous, "上期", comparison)]
    if comparison.earlier is not None:
        sentences.append(_diff_sentence(comparison.earlier, comparison.earlier.previous_label,
                                        None))
    return sentences


def _diff_sentence(d: PeriodDiff, against: str, whole: Comparison | None) -> str:
    changes: list[str] = []
    if d.newly_lagging:
        changes.append(f"新增滞后{len(d.newly_lagging)}项")
    recovered = {name: 0 for name in d.scale_names}
    for m in d.recovered:
        recovered[m.after or ""] = recovered.get(m.after or "", 0) + 1
    recovered = {name: n for name, n in recovered.items() if n}
    lagging = "、".join(sorted(d.lagging_names)) or "滞后"
    changes += [f"{n}项由{lagging}转为{after}" for after, n in recovered.items()]
    moved = [f"{word}{n}项" for word, n in (("好转", len(d.improved)), ("下滑", len(d.slipped)))
             if n]
    if moved:
        changes.append("状态" + "、".join(moved))
    tasks = [f"{word}{len(items)}项" for word, items in (("新列入任务", d.added),
                                                         ("不再列入任务", d.removed)) if items]
    if tasks:
        changes.append("，".join(tasks))
    clauses = ["，".join(changes) if changes else "各项工作状态没有变化"]
    if whole is not None:
        by_length: dict[int, list[str]] = {}
        for s in whole.lagging_units:
            by_length.setdefault(s.periods, []).append(s.unit or "")
        units = [f"{'、'.join(names)}连续{n}期{lagging}" for n, names in by_length.items()]
        if units:
            clauses.append("，".join(units))
        if whole.stalled:
            clauses.append(f"{len(whole.stalled)}项连续两期无新进展")
    return f"与{against}相比，" + "；".join(clauses) + "。"
