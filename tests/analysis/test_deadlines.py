"""Free-text 时限 into due dates, deadlines found in task text, and the lights at a report date."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportgen.analysis.deadlines import (
    deadline_in_task,
    item_deadlines,
    ledger_year,
    light_counts,
    lights,
    parse_deadline,
)
from reportgen.model import Item, Ledger, Status, StatusScale, UnitRow

D = dt.date


@pytest.mark.parametrize(("text", "due"), [
    ("2022年12月底前", D(2022, 12, 31)),
    ("年底前", D(2022, 12, 31)),
    ("6月底", D(2022, 6, 30)),
    ("三季度", D(2022, 9, 30)),
    ("第三季度末", D(2022, 9, 30)),
    ("10月底之前", D(2022, 10, 31)),
    ("2022-12-31", D(2022, 12, 31)),
    ("2022/6/1", D(2022, 6, 1)),
    ("12月31日前", D(2022, 12, 31)),
    ("2023年6月底", D(2023, 6, 30)),
    ("十二月底", D(2022, 12, 31)),
    ("2月份", D(2022, 2, 28)),
    ("11月中旬", D(2022, 11, 20)),
    ("11月上旬", D(2022, 11, 10)),
    ("上半年", D(2022, 6, 30)),
    ("下半年", D(2022, 12, 31)),
    ("第4季度", D(2022, 12, 31)),
    ("年内", D(2022, 12, 31)),
    ("2023年底", D(2023, 12, 31)),
    (" 9 月 30 日 ", D(2022, 9, 30)),
    ("２０２２年１１月底", D(2022, 11, 30)),
])
def test_free_text_deadlines_read_relative_to_the_ledger_year(text: str, due: dt.date) -> None:
    parsed = parse_deadline(text, 2022)
    assert parsed is not None and parsed.due == due and not parsed.ongoing
    assert parsed.source == "时限"


@pytest.mark.parametrize("text", ["长期坚持", "持续推进", "常态化开展", "每月", "按季度报送"])
def test_ongoing_work_has_no_due_date(text: str) -> None:
    parsed = parse_deadline(text, 2022)
    assert parsed is not None and parsed.ongoing and parsed.due is None


@pytest.mark.parametrize("text", ["", "  ", "视情况而定", "汛期前", "2月30日", "13月底", "下个月"])
def test_unreadable_deadlines_give_none(text: str) -> None:
    assert parse_deadline(text, 2022) is None


def test_deadlines_inside_task_text() -> None:
    found = deadline_in_task("10月底之前完成老旧小区改造，建立工作台账", 2022)
    assert found is not None and found.due == D(2022, 10, 31) and found.source == "任务"
    assert found.text == "10月底之前"
    assert deadline_in_task("确保年底前全面完成目标任务", 2022).due == D(2022, 12, 31)  # type: ignore[union-attr]
    assert deadline_in_task("力争三季度前开工建设", 2022).due == D(2022, 9, 30)  # type: ignore[union-attr]
    # A date that reports what happened is not a deadline.
    assert deadline_in_task("9月30日已实现通车", 2022) is None
    assert deadline_in_task("推进老旧小区改造", 2022) is None


def _item(task: str, deadline: str | None, *statuses: str, seq: str = "1") -> Item:
    return Item(seq=seq, task=task, deadline=deadline,
                rows=[UnitRow(unit=f"单位{i}", status=s, progress="有进展")
                      for i, s in enumerate(statuses)])


def test_item_deadlines_note_unreadable_and_task_derived_ones() -> None:
    ledger = Ledger(title="2022年台账", items=[
        _item("甲", "年底前", "正常", seq="1"),
        _item("乙", "视情况而定", "正常", seq="2"),
        _item("10月底之前完成丙", None, "正常", seq="3"),
        _item("丁", None, "正常", seq="4"),
    ])
    deadlines, notes = item_deadlines(ledger)
    assert [d.due if d else None for d in deadlines] == [D(2022, 12, 31), None, D(2022, 10, 31),
                                                          None]
    assert [(n.where, n.from_task) for n in notes] == [("序号2“乙”", False), ("序号3“10月底之前完成丙”", True)]
    assert notes[0].message == "时限“视情况而定”无法识别，不参与预警"
    assert notes[1].message == "未填时限，从任务文字“10月底之前”中取得时限2022-10-31"


def test_ledger_year_from_date_period_or_title() -> None:
    assert ledger_year(Ledger(date=D(2021, 3, 1))) == 2021
    assert ledger_year(Ledger(period="2020年4月")) == 2020
    assert ledger_year(Ledger(title="湛河区2022年重点工作任务台账")) == 2022
    assert ledger_year(Ledger(title="台账")) is None
    assert ledger_year(Ledger(period="2022年12月", date=D(2023, 1, 8))) == 2022


def test_lights_at_the_report_date() -> None:
    ledger = Ledger(title="2022年台账", items=[
        _item("已过期", "10月底", "正常", "滞后", seq="1"),
        _item("临近到期", "11月30日前", "积极", seq="2"),
        _item("不久到期但已完成", "11月30日前", "已完成", seq="3"),
        _item("远期", "2023年6月底", "正常", "滞后", seq="4"),
        _item("长期", "长期坚持", "一般", seq="5"),
        _item("没有时限", None, "正常", seq="6"),
        _item("过期但已完成", "三季度", "已完成", seq="7"),
    ], scale=StatusScale(statuses=(Status(name="已完成"), Status(name="积极"),
                                   Status(name="正常"), Status(name="一般", weak=True),
                                   Status(name="滞后", weak=True, lagging=True))))
    result = lights(ledger, D(2022, 11, 12))
    assert [(r.item.task, r.light, r.reason) for r in result] == [
        ("已过期", "红", "已超期"), ("已过期", "红", "已超期"),
        ("临近到期", "黄", "30天内到期"),
        ("不久到期但已完成", "绿", ""),
        ("远期", "绿", ""), ("远期", "黄", "状态滞后"),
        ("长期", "绿", ""), ("没有时限", "绿", ""), ("过期但已完成", "绿", ""),
    ]
    assert light_counts(result) == {"红": 2, "黄": 2, "绿": 5}
    narrow = lights(ledger, D(2022, 11, 12), warn_days=7)
    assert [r.light for r in narrow][2] == "绿"
    # On the due date itself the task is not overdue yet.
    assert lights(ledger, D(2022, 10, 31))[0].light == "黄"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789年月日号底前末中旬上下半季度第一二三四五六七八九十〇两-/. 长期持续"))
               ) | st.text())
def test_parsing_never_raises(text: str) -> None:
    parsed = parse_deadline(text, 2022)
    assert parsed is None or parsed.ongoing or parsed.due is not None
    found = deadline_in_task(text, 2022)
    assert found is None or found.due is not None
