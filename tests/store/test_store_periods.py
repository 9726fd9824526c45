"""Periods: replace only on request, order, counts, previous periods, a task's and a unit's history."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from store_support import EXAMPLES, every_field_ledger, read_ledger, store_ledger

from reportgen.errors import DataError
from reportgen.model import Item, Ledger, UnitRow
from reportgen.pipeline import history
from reportgen.store.errors import PeriodExistsError, PeriodNotFoundError
from reportgen.store.queries import period_end

SEED = EXAMPLES / "zhanhe-2022-08" / "台账.yaml"


def _ledger(period: str, status: str, task: str = "推进X项目建设", item_id: str | None = None,
            ) -> Ledger:
    return Ledger(title=f"{period}台账", period=period, items=[
        Item(id=item_id, seq="1", task=task,
             rows=[UnitRow(unit="区财政局", progress="推进中", status=status),
                   UnitRow(unit="区工信局 区商务局", progress=None, status="正常")]),
        Item(seq="2", task="另一项任务", rows=[UnitRow(unit="区发改委", progress="好", status="积极")]),
    ])


def test_recording_a_period_twice_asks_for_replace(db_url: str) -> None:
    history.record(SEED, db=db_url)
    with pytest.raises(PeriodExistsError, match="--replace") as caught:
        history.record(SEED, db=db_url)
    assert caught.value.exit_code == 5
    again = history.record(SEED, db=db_url, replace=True)
    assert again.replaced
    assert [p.name for p in history.list_periods(db=db_url)] == ["2022年8-10月"]


def test_replace_swaps_the_content(db_url: str) -> None:
    store_ledger(db_url, _ledger("2022年9月", "滞后"), "2022年9月")
    store_ledger(db_url, _ledger("2022年9月", "积极"), "2022年9月", replace=True)
    assert read_ledger(db_url, "2022年9月") == _ledger("2022年9月", "积极")


def test_list_periods_in_period_order_with_counts(db_url: str) -> None:
    # Recorded out of order: an old period imported late still sorts by its name.
    store_ledger(db_url, _ledger("2022年10月", "滞后"), "2022年10月")
    store_ledger(db_url, _ledger("2022年8月", "积极"), "2022年8月")
    store_ledger(db_url, every_field_ledger("2022年第三季度"), "2022年第三季度")
    periods = history.list_periods(db=db_url)
    assert [p.name for p in periods] == ["2022年8月", "2022年第三季度", "2022年10月"]
    october = periods[-1]
    assert (october.items, october.unit_rows) == (2, 3)
    assert october.by_status == {"滞后": 1, "正常": 1, "积极": 1}
    assert list(october.by_status) == ["积极", "正常", "滞后"]  # in scale order
    quarter = periods[1]
    assert quarter.by_status == {"已完成": 1, "序时推进": 1, "滞后": 1, "未启动": 1, "": 1}
    assert quarter.report_date == dt.date(2022, 12, 5) and quarter.source == "测试"


def test_previous_period_and_series(db_url: str) -> None:
    for month, status in (("8", "积极"), ("9", "一般"), ("10", "滞后")):
        store_ledger(db_url, _ledger(f"2022年{month}月", status), f"2022年{month}月")
    previous = history.load_previous("2022年10月", db=db_url)
    assert previous == _ledger("2022年9月", "一般")
    assert history.load_previous("2022年8月", db=db_url) is None
    with pytest.raises(PeriodNotFoundError):
        history.load_previous("2022年11月", db=db_url)
    series = history.load_series(upto="2022年9月", count=5, db=db_url)
    assert [ledger.period for ledger in series] == ["2022年8月", "2022年9月"]
    assert [ledger.period for ledger in history.load_series(count=2, db=db_url)] == \
        ["2022年9月", "2022年10月"]


def test_missing_period_names_the_recorded_ones(db_url: str) -> None:
    store_ledger(db_url, _ledger("2022年8月", "积极"), "2022年8月")
    with pytest.raises(PeriodNotFoundError, match="2022年8月") as caught:
        history.load_period("2022年9月", db=db_url)
    assert caught.value.exit_code == 2


def test_task_history_follows_the_id_through_a_rename(db_url: str) -> None:
    store_ledger(db_url, _ledger("2022年8月", "积极", item_id="T1"), "2022年8月")
    store_ledger(db_url, _ledger("2022年9月", "一般", task="加快推进X项目建设", item_id="T1"),
                 "2022年9月")
    store_ledger(db_url, _ledger("2022年10月", "滞后", task="完全改写的任务", item_id="T1"),
                 "2022年10月")
    for query in ("T1", "推进X项目建设", "完全改写的任务"):
        found = history.history(query, db=db_url)
        assert found.kind == "task"
        lead = [(r.period, r.status) for r in found.rows if r.unit == "区财政局"]
        assert lead == [("2022年8月", "积极"), ("2022年9月", "一般"), ("2022年10月", "滞后")]


def test_task_history_without_ids_matches_normalised_text(db_url: str) -> None:
    store_ledger(db_url, _ledger("2022年8月", "积极", task="推进X项目建设。"), "2022年8月")
    store_ledger(db_url, _ledger("2022年9月", "滞后", task="推进 X 项目建设"), "2022年9月")
    store_ledger(db_url, _ledger("2022年10月", "正常", task="加快推进X项目建设"), "2022年10月")
    found = history.history("推进Ｘ项目建设", db=db_url)  # full-width Ｘ folds to X
    grouped = found.by_period()
    assert [r.status for r in grouped["2022年8月"]] == ["积极", "正常"]
    assert [r.status for r in grouped["2022年9月"]] == ["滞后", "正常"]
    assert grouped["2022年10月"] == []  # renamed without an id: not guessed here
    assert grouped["2022年9月"][1].has_progress is False


def test_unit_history_includes_joint_cells(db_url: str) -> None:
    store_ledger(db_url, _ledger("2022年8月", "积极"), "2022年8月")
    store_ledger(db_url, _ledger("2022年9月", "滞后"), "2022年9月")
    found = history.history("区商务局", db=db_url)
    assert found.kind == "unit"
    assert [(r.period, r.unit, r.status) for r in found.rows] == [
        ("2022年8月", "区工信局 区商务局", "正常"), ("2022年9月", "区工信局 区商务局", "正常")]
    assert [r.status for r in history.history("区财政局", db=db_url).rows] == ["积极", "滞后"]


def test_ambiguous_and_unknown_queries_are_data_errors(db_url: str) -> None:
    store_ledger(db_url, _ledger("2022年8月", "积极"), "2022年8月")
    with pytest.raises(DataError, match="2 项任务") as caught:
        history.history("项", db=db_url)  # in 推进X项目建设 and in 另一项任务
    assert caught.value.problems
    with pytest.raises(DataError, match="没有找到"):
        history.history("区不存在局", db=db_url)
    with pytest.raises(DataError):
        history.history("  ", db=db_url)


def test_reading_commands_do_not_create_a_store(tmp_path: Path) -> None:
    url = str(tmp_path / "none.db")
    assert history.list_periods(db=url) == []
    assert history.load_previous("2022年8月", db=url) is None
    assert history.load_series(db=url) == []
    assert not (tmp_path / "none.db").exists()


def test_a_ledger_without_period_needs_the_flag(tmp_path: Path) -> None:
    source = EXAMPLES / "sanmenxia-2021-05" / "台账.yaml"
    with pytest.raises(DataError, match="--period"):
        history.record(source, db=str(tmp_path / "h.db"))
    with pytest.raises(DataError, match="控制字符"):
        history.record(source, period="2021年\x005月", db=str(tmp_path / "h.db"))


@pytest.mark.parametrize(("name", "end"), [
    ("2022年8-10月", dt.date(2022, 10, 31)), ("2022年8月份", dt.date(2022, 8, 31)),
    ("2022年第三季度", dt.date(2022, 9, 30)), ("2022年3季度", dt.date(2022, 9, 30)),
    ("2022年上半年", dt.date(2022, 6, 30)), ("2022年", dt.date(2022, 12, 31)),
    ("2022年12月", dt.date(2022, 12, 31)), ("第8期", None), ("2022年13月", None),
])
def test_period_end_from_the_name(name: str, end: dt.date | None) -> None:
    assert period_end(name) == end


def test_two_writers_at_once_both_land(db_url: str) -> None:
    import threading

    errors: list[BaseException] = []

    def write(month: int) -> None:
        try:
            store_ledger(db_url, _ledger(f"2022年{month}月", "积极"), f"2022年{month}月")
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(m,)) for m in (8, 9, 10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [p.name for p in history.list_periods(db=db_url)] == ["2022年8月", "2022年9月", "2022年10月"]


def test_unit_names_with_like_wildcards_match_literally(db_url: str) -> None:
    odd = Ledger(title="t", period="2022年8月", items=[
        Item(task="甲", rows=[UnitRow(unit="区_局", status="积极")]),
        Item(task="乙", rows=[UnitRow(unit="区财局", status="滞后")]),
        Item(task="丙", rows=[UnitRow(unit="100%办", status="正常")]),
        Item(task="丁", rows=[UnitRow(unit="1000办", status="一般")]),
    ])
    store_ledger(db_url, odd, "2022年8月")
    assert [r.task for r in history.history("区_局", db=db_url).rows] == ["甲"]
    assert [r.task for r in history.history("100%办", db=db_url).rows] == ["丙"]


def test_task_history_follows_a_reworded_task_by_matching(db_url: str) -> None:
    old = "推进X项目建设，确保年底前完成主体工程并投入使用"
    new = "推进X项目建设，确保年底前完成主体工程建设并投入使用"
    store_ledger(db_url, _ledger("2022年8月", "积极", task=old), "2022年8月")
    store_ledger(db_url, _ledger("2022年9月", "一般", task=old), "2022年9月")
    store_ledger(db_url, _ledger("2022年10月", "滞后", task=new), "2022年10月")
    for query in (old, new):
        found = history.history(query, db=db_url)
        lead = [(r.period, r.status) for r in found.rows if r.unit == "区财政局"]
        assert lead == [("2022年8月", "积极"), ("2022年9月", "一般"), ("2022年10月", "滞后")]
    assert set(history.history(old, db=db_url).linked) == {"2022年10月"}
    assert "相似" in history.history(old, db=db_url).linked["2022年10月"]
    assert set(history.history(new, db=db_url).linked) == {"2022年9月"}
