"""This period against the last (and a chosen earlier one): what was added, what moved, who lags.

Pure functions of ledgers; the history (older periods, oldest first) is passed in, never read
here. Counts are over unit rows ("项"), like the bulletin's statistics. Status order comes from
the scale: an earlier grade is better, so 滞后 → 正常 is an improvement.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportgen.analysis.continuity import (
    RowRef,
    Streak,
    row_chains,
    row_links,
    row_units,
    unit_history,
    unit_streaks,
)
from reportgen.analysis.matching import Candidate, Decisions, MatchResult, match_items
from reportgen.gcpause import gc_paused
from reportgen.model import Item, Ledger, StatusScale, UnitRow

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
        from reportgen.analysis.wording import comparison_sentences

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


def _rank(scale: StatusScale) -> dict[str, int]:
    return {name: i for i, name in enumerate(scale.names)}


def diff(previous: Ledger, current: Ledger, scale: StatusScale | None = None,
         decisions: Decisions | None = None, match: MatchResult | None = None,
         units: tuple[list[list[str | None]], list[list[str | None]]] | None = None,
         ) -> PeriodDiff:
    """The current ledger against ``previous``: added and removed items, row and unit moves.

    ``units`` are the two ledgers' ``row_units`` when the caller has them already.
    """
    scale = scale or current.scale
    rank = _rank(scale)
    lagging = frozenset(s.name for s in scale.statuses if s.lagging)
    match = match or match_items(previous, current, decisions)
    before_units, after_units = units or (row_units(previous), row_units(current))
    back = row_links(match, before_units, after_units)
    moves: list[RowMove] = []
    for c, item in enumerate(current.items):
        for r, row in enumerate(item.rows):
            sources = back.get((c, r), [])
            before_all = [previous.items[p].rows[pr].status for p, pr in sources]
            rated = [s for s in before_all if s in rank]
            before = max(rated, key=rank.__getitem__) if rated else (
                before_all[0] if before_all else None)
            moves.append(RowMove(item, row, after_units[c][r], before, row.status,
                                 _move(sources, before, row.status, rank)))
    return PeriodDiff(
        previous_label=_label(previous, "上期"), current_label=_label(current, "本期"),
        added=[current.items[i] for i in match.added],
        removed=[previous.items[i] for i in match.removed],
        moves=moves, per_unit=_per_unit(moves, previous, before_units, lagging), matching=match,
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


def _per_unit(moves: list[RowMove], previous: Ledger, units: list[list[str | None]],
              lagging: frozenset[str]) -> list[UnitMove]:
    counts: dict[str, dict[str, int]] = {}
    for m in moves:
        if not m.unit:
            continue
        bucket = counts.setdefault(m.unit, {IMPROVED: 0, SLIPPED: 0, UNCHANGED: 0, NEW: 0,
                                            UNRATED: 0, "after": 0, "before": 0})
        bucket[m.move] += 1
        bucket["after"] += m.after in lagging
    for item, names in zip(previous.items, units, strict=True):
        for row, unit in zip(item.rows, names, strict=True):
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
    with gc_paused():
        return _compare(current, previous, history=history, earlier=earlier, scale=scale,
                        decisions=decisions, lag_periods=lag_periods)


def _compare(current: Ledger, previous: Ledger, *, history: Sequence[Ledger],
             earlier: Ledger | None, scale: StatusScale | None, decisions: Decisions | None,
             lag_periods: int) -> Comparison:
    """The comparison itself; see ``compare``."""
    if lag_periods < 1:
        raise ValueError("lag_periods must be at least 1")
    scale = scale or current.scale
    timeline = [*history, previous, current]
    units = [row_units(ledger) for ledger in timeline]
    leads = [[next((u for u in names if u), None) for names in ledger_units]
             for ledger_units in units]
    matches = [match_items(a, b, decisions, leads=(leads[i], leads[i + 1]))
               for i, (a, b) in enumerate(zip(timeline, timeline[1:], strict=False))]
    main = diff(previous, current, scale, match=matches[-1], units=(units[-2], units[-1]))
    lagging = frozenset(s.name for s in scale.statuses if s.lagging)
    row_streaks, stalled_refs = row_chains(timeline, matches, lagging, units)
    lagging_rows = [Streak(units[-1][c][r], row_streaks[(c, r)], item, row)
                    for c, item in enumerate(current.items) for r, row in enumerate(item.rows)
                    if row_streaks[(c, r)] >= lag_periods]
    moves = {(c, r): m for (c, r), m in zip(
        [(c, r) for c, item in enumerate(current.items) for r in range(len(item.rows))],
        main.moves, strict=True)}
    history_of_units = unit_history(timeline, scale, units)
    return Comparison(
        labels=[_label(ledger, f"第{i + 1}期") for i, ledger in enumerate(timeline)],
        previous=main,
        earlier=diff(earlier, current, scale, decisions) if earlier is not None else None,
        lag_periods=lag_periods,
        lagging_units=unit_streaks(history_of_units, lagging, lag_periods),
        lagging_rows=lagging_rows,
        stalled=[moves[ref] for ref in stalled_refs],
        unit_history=history_of_units,
        status_history=[_status_counts(ledger, scale) for ledger in timeline],
    )


def _status_counts(ledger: Ledger, scale: StatusScale) -> dict[str, int]:
    """Unit rows per status, in scale order (the 对比 sheet's columns)."""
    counts = Counter(row.status for item in ledger.items for row in item.rows)
    return {name: counts.get(name, 0) for name in scale.names}
