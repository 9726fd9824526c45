"""Ledgers built in code, shared by the tests (importable as ``samples``)."""
from __future__ import annotations

from reportgen.model import Item, Ledger, UnitRow


def make_small_ledger() -> Ledger:
    """Four items: a joint unit cell, a multi-unit item, a unit-less item, one without progress."""
    return Ledger(
        title="测试区2022年重点工作任务推进情况台账",
        period="2022年8-10月",
        items=[
            Item(seq="1", section="一、加快构建现代产业体系", task="深化国有投融资公司改革",
                 rows=[UnitRow(unit="区财政局", person="李会卿", progress="正在积极包装项目。",
                               status="正常")]),
            Item(seq="2", section="一、加快构建现代产业体系", task="争取更多项目资金",
                 rows=[UnitRow(unit="区财政局", person="王惠平", progress="录入项目库。\n随后调整。",
                               status="积极"),
                       UnitRow(unit="区发改委", person="裴永乐", progress="申请中央预算内资金。",
                               status="积极"),
                       UnitRow(unit="区应急局", person="刘玉茜", progress="成立工作专班。",
                               status="一般")]),
            Item(seq="3", section="二、持续保障和改善民生", task="强化企业上规入库",
                 rows=[UnitRow(unit="区统计局 区工信局", person="樊星烁 赵永强",
                               progress="入库14家。", status="滞后")]),
            Item(seq="4", section="二、持续保障和改善民生", task="完善城乡低保制度",
                 rows=[UnitRow(progress=None, status=None)]),
        ],
    )
