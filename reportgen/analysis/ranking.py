"""Unit ranking (红黑榜): a documented score per unit, ties ranked equal.

Each unit row counts for its lead unit, as in the statistics. Over a unit's ``n`` rows::

    score = good × 100·(积极/正常 rows)/n − lagging × 100·(lagging rows)/n
            − overdue × 100·(red-light rows)/n + trend × (improved − slipped rows)

"积极/正常 rows" are rows whose status is not weak in the scale; lagging rows have a lagging
status (滞后); red-light rows are overdue by their 时限; improved and slipped compare each row's
status with the same unit's status on the same item last period (better or worse in scale
order). The weights are the config's ``ranking.weights``; the score is rounded to one decimal
before ranking, and units with equal scores share a rank (1, 1, 3, …).
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from reportgen.model import Ledger, StatusScale


class Weights(BaseModel):
    """The score's weights (see the module docstring)."""

    model_config = ConfigDict(extra="forbid")

    good: float = 1.0
    lagging: float = 1.0
    overdue: float = 0.5
    trend: float = 5.0


@dataclass
class UnitScore:
    """One unit's figures, score and rank."""

    unit: str
    rows: int
    good: int
    lagging: int
    overdue: int
    improved: int
    slipped: int
    score: float
    rank: int = 0
    tied: bool = False

    @property
    def rank_text(self) -> str:
        return f"并列第{self.rank}" if self.tied else f"第{self.rank}"


def rank_units(
    ledger: Ledger,
    scale: StatusScale,
    weights: Weights | None = None,
    lights: Mapping[tuple[str, str], str] | None = None,
    previous: Mapping[tuple[str, str], str] | None = None,
) -> list[UnitScore]:
    """Every unit with its score, best first; ``lights`` and ``previous`` are keyed by
    (item key, unit) as in ``reportgen.analysis.duban`` (light name; last period's status)."""
    from reportgen.analysis.duban import item_key

    weights = weights or Weights()
    order = {s.name: i for i, s in enumerate(scale.statuses)}
    weak = {s.name for s in scale.statuses if s.weak}
    lagging = {s.name for s in scale.statuses if s.lagging}
    tallies: dict[str, list[int]] = {}
    for item in ledger.items:
        key = item_key(item)
        for row in item.rows:
            unit = row.lead_unit or item.lead_unit
            if not unit:
                continue
            t = tallies.setdefault(unit, [0, 0, 0, 0, 0, 0])
            t[0] += 1
            t[1] += row.status is not None and row.status in order and row.status not in weak
            t[2] += row.status in lagging
            t[3] += (lights or {}).get((key, unit)) == "红"
            before = (previous or {}).get((key, unit))
            if before in order and row.status in order:
                t[4] += order[row.status] < order[before]  # type: ignore[index]
                t[5] += order[row.status] > order[before]  # type: ignore[index]
    scores = [_score(unit, t, weights) for unit, t in tallies.items()]
    scores.sort(key=lambda s: -s.score)  # stable: ledger order within a tie
    for index, entry in enumerate(scores):
        if index and entry.score == scores[index - 1].score:
            entry.rank = scores[index - 1].rank
            entry.tied = scores[index - 1].tied = True
        else:
            entry.rank = index + 1
    return scores


def _score(unit: str, t: list[int], w: Weights) -> UnitScore:
    rows, good, lag, overdue, improved, slipped = t
    value = (w.good * 100 * good / rows - w.lagging * 100 * lag / rows
             - w.overdue * 100 * overdue / rows + w.trend * (improved - slipped))
    return UnitScore(unit, rows, good, lag, overdue, improved, slipped, round(value, 1))


def red_and_black(scores: list[UnitScore], top: int, bottom: int) -> tuple[list[UnitScore],
                                                                          list[UnitScore]]:
    """The 红榜 (the best ``top`` ranks, ties included) and 黑榜 (the worst ``bottom``)."""
    red = [s for s in scores if s.rank <= top] if top else []
    if not bottom:
        return red, []
    worst_ranks = sorted({s.rank for s in scores}, reverse=True)
    cutoff_count = 0
    black: list[UnitScore] = []
    for rank in worst_ranks:
        group = [s for s in scores if s.rank == rank]
        if cutoff_count >= bottom:
            break
        black.extend(group)
        cutoff_count += len(group)
    black = [s for s in black if s not in red]
    black.sort(key=lambda s: (s.rank, scores.index(s)))
    return red, black
