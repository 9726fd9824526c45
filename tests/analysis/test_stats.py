"""Statistics: counts over unit rows, largest-remainder shares, unit lists, overrides."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reportgen.analysis import apply_overrides, compute, largest_remainder
from reportgen.analysis.stats import override_warnings
from reportgen.model import Ledger


def test_seed_002_shares_add_up_to_100() -> None:
    # The checked figures of the 督查通报第8期: 22/18/6/10 of 56 rows.
    assert largest_remainder([22, 18, 6, 10]) == [39, 32, 11, 18]


def test_largest_remainder_ties_go_to_the_earlier_grade() -> None:
    assert largest_remainder([1, 1, 1]) == [34, 33, 33]
    assert largest_remainder([0, 0]) == [0, 0]


@given(st.lists(st.integers(min_value=0, max_value=500), min_size=1, max_size=8))
def test_largest_remainder_always_sums_to_100(counts: list[int]) -> None:
    shares = largest_remainder(counts)
    assert sum(shares) == (100 if sum(counts) else 0)
    for count, share in zip(counts, shares, strict=True):
        assert abs(share - count * 100 / max(sum(counts), 1)) < 1


def test_counts_are_over_unit_rows(small_ledger: Ledger) -> None:
    stats = compute(small_ledger)
    assert stats.items == 4
    assert stats.unit_rows == 6
    counts = {s.name: s.count for s in stats.by_status}
    assert counts == {"积极": 2, "正常": 1, "一般": 1, "滞后": 1}
    assert stats.no_status_rows == 1
    assert sum(s.share for s in stats.by_status) == 100


def test_units_count_the_lead_of_a_joint_cell(small_ledger: Ledger) -> None:
    stats = compute(small_ledger)
    assert stats.unit_names == ["区财政局", "区发改委", "区应急局", "区统计局"]
    assert stats.units == 4
    assert stats.lagging_units == ["区统计局"]
    assert stats.good_units == ["区财政局", "区发改委"]


def test_item_without_progress_is_listed(small_ledger: Ledger) -> None:
    stats = compute(small_ledger)
    assert [item.task for item in stats.no_progress] == ["完善城乡低保制度"]


def test_per_unit_and_per_section(small_ledger: Ledger) -> None:
    stats = compute(small_ledger)
    finance = next(g for g in stats.per_unit if g.name == "区财政局")
    assert (finance.items, finance.rows, finance.counts["积极"], finance.counts["正常"]) == (2, 2, 1, 1)
    sections = {g.name: g.rows for g in stats.per_section}
    assert sections == {"一、加快构建现代产业体系": 4, "二、持续保障和改善民生": 2}


def test_overrides_replace_only_what_is_given(small_ledger: Ledger) -> None:
    stats = apply_overrides(compute(small_ledger), {"units": 35, "good_units": ["区委组织部"],
                                                     "items": None})
    assert stats.units == 35
    assert stats.good_units == ["区委组织部"]
    assert stats.items == 4
    assert stats.overridden == ["good_units", "units"]


def test_overrides_contradicting_the_ledger_are_named(small_ledger: Ledger) -> None:
    stats = compute(small_ledger)
    warnings = override_warnings(stats, {"units": 35, "lagging_units": ["区发改委"],
                                         "good_units": ["区应急局", "区财政局"]})
    assert warnings[0] == "stats.units（牵头单位数）写为 35，台账计算为 4"
    assert "未列出台账中有滞后事项的单位：区统计局（台账计算为：区统计局）" in warnings[1]
    assert "在台账中没有滞后事项：区发改委" in warnings[2]
    assert warnings[3].endswith("有进展一般或滞后的事项：区应急局")
    assert override_warnings(stats, {"units": 4, "lagging_units": ["区统计局"]}) == []


def test_json_has_numbers_not_strings(small_ledger: Ledger) -> None:
    data = compute(small_ledger).to_json()
    assert data["items"] == 4
    assert data["by_status"][0] == {"status": "积极", "count": 2, "share": 40}
