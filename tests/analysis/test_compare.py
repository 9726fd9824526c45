"""Comparison of periods on small ledgers built in code: moves, streaks, stalls, sentences."""
from __future__ import annotations

import pytest

from reportgen.analysis.compare import compare, diff, row_links
from reportgen.analysis.matching import match_items
from reportgen.model import Item, Ledger, UnitRow

TASKS = {
    "a": "推进湛河区老旧小区改造项目建设，确保年底前全面完工",
    "b": "完善城乡低保制度，适度提高城乡低保、特困人员保障标准",
    "c": "扎实开展根治欠薪行动，切实维护劳动者合法权益",
    "d": "加快区综合应急救援中心建设，构建应急指挥平台",
}
UNITS = {"a": "区住建局", "b": "区民政局", "c": "区人社局", "d": "区应急局"}


def period(label: str, **statuses: str | tuple[str, str]) -> Ledger:
    """One item per key; a value is a status, or (status, progress)."""
    items = []
    for key, value in statuses.items():
        status, progress = value if isinstance(value, tuple) else (value, f"{label}{key}进展")
        items.append(Item(task=TASKS[key], rows=[UnitRow(unit=UNITS[key], status=status,
                                                         progress=progress)]))
    return Ledger(title="台账", period=label, items=items)


def test_moves_added_removed_and_per_unit() -> None:
    before = period("8月", a="滞后", b="正常", c="积极")
    after = period("9月", a="正常", b="滞后", d="一般")
    d = diff(before, after)
    assert [(m.unit, m.before, m.after, m.move) for m in d.moves] == [
        ("区住建局", "滞后", "正常", "improved"), ("区民政局", "正常", "滞后", "slipped"),
        ("区应急局", None, "一般", "new")]
    assert [i.task for i in d.added] == [TASKS["d"]]
    assert [i.task for i in d.removed] == [TASKS["c"]]
    assert [m.unit for m in d.newly_lagging] == ["区民政局"]
    assert [m.unit for m in d.recovered] == ["区住建局"]
    assert [(u.unit, u.improved, u.slipped, u.new, u.lagging_before, u.lagging_after)
            for u in d.per_unit] == [("区住建局", 1, 0, 0, 1, 0), ("区民政局", 0, 1, 0, 0, 1),
                                     ("区应急局", 0, 0, 1, 0, 0)]


def test_the_two_period_sentence() -> None:
    before = period("8月", a="滞后", b="正常", c="积极")
    after = period("9月", a="正常", b="滞后", d="一般")
    assert compare(after, before).paragraph == (
        "与上期相比，新增滞后1项，1项由滞后转为正常，状态好转1项、下滑1项，"
        "新列入任务1项，不再列入任务1项。")


def test_nothing_changed() -> None:
    before = period("8月", a="正常", b="积极")
    after = period("9月", a="正常", b="积极")
    assert compare(after, before).paragraph == "与上期相比，各项工作状态没有变化。"


def test_lagging_streaks_over_history_and_the_threshold() -> None:
    history = [period("6月", a="滞后", b="滞后"), period("7月", a="滞后", b="正常")]
    before = period("8月", a="滞后", b="滞后", c="滞后")
    after = period("9月", a="滞后", b="滞后", c="滞后")
    result = compare(after, before, history=history)
    assert [(s.unit, s.periods) for s in result.lagging_units] == [
        ("区住建局", 4), ("区民政局", 2), ("区人社局", 2)]
    assert [(s.unit, s.periods) for s in result.lagging_rows] == [
        ("区住建局", 4), ("区民政局", 2), ("区人社局", 2)]
    assert result.paragraph.endswith("；区住建局连续4期滞后，区民政局、区人社局连续2期滞后。")
    strict = compare(after, before, history=history, lag_periods=3)
    assert [(s.unit, s.periods) for s in strict.lagging_units] == [("区住建局", 4)]
    assert result.unit_history["区民政局"] == ["滞后", "正常", "滞后", "滞后"]
    assert result.labels == ["6月", "7月", "8月", "9月"]
    with pytest.raises(ValueError):
        compare(after, before, lag_periods=0)


def test_items_without_new_progress_two_periods_in_a_row() -> None:
    history = [period("7月", a=("正常", "同一段进展"), b=("正常", ""), c="正常")]
    before = period("8月", a=("正常", "同一段进展"), b=("正常", ""), c=("正常", "新进展"))
    after = period("9月", a=("正常", "同一段进展"), b=("正常", "开始报送"), c=("正常", ""))
    result = compare(after, before, history=history)
    # a: the same text three times; c: reported in August, nothing in September.
    assert [m.unit for m in result.stalled] == ["区住建局"]
    assert result.paragraph.endswith("；1项连续两期无新进展。")
    # Without the older period, August's text cannot be judged "unchanged".
    assert compare(after, before).stalled == []


def test_rows_pair_by_unit_inside_a_task() -> None:
    def ledger(*rows: tuple[str, str]) -> Ledger:
        return Ledger(items=[Item(task=TASKS["a"], rows=[UnitRow(unit=u, status=s)
                                                         for u, s in rows])])

    before = ledger(("区发改委", "滞后"), ("区财政局", "正常"), ("区发改委", "一般"))
    after = ledger(("区发改委", "正常"), ("区发改委", "积极"), ("区财政局", "正常"),
                   ("区商务局", "一般"))
    links = row_links(match_items(before, after))
    assert links == {(0, 0): [(0, 0)], (0, 1): [(0, 2)], (0, 2): [(0, 1)]}
    moves = diff(before, after).moves
    assert [m.move for m in moves] == ["improved", "improved", "unchanged", "new"]


def test_an_earlier_chosen_period_gets_its_own_sentence() -> None:
    earlier = period("1月", a="积极", b="积极")
    before = period("8月", a="正常", b="积极")
    after = period("9月", a="滞后", b="积极")
    result = compare(after, before, earlier=earlier)
    assert result.sentences == ["与上期相比，新增滞后1项，状态下滑1项。",
                                "与1月相比，新增滞后1项，状态下滑1项。"]
    assert result.to_json()["earlier"] == {"period": "1月", "improved": 0, "slipped": 1}


def test_statuses_off_the_scale_are_unrated() -> None:
    before = period("8月", a="暂停")
    after = period("9月", a="正常")
    assert [m.move for m in diff(before, after).moves] == ["unrated"]
