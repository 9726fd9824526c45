"""Helpers of the store tests: ledgers that exercise every field, and direct store access."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy.orm import Session

from reportgen.model import Item, Ledger, Status, StatusScale, UnitRow
from reportgen.store import queries
from reportgen.store.engine import open_engine, resolve, writer

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"

ODD_SCALE = StatusScale(statuses=(
    Status(name="已完成", color="#00B050", fill="#E2EFDA"),
    Status(name="序时推进", color="#1F4E79"),
    Status(name="滞后", color="#C00000", fill="#FFC7CE", weak=True, lagging=True),
    Status(name="未启动", weak=True),
))


def every_field_ledger(period: str = "2022年11月") -> Ledger:
    """Ids, empty versus missing texts, a joint unit cell, a unit-less row, a custom scale."""
    return Ledger(
        title="测试区2022年重点工作任务推进情况台账", period=period, date=dt.date(2022, 12, 5),
        scale=ODD_SCALE,
        items=[
            Item(id="ZH-001", seq="1", section="一、产业", task="推进X项目建设", target="年底投产",
                 deadline="2022年12月底前", notes="备注：no",
                 rows=[UnitRow(unit="区财政局", person="王惠平", progress="已完成。\n第二段。",
                               status="已完成"),
                       UnitRow(unit="区工信局 区商务局", person="樊星烁 赵永强", progress="",
                               status="滞后")]),
            Item(seq="（二）", task="只有任务与落实情况", rows=[UnitRow(progress="落实中", status="序时推进")]),
            Item(task="没有进展的任务", rows=[UnitRow(unit="区应急局", progress=None, status=None)]),
            Item(id="ZH-004", task="含特殊字符 ' \" % _ \\ 😀 𠀀 的任务",
                 rows=[UnitRow(unit="区统计局", person="", progress="=1+1", status="未启动")]),
        ])


def store_ledger(url: str, ledger: Ledger, name: str, replace: bool = False) -> None:
    """Record ``ledger`` as ``name`` directly through the queries, in one transaction."""
    database = resolve(url, Path.cwd(), trusted=True)
    with open_engine(database) as engine, Session(writer(engine)) as session, session.begin():
        queries.record_period(session, ledger, name, "测试", replace=replace)


def read_ledger(url: str, name: str) -> Ledger:
    database = resolve(url, Path.cwd(), trusted=True)
    with open_engine(database, create=False) as engine, Session(engine) as session:
        return queries.load_period(session, name)
