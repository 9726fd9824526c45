"""One small ledger written in every input format, and the model every loader must produce."""
from __future__ import annotations

import csv
from pathlib import Path

import openpyxl

from reportgen.model import Item, Ledger, UnitRow

TITLE = "测试区2022年重点工作任务推进情况台账"
PERIOD = "2022年8-10月"
S1 = "一、加快构建现代产业体系"
S2 = "二、持续保障和改善民生"
HEADER = ["序号", "分类", "工作任务", "时限", "牵头单位", "责任人", "进展情况", "完成情况", "备注"]
# One line per unit row, as a clerk would type it into a spreadsheet: item cells left empty
# on the rows that continue an item.
TABLE = [
    ["1", S1, "深化国有投融资公司改革", "", "区财政局", "李会卿", "正在积极包装项目。", "正常", ""],
    ["2", S1, "争取更多项目资金", "2022-12-31", "区财政局", "王惠平", "录入项目库。\n随后调整。", "积极", "no"],
    ["", "", "", "", "区发改委", "裴永乐", "申请中央预算内资金。", "积极", ""],
    ["", "", "", "", "区应急局", "刘玉茜", "成立工作专班。", "一般", ""],
    ["3", S2, "强化企业上规入库", "", "区统计局 区工信局", "樊星烁 赵永强", "入库14家。", "滞后", ""],
    ["4", S2, "完善城乡低保制度", "", "", "", "", "", ""],
]

YAML_EN = f"""\
title: {TITLE}
period: {PERIOD}
items:
  - seq: 1
    section: {S1}
    task: 深化国有投融资公司改革
    units:
      - unit: 区财政局
        person: 李会卿
        progress: 正在积极包装项目。
        status: 正常
  - seq: 2
    section: {S1}
    task: 争取更多项目资金
    deadline: 2022-12-31
    notes: no
    units:
      - unit: 区财政局
        person: 王惠平
        progress: |
          录入项目库。
          随后调整。
        status: 积极
      - unit: 区发改委
        person: 裴永乐
        progress: 申请中央预算内资金。
        status: 积极
      - unit: 区应急局
        person: 刘玉茜
        progress: 成立工作专班。
        status: 一般
  - seq: 3
    section: {S2}
    task: 强化企业上规入库
    units:
      - unit: 区统计局 区工信局
        person: 樊星烁 赵永强
        progress: 入库14家。
        status: 滞后
  - seq: 4
    section: {S2}
    task: 完善城乡低保制度
"""

YAML_ZH = f"""\
标题: {TITLE}
时期: {PERIOD}
事项:
  - 序号: 1
    分类: {S1}
    工作任务: 深化国有投融资公司改革
    责任单位: 区财政局
    责任人: 李会卿
    进展情况: 正在积极包装项目。
    完成情况: 正常
  - 序号: 2
    分类: {S1}
    事项名称: 争取更多项目资金
    时限: 2022-12-31
    备注: no
    责任单位:
      - 责任单位: 区财政局
        责任人: 王惠平
        进展情况: "<p>录入项目库。</p> <p>随后调整。</p>"
        完成情况: 积极
      - 牵头单位: 区发改委
        责任人: 裴永乐
        落实情况: 申请中央预算内资金。
        状态: 积极
      - 责任单位: 区应急局
        责任人: 刘玉茜
        进展情况: 成立工作专班。
        完成情况: 一般
  - 序号: 3
    分类: {S2}
    重点工作: 强化企业上规入库
    units:
      - 责任单位: 区统计局、区工信局
        责任人: 樊星烁 赵永强
        进展情况: 入库14家。
        完成情况: 滞后
  - 序号: 4
    分类: {S2}
    工作任务: 完善城乡低保制度
"""


def expected_ledger() -> Ledger:
    """The model all of the files above must load into."""
    return Ledger(
        title=TITLE,
        period=PERIOD,
        items=[
            Item(seq="1", section=S1, task="深化国有投融资公司改革",
                 rows=[UnitRow(unit="区财政局", person="李会卿", progress="正在积极包装项目。",
                               status="正常")]),
            Item(seq="2", section=S1, task="争取更多项目资金", deadline="2022-12-31", notes="no",
                 rows=[UnitRow(unit="区财政局", person="王惠平", progress="录入项目库。\n随后调整。",
                               status="积极"),
                       UnitRow(unit="区发改委", person="裴永乐", progress="申请中央预算内资金。",
                               status="积极"),
                       UnitRow(unit="区应急局", person="刘玉茜", progress="成立工作专班。",
                               status="一般")]),
            Item(seq="3", section=S2, task="强化企业上规入库",
                 rows=[UnitRow(unit="区统计局 区工信局", person="樊星烁 赵永强",
                               progress="入库14家。", status="滞后")]),
            Item(seq="4", section=S2, task="完善城乡低保制度", rows=[UnitRow()]),
        ],
    )


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8",
              title: bool = True) -> Path:
    """A CSV with the title and period rows above the header, as Excel saves it."""
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.writer(handle)
        if title:
            writer.writerow([TITLE])
            writer.writerow([PERIOD])
        writer.writerows(rows)
    return path


def write_xlsx(path: Path) -> Path:
    """The sample as a printed ledger: merged title row, item cells merged over unit rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append([TITLE])
    ws.merge_cells("A1:I1")
    ws.append([PERIOD])
    ws.append(HEADER)
    for line in TABLE:
        ws.append([int(v) if v.isdigit() and len(v) < 3 else (v or None) for v in line])
    ws.cell(5, 4).value = __import__("datetime").datetime(2022, 12, 31)  # a real date cell
    for column in "ABCDI":  # item 2 spans Excel rows 5-7
        ws.merge_cells(f"{column}5:{column}7")
    wb.save(path)
    return path
