"""Three periods around the seed-002 ledger (examples/zhanhe-2022-08/history): exact sentences,
the lagging-N list, the stalled items and the lights at a fixed report date.

The periods are 2022年6-7月 and 2022年11月, made by tools/make_zhanhe_history.py from the seed's
8-10月 ledger with the changes its docstring lists (renamed tasks, a split task, a unit that
slips twice, units that recover).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from support import load_script

from reportgen.analysis.compare import Comparison, compare
from reportgen.analysis.deadlines import item_deadlines, light_counts, lights
from reportgen.analysis.matching import match_items
from reportgen.config import load_config
from reportgen.loaders import load_ledger
from reportgen.model import Ledger
from reportgen.pipeline.compare import read_matches

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "zhanhe-2022-08"
HISTORY = SEED / "history"


@pytest.fixture(scope="module")
def periods() -> tuple[Ledger, Ledger, Ledger]:
    aliases = load_config(HISTORY / "config.yaml").unit_aliases
    return tuple(load_ledger(path, aliases=aliases).ledger  # type: ignore[return-value]
                 for path in (HISTORY / "2022年6-7月.yaml", SEED / "台账.yaml",
                              HISTORY / "2022年11月.yaml"))


@pytest.fixture(scope="module")
def three(periods: tuple[Ledger, Ledger, Ledger]) -> Comparison:
    first, second, third = periods
    return compare(third, second, history=[first], earlier=first,
                   decisions=read_matches(HISTORY / "matches.yaml"))


def test_the_generated_periods_are_up_to_date(tmp_path: Path) -> None:
    module = load_script(ROOT / "tools" / "make_zhanhe_history.py", "make_history")
    assert module.main(["--out", str(tmp_path)]) == 0
    for name in ("2022年6-7月.yaml", "2022年11月.yaml"):
        assert (tmp_path / name).read_bytes() == (HISTORY / name).read_bytes()


def test_two_periods_exact_sentence(periods: tuple[Ledger, Ledger, Ledger]) -> None:
    _, second, third = periods
    result = compare(third, second, decisions=read_matches(HISTORY / "matches.yaml"))
    assert result.sentences == [
        "与上期相比，新增滞后1项，2项由滞后转为正常，3项由滞后转为一般，状态好转5项、下滑2项，"
        "新列入任务1项，不再列入任务1项；区财政局、区住建局、区企业发展服务中心、"
        "区机关事务服务中心连续2期滞后。"]


def test_three_periods_exact_sentences(three: Comparison) -> None:
    assert three.labels == ["2022年6-7月", "2022年8-10月", "2022年11月"]
    assert three.sentences == [
        "与上期相比，新增滞后1项，2项由滞后转为正常，3项由滞后转为一般，状态好转5项、下滑2项，"
        "新列入任务1项，不再列入任务1项；区住建局、区机关事务服务中心连续3期滞后，"
        "区财政局、区企业发展服务中心连续2期滞后；2项连续两期无新进展。",
        "与2022年6-7月相比，新增滞后3项，2项由滞后转为正常，1项由滞后转为一般，"
        "状态好转3项、下滑5项，新列入任务2项，不再列入任务1项。"]


def test_the_lagging_n_list(three: Comparison) -> None:
    assert [(s.unit, s.periods) for s in three.lagging_units] == [
        ("区住建局", 3), ("区机关事务服务中心", 3), ("区财政局", 2), ("区企业发展服务中心", 2)]
    assert [(s.item.seq if s.item else None, s.unit, s.periods) for s in three.lagging_rows] == [
        ("3", "区住建局", 3),  # 断头路
        ("4", "区住建局", 3),  # the first half of the split 老城更新 task
        ("9", "区财政局", 2), ("9", "区住建局", 3),  # 稳增长
        ("30", "区企业发展服务中心", 2), ("32", "区机关事务服务中心", 3)]


def test_units_that_slip_twice_and_recover(three: Comparison) -> None:
    assert three.unit_history["区应急局"] == ["正常", "一般", "滞后"]
    assert three.unit_history["区市场中心"] == ["滞后", "滞后", "正常"]
    assert three.unit_history["区交通局"] == ["滞后", "滞后", "正常"]
    assert [(m.unit, m.item.seq) for m in three.previous.recovered] == [
        ("区住建局", "5"), ("区发改委", "9"), ("区市场中心", "23"), ("湛河新区指挥部", "33"),
        ("区交通局", "45")]
    assert [(m.unit, m.before, m.after) for m in three.previous.newly_lagging] == [
        ("区应急局", "一般", "滞后")]


def test_stalled_items(three: Comparison) -> None:
    assert [(m.item.seq, m.unit) for m in three.stalled] == [
        ("43", "湛河自然资源和规划分局"), ("48", "区委组织部")]


def test_renames_and_the_split_are_matched(periods: tuple[Ledger, Ledger, Ledger]) -> None:
    first, second, third = periods
    early = match_items(first, second)
    assert [(lk.previous, lk.current, lk.how) for lk in early.links if lk.how != "same"] == [
        (26, 26, "similar")]  # 推进 → 加快区综合应急救援中心建设
    late = match_items(second, third)
    assert [(second.items[c.previous].seq, third.items[c.current].seq, c.reason)
            for c in late.pending] == [("4", "5", "疑似拆分"), ("11", "11", "措辞改动较大")]
    confirmed = match_items(second, third, read_matches(HISTORY / "matches.yaml"))
    assert confirmed.pending == []
    assert [(second.items[lk.previous].seq, third.items[lk.current].seq, lk.how)
            for lk in confirmed.links if lk.how != "same"] == [
        ("4", "4", "similar"), ("4", "5", "confirmed"), ("11", "11", "confirmed"),
        ("37", "38", "similar")]
    assert [third.items[i].seq for i in confirmed.added] == ["29"]  # 森林防灭火
    assert [second.items[i].seq for i in confirmed.removed] == ["10"]  # 学校建设


def test_lights_at_a_fixed_report_date(periods: tuple[Ledger, Ledger, Ledger]) -> None:
    third = periods[2]
    result = lights(third, dt.date(2022, 12, 10))
    assert light_counts(result) == {"红": 5, "黄": 14, "绿": 38}
    assert [(r.item.seq, r.row.lead_unit, r.deadline.text if r.deadline else None)
            for r in result if r.light == "红"] == [
        ("3", "区住建局", "11月底"), ("7", "区工信局", "三季度"), ("12", "区金融局", "第三季度末"),
        ("13", "区民政局", "10月底前"), ("15", "区农业农村和水利局", "10月底之前")]
    yellow = [(r.item.seq, r.row.lead_unit, r.reason) for r in result if r.light == "黄"]
    assert ("2", "区应急局", "30天内到期") in yellow
    assert ("9", "区财政局", "状态滞后") in yellow
    assert ("23", "区市场中心", "30天内到期") in yellow
    _, notes = item_deadlines(third)
    assert [(n.item.seq, n.from_task) for n in notes] == [("13", True), ("26", False),
                                                          ("30", False)]
