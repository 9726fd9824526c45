"""Statistics over a ledger: counts, whole-percent shares, lagging and well-doing units.

Pure functions of the model; the bulletin's 基本情况 sentence is built from ``Stats``.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from reportgen.model import Item, Ledger, StatusScale


def largest_remainder(counts: list[int], total: int = 100) -> list[int]:
    """Whole shares of ``total`` proportional to ``counts`` that add up to ``total``.

    Ties in the remainder go to the earlier entry; all zeros give all zeros.
    """
    whole = sum(counts)
    if whole == 0:
        return [0 for _ in counts]
    exact = [c * total / whole for c in counts]
    shares = [int(x) for x in exact]
    order = sorted(range(len(counts)), key=lambda i: (-(exact[i] - shares[i]), i))
    for i in order[: total - sum(shares)]:
        shares[i] += 1
    return shares


@dataclass(frozen=True)
class StatusCount:
    """How many unit rows carry one status, and their whole-percent share."""

    name: str
    count: int
    share: int
    color: str


@dataclass(frozen=True)
class GroupStats:
    """Counts per status for one unit or one section."""

    name: str
    items: int
    rows: int
    counts: dict[str, int]
    no_status: int


@dataclass(frozen=True)
class Stats:
    """Everything the templates and the terminal report need, computed from one ledger."""

    items: int
    unit_rows: int
    units: int
    unit_names: list[str]
    by_status: list[StatusCount]
    no_status_rows: int
    lagging_units: list[str]
    good_units: list[str]
    no_progress: list[Item]
    per_unit: list[GroupStats]
    per_section: list[GroupStats]
    overridden: list[str] = field(default_factory=list)

    def status(self, name: str) -> StatusCount:
        for entry in self.by_status:
            if entry.name == name:
                return entry
        raise KeyError(name)

    def to_json(self) -> dict[str, Any]:
        """Plain JSON-ready figures (numbers as numbers) for ``reportgen stats --json``."""
        return {
            "items": self.items,
            "unit_rows": self.unit_rows,
            "units": self.units,
            "unit_names": self.unit_names,
            "by_status": [{"status": s.name, "count": s.count, "share": s.share}
                          for s in self.by_status],
            "no_status_rows": self.no_status_rows,
            "lagging_units": self.lagging_units,
            "good_units": self.good_units,
            "no_progress": [{"seq": i.seq, "task": i.task} for i in self.no_progress],
            "per_unit": [_group_json(g) for g in self.per_unit],
            "per_section": [_group_json(g) for g in self.per_section],
            "overridden": self.overridden,
        }


def _group_json(group: GroupStats) -> dict[str, Any]:
    return {"name": group.name, "items": group.items, "rows": group.rows,
            "counts": group.counts, "no_status": group.no_status}


def _groups(ledger: Ledger, names: list[str | None], scale: StatusScale) -> list[GroupStats]:
    """Counts per group (lead unit or section), in ledger order; ``names`` has the group of
    each unit row of ``ledger.rows`` (None: in no group)."""
    counts: dict[str, dict[str, int]] = {}
    rows: dict[str, int] = {}
    items: dict[str, set[int]] = {}
    missing: dict[str, int] = {}
    statuses = scale.names
    groups = iter(names)
    for index, item in enumerate(ledger.items):
        for row in item.rows:
            name = next(groups)
            if not name:
                continue
            bucket = counts.get(name)
            if bucket is None:
                bucket = counts[name] = dict.fromkeys(statuses, 0)
                rows[name] = 0
                items[name] = set()
            rows[name] += 1
            items[name].add(index)
            if row.status in bucket:
                bucket[row.status] += 1
            else:
                missing[name] = missing.get(name, 0) + 1
    return [GroupStats(name, len(items[name]), rows[name], counts[name], missing.get(name, 0))
            for name in counts]


def compute(ledger: Ledger, scale: StatusScale | None = None) -> Stats:
    """Compute the statistics of a ledger over its unit rows."""
    scale = scale or ledger.scale
    pairs = ledger.rows
    found = Counter(row.status for _, row in pairs)
    tally = [found[s.name] for s in scale.statuses]
    shares = largest_remainder(tally)
    by_status = [StatusCount(s.name, c, p, s.color)
                 for s, c, p in zip(scale.statuses, tally, shares, strict=True)]

    weak = {s.name for s in scale.statuses if s.weak}
    lagging = {s.name for s in scale.statuses if s.lagging}
    # The lead unit of each row (the item's when the row names none), read once for the units
    # and the per-unit groups: splitting the unit cell is the costly part on a long ledger.
    leads = [row.lead_unit or item.lead_unit for item, row in pairs]
    seen: dict[str, None] = {}
    lagging_seen: dict[str, None] = {}
    weak_units: set[str] = set()
    for (_, row), unit in zip(pairs, leads, strict=True):
        if not unit:
            continue
        seen.setdefault(unit, None)
        if row.status in lagging:
            lagging_seen.setdefault(unit, None)
        if row.status in weak:
            weak_units.add(unit)
    unit_names = list(seen)
    return Stats(
        items=len(ledger.items),
        unit_rows=len(pairs),
        units=len(unit_names),
        unit_names=unit_names,
        by_status=by_status,
        no_status_rows=len(pairs) - sum(tally),
        lagging_units=list(lagging_seen),
        good_units=[u for u in unit_names if u not in weak_units],
        no_progress=[item for item in ledger.items if not item.has_progress],
        per_unit=_groups(ledger, leads, scale),
        per_section=_groups(ledger, [item.section for item, _ in pairs], scale),
    )


def apply_overrides(stats: Stats, overrides: dict[str, Any]) -> Stats:
    """Replace computed figures by the office's own where the config states them."""
    changes = {k: v for k, v in overrides.items() if v is not None}
    if not changes:
        return stats
    values = {**stats.__dict__, **changes, "overridden": sorted(changes)}
    return Stats(**values)


def override_warnings(stats: Stats, overrides: dict[str, Any]) -> list[str]:
    """Chinese warnings where the config's ``stats:`` contradicts what the ledger computes.

    Numbers that differ, lagging units the override leaves out (or adds), and good units the
    ledger shows with a weak row are each named with the computed value.
    """
    out: list[str] = []
    for key, label in (("items", "任务数"), ("unit_rows", "单位进展行数"), ("units", "牵头单位数")):
        value = overrides.get(key)
        if value is not None and value != getattr(stats, key):
            out.append(f"stats.{key}（{label}）写为 {value}，台账计算为 {getattr(stats, key)}")
    lagging = overrides.get("lagging_units")
    if lagging is not None:
        left_out = [u for u in stats.lagging_units if u not in lagging]
        added = [u for u in lagging if u not in stats.lagging_units]
        if left_out:
            out.append("stats.lagging_units 未列出台账中有滞后事项的单位：" + "、".join(left_out)
                       + "（台账计算为：" + "、".join(stats.lagging_units) + "）")
        if added:
            out.append("stats.lagging_units 列出的单位在台账中没有滞后事项：" + "、".join(added))
    good = overrides.get("good_units")
    if good is not None:
        weak = [u for u in good if u in stats.unit_names and u not in stats.good_units]
        if weak:
            out.append("stats.good_units 中的单位在台账中有进展一般或滞后的事项：" + "、".join(weak))
    return out
