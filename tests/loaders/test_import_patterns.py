"""The small rules of the recognisers: periods in titles, status colours, ids, numerals."""
from __future__ import annotations

import pytest

from reportgen.loaders.raw import Cell, RawItem, RawLedger
from reportgen.loaders.recognise import assign_ids
from reportgen.loaders.recognise.colours import status_for_colour
from reportgen.loaders.recognise.common import is_marker, period_from_title
from reportgen.model import DEFAULT_SCALE
from reportgen.numerals import cn_number, cn_value


@pytest.mark.parametrize(("title", "period"), [
    ("湛河区2022年重点工作任务8-10月份推进情况台账", "2022年8-10月"),
    ("2020年度市政府重大督查事项4月份进展情况", "2020年4月"),
    ("2023年上半年重点工作完成情况", "2023年上半年"),
    ("2023年第三季度重点工作进展情况通报", "2023年第三季度"),
    ("《市政府工作报告》重点工作进展情况报告", None),
])
def test_period_from_title(title: str, period: str | None) -> None:
    assert period_from_title(title) == period


@pytest.mark.parametrize(("colour", "status"), [
    ("FFC7CE", "滞后"), ("C6EFCE", "积极"), ("FFEB9C", "一般"), ("DDEBF7", "正常"),
    ("FF0000", "滞后"), ("FFFF00", "一般"), ("FFC000", "一般"), ("00B050", "积极"),
    ("92D050", "积极"), ("0070C0", "正常"),
    ("D9D9D9", None), ("FFFFFF", None), ("000000", None), ("F2F2F2", None), (None, None),
    ("E7E6E6", None), ("7030A0", None),
])
def test_status_from_a_cell_colour(colour: str | None, status: str | None) -> None:
    assert status_for_colour(colour, DEFAULT_SCALE) == status


def test_ids_follow_seq_sections_and_task_text() -> None:
    def item(seq: str | None, section: str | None, task: str) -> RawItem:
        cells = {"task": Cell(task, 1, "task")}
        if seq:
            cells["seq"] = Cell(seq, 1, "seq")
        if section:
            cells["section"] = Cell(section, 1, "section")
        return RawItem(1, cells)

    raw = RawLedger(items=[item("1", "一、甲", "a"), item("2", "一、甲", "b"),
                           item("1", "二、乙", "c"), item(None, None, "项目 建设"),
                           item(None, None, "项目建设")])
    assign_ids(raw)
    ids = [i.get("id") for i in raw.items]
    assert ids[:3] == ["1.1", "1.2", "2.1"]
    assert ids[3] is not None and ids[3].startswith("T") and len(ids[3]) == 9
    assert ids[4] == f"{ids[3]}-2"  # the same task text without spaces: told apart in order


def test_markers_and_numerals() -> None:
    assert is_marker("暂未报送进展。") == "暂未报送进展" and is_marker("已完成") is None
    assert [cn_value(cn_number(n)) for n in (1, 10, 11, 20, 99, 100, 105, 110)] == \
        [1, 10, 11, 20, 99, 100, 105, 110]
    assert cn_value("二二") is None and cn_value("") is None
