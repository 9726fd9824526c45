"""XLSX specifics: title rows, merged unit and section cells, extra columns, several sheets."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportgen.errors import DataError
from reportgen.loaders import load_ledger


def workbook(rows: list[list[object]], merges: list[str], path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    for area in merges:
        ws.merge_cells(area)
    wb.save(path)
    return path


def test_attachment_label_title_sections_and_merged_units(tmp_path: Path) -> None:
    """Shaped like seed 000: 附件 label, title, header, one unit merged over two progress rows."""
    path = workbook([
        ["附  件"],
        ["2020年度市政府重大督查事项4月份进展情况"],
        ["序  号", "事项\n名称", "责任单位", "各项工作进展情况", "完成情况", "联系电话"],
        ["一、经济发展"],
        [1, "绿色能源基地建设", "市发改委", "<p>方案设计初稿已完成。</p>", "正常", "123"],
        [2, "尼龙城和电气城\n建设", "市工信局", "尼龙城建设：已投产。", "积极", None],
        [None, None, None, "招商引资方面：签约两个项目。", None, None],
        ["二、民生保障"],
        [3, "农村人居环境整治", "市农业\n农村局", None, None, None],
    ], ["A1:F1", "A2:F2", "A4:F4", "A6:A7", "B6:B7", "C6:C7", "E6:E7", "A8:F8"],
        tmp_path / "附件.xlsx")
    result = load_ledger(path)
    ledger = result.ledger
    assert ledger.title == "2020年度市政府重大督查事项4月份进展情况"
    assert [(i.seq, i.section, i.task) for i in ledger.items] == [
        ("1", "一、经济发展", "绿色能源基地建设"),
        ("2", "一、经济发展", "尼龙城和电气城建设"),
        ("3", "二、民生保障", "农村人居环境整治")]
    assert [(r.unit, r.progress, r.status) for r in ledger.items[1].rows] == [
        ("市工信局", "尼龙城建设：已投产。", "积极"),
        ("市工信局", "招商引资方面：签约两个项目。", "积极")]
    assert ledger.items[0].rows[0].progress == "方案设计初稿已完成。"
    assert ledger.items[2].rows[0].unit == "市农业农村局" and not ledger.items[2].has_progress
    assert [(w.row, w.field) for w in result.warnings] == [(3, "联系电话")]


def test_lead_and_co_units_in_two_columns_make_one_joint_cell(tmp_path: Path) -> None:
    path = workbook([["序号", "工作任务", "牵头单位", "责任单位", "完成情况"],
                     [1, "招商", "区商务局", "区发改委、区工信局", "积极"]], [], tmp_path / "台账.xlsx")
    row = load_ledger(path).ledger.items[0].rows[0]
    assert row.unit == "区商务局 区发改委 区工信局" and row.lead_unit == "区商务局"


def test_ledger_sheet_found_behind_another_sheet(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    first = wb.active
    assert first is not None
    first.title = "说明"
    first.append(["本表由督查室汇总"])
    sheet = wb.create_sheet("台账")
    sheet.append(["序号", "重点工作", "状态"])
    sheet.append([1.0, "任务甲", "滞后"])
    wb.save(tmp_path / "台账.xlsx")
    item = load_ledger(tmp_path / "台账.xlsx").ledger.items[0]
    assert (item.seq, item.task, item.rows[0].status) == ("1", "任务甲", "滞后")


def test_error_rows_are_excel_row_numbers(tmp_path: Path) -> None:
    path = workbook([["台账"], ["序号", "工作任务", "完成情况"], [1, "甲", "优秀"], [2, None, "积极"]],
                    ["A1:C1"], tmp_path / "台账.xlsx")
    with pytest.raises(DataError) as info:
        load_ledger(path)
    assert [(p.row, p.field) for p in info.value.problems] == [(3, "完成情况"), (4, "工作任务")]


def test_a_title_that_reads_like_a_header_is_still_the_title(tmp_path: Path) -> None:
    path = workbook([["重点工作（2022年下半年）"], ["序号", "重点工作", "落实情况"], [1, "甲", "已完成。"]],
                    ["A1:C1"], tmp_path / "台账.xlsx")
    ledger = load_ledger(path).ledger
    assert ledger.title == "重点工作（2022年下半年）"
    assert [(i.task, i.rows[0].progress) for i in ledger.items] == [("甲", "已完成。")]
