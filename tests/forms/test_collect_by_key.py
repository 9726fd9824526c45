"""collect matches rows by the hidden key split wrote, whatever a unit did to its sheet.

Units delete rows, sort, insert rows and columns and rename headers (edited here with openpyxl
as a unit would in Excel, the sheet protection having no password); a damaged key, or a form of
another ledger or period, is refused and reported, never merged by position.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from reportgen.errors import DataError
from reportgen.forms.collect import collect, save_result
from reportgen.forms.keys import KEY_SHEET, FormKeyError, read_keys
from reportgen.forms.split import split
from reportgen.model import Ledger

# 区财政局's form: header row 3, data rows 4 (序号1 深化国有投融资公司改革) and 5 (序号2 争取更多项目资金);
# columns 序号 A, 工作任务 B, 牵头单位 C, 责任人 D, 进展情况 E, 完成情况 F, hidden key G.
TASK, PROGRESS, STATUS, KEY = 2, 5, 6, 7
FIRST = "正在积极包装项目。"  # the ledger's progress of 序号1 (区财政局)


@pytest.fixture
def forms(small_ledger: Ledger, out_dir: Path) -> dict[str, Path]:
    return {p.stem: p for p in split(small_ledger, out_dir)}


def _sheet(path: Path) -> tuple[Any, Any]:
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    ws.protection.sheet = False  # no password: any unit can lift it
    return book, ws


def _fill(ws: Any, row: int, progress: str, status: str) -> None:
    ws.cell(row, PROGRESS).value = progress
    ws.cell(row, STATUS).value = status


def _sort_rows(ws: Any, first: int, last: int, columns: int) -> None:
    """Sort rows first..last by 序号 descending, every column moving with its row (as Excel)."""
    rows = [[ws.cell(r, c).value for c in range(1, columns + 1)] for r in range(first, last + 1)]
    rows.sort(key=lambda values: -int(values[0]))
    for r, values in enumerate(rows, start=first):
        for c, value in enumerate(values, start=1):
            ws.cell(r, c).value = value


def _progress(ledger: Ledger) -> dict[tuple[str | None, str], str | None]:
    return {(row.unit, item.task): row.progress for item, row in ledger.rows}


def test_the_form_carries_a_hidden_key_column(forms: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(forms["区财政局"])
    ws = book.worksheets[0]
    assert ws.column_dimensions["G"].hidden is True
    assert ws.cell(3, KEY).value == "reportgen-key"
    assert str(ws.cell(4, KEY).value).startswith("RG2:")
    assert ws.auto_filter.ref == "A3:G5"  # sorting by the filter moves the keys too
    header, keys = read_keys(book) or (None, [])
    assert header is not None and header.unit == "区财政局" and len(keys) == 2


def test_a_sorted_sheet_merges_each_row_into_its_own_task(small_ledger: Ledger,
                                                          forms: dict[str, Path]) -> None:
    book, ws = _sheet(forms["区财政局"])
    _fill(ws, 4, "改革：已完成评级。", "积极")
    _fill(ws, 5, "资金：已争取2亿元。", "正常")
    _sort_rows(ws, 4, 5, KEY)  # 序号2 now on row 4, 序号1 on row 5
    assert ws.cell(4, TASK).value == "争取更多项目资金"
    book.save(forms["区财政局"])
    result = collect(small_ledger, [forms["区财政局"]])
    progress = _progress(result.ledger)
    assert progress[("区财政局", "深化国有投融资公司改革")] == "改革：已完成评级。"
    assert progress[("区财政局", "争取更多项目资金")] == "资金：已争取2亿元。"
    assert result.ledger.items[1].rows[0].status == "正常"
    assert [(f.seq, f.row) for f in result.report.updated] == [("2", 4), ("1", 5)]
    assert not result.report.altered_tasks and not result.report.deleted


def test_a_deleted_row_is_reported_and_the_ledger_keeps_its_value(
        small_ledger: Ledger, forms: dict[str, Path]) -> None:
    book, ws = _sheet(forms["区财政局"])
    ws.delete_rows(4)  # 序号1 gone; 序号2 moves up to row 4
    _fill(ws, 4, "资金：已争取2亿元。", "积极")
    book.save(forms["区财政局"])
    result = collect(small_ledger, [forms["区财政局"]])
    progress = _progress(result.ledger)
    assert progress[("区财政局", "深化国有投融资公司改革")] == FIRST
    assert progress[("区财政局", "争取更多项目资金")] == "资金：已争取2亿元。"
    assert [(f.unit, f.task) for f in result.report.deleted] == [
        ("区财政局", "深化国有投融资公司改革")]
    assert "深化国有投融资公司改革" not in [f.task for f in result.report.not_returned]
    unit = result.report.units[0]
    assert (unit.unit, unit.updated, unit.missing, unit.added) == ("区财政局", 1, 1, 0)


def test_inserted_column_and_row_and_a_renamed_header(small_ledger: Ledger,
                                                      forms: dict[str, Path],
                                                      tmp_path: Path) -> None:
    book, ws = _sheet(forms["区财政局"])
    ws.cell(3, PROGRESS).value = "本月进展"  # renamed header
    ws.insert_cols(3)  # a new column between 工作任务 and 牵头单位: 进展情况 now F, 完成情况 G
    ws.cell(3, 3).value = "备注"
    ws.cell(4, 3).value = "单位自加的备注"
    ws.insert_rows(5)  # a new row between the two tasks
    ws.cell(5, TASK).value = "单位自行增加的任务"
    ws.cell(5, PROGRESS + 1).value = "新增任务的进展，不能丢。"
    _fill_shifted = {4: "改革：已完成评级。", 6: "资金：已争取2亿元。"}
    for row, text in _fill_shifted.items():
        ws.cell(row, PROGRESS + 1).value = text
    book.save(forms["区财政局"])
    result = collect(small_ledger, [forms["区财政局"]])
    progress = _progress(result.ledger)
    assert progress[("区财政局", "深化国有投融资公司改革")] == "改革：已完成评级。"
    assert progress[("区财政局", "争取更多项目资金")] == "资金：已争取2亿元。"
    assert len(result.ledger.rows) == len(small_ledger.rows)
    report = result.report
    assert [(f.row, f.task) for f in report.added] == [(5, "单位自行增加的任务")]
    assert "本月进展：新增任务的进展，不能丢。" in report.added[0].detail
    notes = report.units[0].columns
    assert notes == ["表头“进展情况”改为“本月进展”", "新增列“备注”（C 列，未合并）"]  # the
    # columns the insertion pushed right are not reported as moved one by one
    assert "新增列“备注”（C 列，未合并）" in notes
    written = save_result(result, tmp_path / "新台账.yaml")
    text = written[1].read_text(encoding="utf-8")
    assert "## 各单位情况（1）" in text and "新增任务的进展，不能丢。" in text
    assert "表头“进展情况”改为“本月进展”" in text


def test_swapped_columns_are_found_by_their_headers(small_ledger: Ledger,
                                                   forms: dict[str, Path]) -> None:
    book, ws = _sheet(forms["区财政局"])
    _fill(ws, 4, "改革：已完成评级。", "积极")
    for row in range(3, 6):  # cut 完成情况 and paste it before 进展情况
        progress, status = ws.cell(row, PROGRESS).value, ws.cell(row, STATUS).value
        ws.cell(row, PROGRESS).value, ws.cell(row, STATUS).value = status, progress
    book.save(forms["区财政局"])
    result = collect(small_ledger, [forms["区财政局"]])
    row = result.ledger.items[0].rows[0]
    assert (row.progress, row.status) == ("改革：已完成评级。", "积极")
    assert result.report.units[0].columns == ["“进展情况”列由 E 列移到 F 列",
                                              "“完成情况”列由 F 列移到 E 列"]


def test_a_tampered_row_key_is_refused_not_guessed(small_ledger: Ledger,
                                                   forms: dict[str, Path]) -> None:
    book, ws = _sheet(forms["区财政局"])
    token = str(ws.cell(4, KEY).value)
    ws.cell(4, KEY).value = token[:-1] + ("0" if token[-1] != "0" else "1")
    _fill(ws, 4, "不应合并的进展。", "积极")
    _fill(ws, 5, "资金：已争取2亿元。", "积极")
    book.save(forms["区财政局"])
    result = collect(small_ledger, [forms["区财政局"]])
    progress = _progress(result.ledger)
    assert progress[("区财政局", "深化国有投融资公司改革")] == FIRST
    assert progress[("区财政局", "争取更多项目资金")] == "资金：已争取2亿元。"
    assert [f.row for f in result.report.tampered] == [4]
    assert "已被改动" in result.report.tampered[0].detail


def test_a_row_pasted_from_another_units_form_is_refused(small_ledger: Ledger,
                                                         forms: dict[str, Path]) -> None:
    _, other = _sheet(forms["区发改委"])
    book, ws = _sheet(forms["区财政局"])
    for column in range(1, KEY + 1):
        ws.cell(6, column).value = other.cell(4, column).value
    ws.cell(6, PROGRESS).value = "冒名的进展。"
    book.save(forms["区财政局"])
    result = collect(small_ledger, [forms["区财政局"]])
    assert "冒名的进展。" not in str(_progress(result.ledger))
    assert [f.row for f in result.report.tampered] == [6]
    assert "另一份填报表" in result.report.tampered[0].detail


@pytest.mark.parametrize("damage", ["key-sheet-edited", "key-column-deleted", "rows-cut"])
def test_a_damaged_key_refuses_the_whole_form(damage: str, small_ledger: Ledger,
                                              forms: dict[str, Path]) -> None:
    book, ws = _sheet(forms["区财政局"])
    _fill(ws, 4, "不应合并的进展。", "积极")
    if damage == "key-sheet-edited":
        book[KEY_SHEET].cell(4, 3).value = 2  # point row 1 at another ledger item
    elif damage == "key-column-deleted":
        ws.delete_cols(KEY)
    else:
        book[KEY_SHEET].delete_rows(5)
    book.save(forms["区财政局"])
    if damage != "key-column-deleted":
        with pytest.raises(FormKeyError, match="校验和"):
            read_keys(openpyxl.load_workbook(forms["区财政局"]))
    assert issubclass(FormKeyError, DataError)  # exit 2 where it is raised
    result = collect(small_ledger, [forms["区财政局"]])
    assert "不应合并的进展。" not in str(_progress(result.ledger))
    assert [f.file for f in result.report.refused] == ["区财政局.xlsx"]
    assert not result.report.updated


@pytest.mark.parametrize("change", ["period", "title"])
def test_a_form_of_another_period_or_ledger_is_refused(change: str, small_ledger: Ledger,
                                                       forms: dict[str, Path]) -> None:
    book, ws = _sheet(forms["区财政局"])
    _fill(ws, 4, "上一期的进展。", "积极")
    book.save(forms["区财政局"])
    later = small_ledger.model_copy(deep=True)
    if change == "period":
        later.period = "2022年11-12月"
    else:
        later.title = "另一个区的台账"
    result = collect(later, [forms["区财政局"]])
    assert "上一期的进展。" not in str(_progress(result.ledger))
    assert len(result.report.refused) == 1
    assert "不是本台账" in result.report.refused[0].detail
    assert "2022年8-10月" in result.report.refused[0].detail


def test_a_stable_task_id_matches_after_the_office_edits_the_task(
        small_ledger: Ledger, out_dir: Path) -> None:
    with_ids = small_ledger.model_copy(deep=True)
    for number, item in enumerate(with_ids.items, start=1):
        item.id = f"ZH2022-{number:03d}"
    paths = {p.stem: p for p in split(with_ids, out_dir)}
    book, ws = _sheet(paths["区财政局"])
    _fill(ws, 4, "改革：已完成评级。", "积极")
    book.save(paths["区财政局"])
    edited = with_ids.model_copy(deep=True)
    edited.items.reverse()  # the office reorders the ledger and rewords the task after split
    edited.items[-1].task = "深化国有投融资公司改革（表述已调整）"
    result = collect(edited, [paths["区财政局"]])
    assert result.ledger.items[-1].rows[0].progress == "改革：已完成评级。"
    assert not result.report.unmatched
