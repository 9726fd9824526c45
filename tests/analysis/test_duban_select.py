"""督办 selection, escalation, numbering and working-day deadlines (reportgen.analysis.duban)."""
from __future__ import annotations

import datetime as dt

import pytest
from samples import make_small_ledger

from reportgen.analysis.duban import (
    CUIBAN,
    DUBAN,
    IssuedNotice,
    Selection,
    add_working_days,
    escalate,
    item_key,
    lagging_streaks,
    number_notices,
    select,
)
from reportgen.model import DEFAULT_SCALE, Item, Ledger, UnitRow


def test_working_days_skip_weekends() -> None:
    saturday = dt.date(2022, 11, 12)
    assert add_working_days(saturday, 1) == dt.date(2022, 11, 14)  # Monday
    assert add_working_days(saturday, 5) == dt.date(2022, 11, 18)  # Friday
    assert add_working_days(dt.date(2022, 11, 18), 1) == dt.date(2022, 11, 21)
    assert add_working_days(dt.date(2022, 11, 14), 10) == dt.date(2022, 11, 28)
    assert add_working_days(saturday, 0) == saturday
    with pytest.raises(ValueError):
        add_working_days(saturday, -1)


def test_lagging_rows_select_their_lead_unit_with_its_role() -> None:
    ledger = make_small_ledger()
    notices = select(ledger, DEFAULT_SCALE, Selection())
    # only item 3 is 滞后; its joint cell "区统计局 区工信局" counts for its lead
    assert [n.unit for n in notices] == ["区统计局"]
    entry = notices[0].items[0]
    assert entry.item.seq == "3" and entry.role == "主办" and entry.reasons == ["进展滞后"]
    assert entry.partners == ["区工信局"]


def test_further_rules_select_weak_missing_and_red_rows() -> None:
    ledger = make_small_ledger()
    item2 = ledger.items[1]
    lights = {(item_key(item2), "区财政局"): "红"}
    rule = Selection(statuses=("一般",), lights=("红",), no_progress=True)
    notices = select(ledger, DEFAULT_SCALE, rule, lights=lights)
    by_unit = {n.unit: n for n in notices}
    assert list(by_unit) == ["区财政局", "区应急局"]  # the unit-less item has no addressee
    assert by_unit["区财政局"].items[0].reasons == ["预警红灯"]
    assert by_unit["区应急局"].items[0].role == "协办"
    assert by_unit["区应急局"].items[0].partners == ["区财政局", "区发改委"]


def _ledger(status_by_unit: dict[str, str], task: str = "推进X项目建设") -> Ledger:
    return Ledger(items=[Item(seq="1", task=task, rows=[
        UnitRow(unit=u, progress="有进展", status=s) for u, s in status_by_unit.items()])])


def test_streaks_count_periods_in_a_row_ending_now() -> None:
    history = [_ledger({"区甲局": "滞后", "区乙局": "滞后"}),
               _ledger({"区甲局": "滞后", "区乙局": "正常"}),
               _ledger({"区甲局": "滞后", "区乙局": "滞后"})]
    streaks = lagging_streaks(history, DEFAULT_SCALE)
    key = item_key(history[0].items[0])
    assert streaks == {(key, "区甲局"): 3, (key, "区乙局"): 1}
    notices = select(history[-1], DEFAULT_SCALE,
                     Selection(statuses=(), lagging_periods=3), streaks=streaks)
    assert [(n.unit, n.items[0].reasons) for n in notices] == [("区甲局", ["连续3期滞后"])]


def test_a_repeated_item_escalates_to_cuiban_citing_the_earlier_number() -> None:
    ledger = _ledger({"区甲局": "滞后", "区乙局": "滞后"})
    key = item_key(ledger.items[0])
    earlier = [IssuedNotice("督办〔2022〕1号", 2022, 1, "区甲局", "2022年9月", DUBAN, (key,)),
               IssuedNotice("督办〔2022〕4号", 2022, 4, "区甲局", "2022年10月", CUIBAN, (key,)),
               IssuedNotice("督办〔2022〕2号", 2022, 2, "区丙局", "2022年9月", DUBAN, (key,))]
    notices = select(ledger, DEFAULT_SCALE, Selection())
    criticised = escalate(notices, earlier, repeat_limit=3)
    number_notices(notices, 2022, 5)
    first, second = notices
    assert (first.unit, first.level, first.cited) == ("区甲局", CUIBAN,
                                                     ["督办〔2022〕1号", "督办〔2022〕4号"])
    assert (second.unit, second.level, second.cited) == ("区乙局", DUBAN, [])
    assert [n.number for n in notices] == ["督办〔2022〕5号", "督办〔2022〕6号"]
    assert [(u, i.seq) for u, i in criticised] == [("区甲局", "1")]


def test_item_key_prefers_the_stable_id_and_ignores_punctuation() -> None:
    assert item_key(Item(id="ZH-3", task="甲", rows=[UnitRow()])) == "id:ZH-3"
    assert (item_key(Item(task="推进 X、Y 项目。", rows=[UnitRow()]))
            == item_key(Item(task="推进X Y项目", rows=[UnitRow()])))
