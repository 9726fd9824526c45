"""The period view room: a stored period's figures, comparison, lights and notices, from the store."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from reportgen.analysis.deadlines import light_counts
from reportgen.analysis.duban import CUIBAN, DUBAN, IssuedNotice, item_key
from reportgen.pipeline import history, period_view
from reportgen.pipeline.compare import compare_ledgers
from reportgen.pipeline.lights import ledger_lights
from reportgen.store.engine import resolve
from reportgen.store.errors import PeriodNotFoundError

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "examples" / "zhanhe-2022-08"
LEDGERS = [SEED / "history" / "2022年6-7月.yaml", SEED / "台账.yaml",
           SEED / "history" / "2022年11月.yaml"]


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "reportgen.db")
    for ledger in LEDGERS:
        history.record(ledger, db=path)
    return path


def test_nothing_recorded_gives_no_detail(tmp_path: Path) -> None:
    assert period_view.period_detail(None, str(tmp_path / "reportgen.db")) is None


def test_the_newest_period_against_the_one_before_is_the_pipeline_comparison(db: str) -> None:
    detail = period_view.period_detail(None, db)
    assert detail is not None
    assert (detail.name, detail.previous) == ("2022年11月", "2022年8-10月")
    series = history.load_series(db=db)
    expected = compare_ledgers(series[2], series[1], history=series[:1]).comparison
    assert detail.comparison is not None
    got, want = detail.comparison.previous, expected.previous
    assert [len(got.improved), len(got.slipped), len(got.added), len(got.removed)] == [
        len(want.improved), len(want.slipped), len(want.added), len(want.removed)] == [4, 2, 3, 2]
    assert detail.comparison.paragraph == expected.paragraph
    assert [(s.status, s.before, s.before_share, s.after, s.after_share, s.change)
            for s in detail.shares] == [("积极", 22, 39, 20, 35, -4), ("正常", 18, 32, 22, 39, 7),
                                        ("一般", 6, 11, 8, 14, 3), ("滞后", 10, 18, 7, 12, -6)]
    assert any("无法确定是否为同一任务" in w.message for w in detail.warnings)


def test_lights_are_the_lights_of_the_stored_ledger_at_its_report_date(db: str) -> None:
    detail = period_view.period_detail("2022年11月", db)
    assert detail is not None and detail.report_date == dt.date(2022, 12, 10)
    lights, _ = ledger_lights(history.load_period("2022年11月", db=db), on=detail.report_date)
    assert detail.light_counts == light_counts(lights) == {"红": 5, "黄": 14, "绿": 38}
    per_unit = {u.unit: (u.red, u.yellow, u.green) for u in detail.unit_lights}
    assert per_unit["区住建局"] == (1, 3, 1)
    assert sum(u.red for u in detail.unit_lights) == 5
    assert [r.light for r in detail.flagged][:5] == ["红"] * 5
    assert len(detail.flagged) == 19


def test_the_first_period_has_no_comparison_and_an_unknown_one_is_refused(db: str) -> None:
    first = period_view.period_detail("2022年6-7月", db)
    assert first is not None and first.previous is None and first.comparison is None
    assert all(s.before is None and s.change is None for s in first.shares)
    with pytest.raises(PeriodNotFoundError, match="没有记录过期次“2023年1月”"):
        period_view.period_detail("2023年1月", db)


def test_notices_of_the_period_name_their_items_as_the_period_does(db: str) -> None:
    ledger = history.load_period("2022年8-10月", db=db)
    first, second = ledger.items[0], ledger.items[1]
    due = dt.date(2022, 11, 19)
    registry = history.NoticeRegistry(resolve(db, Path.cwd(), trusted=True))
    registry.record("2022年8-10月", 2022, [
        IssuedNotice("督办〔2022〕1号", 2022, 1, "区财政局", "2022年8-10月", DUBAN,
                     (item_key(first), item_key(second)), due),
        IssuedNotice("督办〔2022〕2号", 2022, 2, "区住建局", "2022年8-10月", CUIBAN,
                     ("task:已不在台账中的任务",))])
    detail = period_view.period_detail("2022年8-10月", db)
    assert detail is not None
    assert [(n.notice.number, n.notice.unit, n.notice.level, n.notice.due, n.items)
            for n in detail.notices] == [
        ("督办〔2022〕1号", "区财政局", DUBAN, due,
         [f"{first.seq} {first.task}", f"{second.seq} {second.task}"]),
        ("督办〔2022〕2号", "区住建局", CUIBAN, None, ["已不在台账中的任务"])]
    newest = period_view.period_detail(None, db)
    assert newest is not None and newest.notices == []


def test_notices_of_unrecorded_periods(db: str) -> None:
    registry = history.NoticeRegistry(resolve(db, Path.cwd(), trusted=True))
    registry.record("2022年8-10月", 2022, [IssuedNotice("督办〔2022〕1号", 2022, 1, "区甲局",
                                                       "2022年8-10月", DUBAN, ("task:甲",))])
    registry.record("8-10月", 2022, [IssuedNotice("督办〔2022〕2号", 2022, 2, "区乙局", "8-10月",
                                                 DUBAN, ("id:ZH-9", "task:乙项任务"))])
    found = period_view.unrecorded_notices(db)
    assert [(n.notice.number, n.notice.period, n.items) for n in found] == [
        ("督办〔2022〕2号", "8-10月", ["ZH-9", "乙项任务"])]
    assert len(history.period_notices(None, db)) == 2
