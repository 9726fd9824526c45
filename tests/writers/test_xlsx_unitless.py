"""A ledger without units or statuses: no empty 责任单位/完成情况 columns, no all-zero statistics."""
from __future__ import annotations

from pathlib import Path

import openpyxl

from reportgen.model import Item, Ledger, UnitRow
from reportgen.writers.xlsx import LEDGER_SHEET, SUMMARY_SHEET, write_ledger


def unitless() -> Ledger:
    return Ledger(title="上半年重点工作完成情况", items=[
        Item(seq="1", section="一、扩大投资", task="加快项目建设", rows=[UnitRow(progress="已开工。")]),
        Item(seq="2", section="一、扩大投资", task="储备专项债项目", rows=[UnitRow()]),
    ])


def test_default_columns_fit_a_ledger_without_units_or_statuses(out_dir: Path) -> None:
    path = out_dir / "台账.xlsx"
    write_ledger(unitless(), path)
    workbook = openpyxl.load_workbook(path)
    sheet = workbook[LEDGER_SHEET]
    headers = [c.value for c in sheet[2] if c.value]
    assert headers == ["序号", "工作任务", "进展情况"]
    summary = workbook[SUMMARY_SHEET]
    texts = {c.value for row in summary.iter_rows() for c in row if c.value is not None}
    assert "完成情况" not in texts and "牵头单位" not in texts and "积极" not in texts
    assert summary._charts == []
    assert {"分类", "一、扩大投资"} <= texts  # what can be counted still is


def test_a_ledger_with_units_keeps_its_person_column(out_dir: Path) -> None:
    ledger = Ledger(title="t", items=[Item(seq="1", task="甲", rows=[UnitRow(unit="区财政局")])])
    path = out_dir / "台账.xlsx"
    write_ledger(ledger, path, summary=False)
    headers = [c.value for c in openpyxl.load_workbook(path)[LEDGER_SHEET][2] if c.value]
    assert headers == ["序号", "工作任务", "牵头单位", "责任人", "进展情况"]


def test_units_without_statuses_have_no_status_columns_or_chart(out_dir: Path) -> None:
    ledger = Ledger(title="t", items=[Item(seq="1", task="甲", rows=[UnitRow(unit="区财政局")])])
    path = out_dir / "台账.xlsx"
    write_ledger(ledger, path)
    summary = openpyxl.load_workbook(path)[SUMMARY_SHEET]
    rows = [[c.value for c in row if c.value is not None] for row in summary.iter_rows()]
    assert ["牵头单位", "事项数", "任务数"] in rows and ["区财政局", 1, 1] in rows
    assert summary._charts == []
