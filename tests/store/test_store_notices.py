"""督办 notices as sent, kept in the store on both backends: escalation data and numbering."""
from __future__ import annotations

from pathlib import Path

from reportgen.analysis.duban import CUIBAN, DUBAN, IssuedNotice
from reportgen.pipeline.history import NoticeRegistry
from reportgen.store.engine import resolve


def _notice(seq: int, unit: str, period: str, level: str = DUBAN,
            keys: tuple[str, ...] = ("task:推进X项目建设",)) -> IssuedNotice:
    return IssuedNotice(f"督办〔2022〕{seq}号", 2022, seq, unit, period, level, keys)


def test_notices_are_remembered_per_period_and_a_rebuild_replaces_its_own(db_url: str) -> None:
    registry = NoticeRegistry(resolve(db_url, Path.cwd(), trusted=True))
    assert registry.issued(2022) == []  # no store yet (SQLite) or an empty one
    registry.record("2022年8-10月", 2022, [_notice(1, "区甲局", "2022年8-10月"),
                                          _notice(2, "区乙局", "2022年8-10月")])
    # the same period built again without 区乙局: its notice is dropped, its number stays used
    registry.record("2022年8-10月", 2022, [_notice(1, "区甲局", "2022年8-10月")])
    registry.record("2022年11月", 2022, [_notice(3, "区甲局", "2022年11月", CUIBAN,
                                                ("id:ZH-1", "task:乙"))])
    issued = registry.issued(2022)
    assert [(n.number, n.unit, n.period, n.level) for n in issued] == [
        ("督办〔2022〕1号", "区甲局", "2022年8-10月", DUBAN),
        ("督办〔2022〕3号", "区甲局", "2022年11月", CUIBAN)]
    assert issued[1].item_keys == ("id:ZH-1", "task:乙")
    assert registry.issued(2023) == []
    from sqlalchemy.orm import Session

    from reportgen.store import queries
    from reportgen.store.engine import open_engine

    with open_engine(resolve(db_url, Path.cwd(), trusted=True)) as engine, Session(engine) as s:
        assert list(queries.issued_numbers(s, 2022)) == [1, 2, 3]
        assert queries.next_notice_number(s, 2022) == 4


def test_notices_keep_their_due_date_and_are_found_by_period(db_url: str) -> None:
    import datetime as dt

    from sqlalchemy.orm import Session

    from reportgen.store import queries
    from reportgen.store.engine import open_engine

    target = resolve(db_url, Path.cwd(), trusted=True)
    registry = NoticeRegistry(target)
    due = dt.date(2022, 11, 19)
    first = IssuedNotice("督办〔2022〕1号", 2022, 1, "区甲局", "2022年8-10月", DUBAN,
                         ("task:甲",), due)
    registry.record("2022年8-10月", 2022, [first, _notice(2, "区乙局", "2022年8-10月")])
    registry.record("2022年11月", 2022, [_notice(3, "区甲局", "2022年11月", CUIBAN)])
    assert [n.due for n in registry.issued(2022)] == [due, None, None]
    with open_engine(target) as engine, Session(engine) as session:
        found = queries.period_notices(session, "2022年8-10月")
        assert [(n.label, n.unit, n.due) for n in found] == [
            ("督办〔2022〕1号", "区甲局", due), ("督办〔2022〕2号", "区乙局", None)]
        assert queries.period_notices(session, "没有这期") == []
