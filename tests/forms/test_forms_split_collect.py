"""split → units fill in their forms (edited here with openpyxl) → collect, and the merge report."""
from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from reportgen.forms.collect import collect
from reportgen.forms.keys import KEY_SHEET
from reportgen.forms.report import SECTIONS, MergeReport, to_markdown, write_report
from reportgen.forms.split import MANIFEST, safe_filename, split
from reportgen.model import Item, Ledger, UnitRow

# Form layout for small_ledger: title row 1, period row 2, header row 3, data from row 4;
# columns 序号 A, 工作任务 B, 牵头单位 C, 责任人 D, 进展情况 E, 完成情况 F.
PROGRESS, STATUS, TASK = 5, 6, 2


@pytest.fixture
def forms(small_ledger: Ledger, out_dir: Path) -> dict[str, Path]:
    paths = split(small_ledger, out_dir)
    return {p.stem: p for p in paths}


def edit(path: Path, changes: dict[tuple[int, int], str | None]) -> None:
    book = openpyxl.load_workbook(path)
    ws = book.worksheets[0]
    for (row, col), value in changes.items():
        ws.cell(row, col).value = value
    book.save(path)


def test_one_form_per_lead_unit(forms: dict[str, Path], out_dir: Path) -> None:
    assert list(forms) == ["区财政局", "区发改委", "区应急局", "区统计局", "未分配"]
    ws = openpyxl.load_workbook(forms["区财政局"]).worksheets[0]
    assert ws.cell(1, 1).value == "测试区2022年重点工作任务推进情况台账（区财政局填报）"
    assert [ws.cell(r, TASK).value for r in (4, 5)] == ["深化国有投融资公司改革", "争取更多项目资金"]
    assert ws.max_row == 5
    joint = openpyxl.load_workbook(forms["区统计局"]).worksheets[0]
    assert joint.cell(4, 3).value == "区统计局 区工信局"


def test_form_protection_and_dropdown(forms: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(forms["区财政局"])
    ws = book.worksheets[0]
    assert ws.protection.sheet is True and not ws.protection.password
    assert ws.cell(4, TASK).protection.locked is True
    assert ws.cell(4, 1).protection.locked is True
    assert ws.cell(4, PROGRESS).protection.locked is False
    assert ws.cell(4, STATUS).protection.locked is False
    assert ws.data_validations.dataValidation[0].formula1 == '"积极,正常,一般,滞后"'
    assert book[KEY_SHEET].sheet_state == "veryHidden"


def test_manifest_lists_units_files_and_rows(forms: dict[str, Path], out_dir: Path) -> None:
    ws = openpyxl.load_workbook(out_dir / MANIFEST).active
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=3)]
    assert rows[0] == [1, "区财政局", "区财政局.xlsx", 2, 2]
    assert rows[4] == [5, "未分配", "未分配.xlsx", 1, 1]
    assert rows[-1][0] == "合计" and rows[-1][4] == 6


def test_safe_filename() -> None:
    assert safe_filename('区/财政:局*?') == "区_财政_局_"
    assert safe_filename("  ..  ") == "未命名"
    assert safe_filename("CON") == "_CON"


def test_split_fill_collect(small_ledger: Ledger, forms: dict[str, Path], out_dir: Path) -> None:
    # 区财政局 updates both its rows; its second row is 争取更多项目资金 (row 5)
    edit(forms["区财政局"], {(4, PROGRESS): "=已完成评级，注入资产10亿元。", (4, STATUS): "积极",
                           (5, PROGRESS): "已争取资金2亿元。"})
    # 区发改委 alters its task text and reports a status outside the scale
    edit(forms["区发改委"], {(4, TASK): "争取更多项目资金（已改）", (4, PROGRESS): "下达资金。",
                           (4, STATUS): "很好"})
    # 区应急局 returns an empty progress: the existing text stays
    edit(forms["区应急局"], {(4, PROGRESS): None})
    returned = [forms["区财政局"], forms["区发改委"], forms["区应急局"]]  # 区统计局, 未分配 missing
    result = collect(small_ledger, returned)
    ledger, report = result.ledger, result.report

    rows = ledger.rows
    assert len(rows) == len(small_ledger.rows)  # no row lost
    assert rows[0][1].progress == "=已完成评级，注入资产10亿元。" and rows[0][1].status == "积极"
    assert rows[1][1].progress == "已争取资金2亿元。"
    assert rows[2][1].progress == "下达资金。" and rows[2][1].status == "积极"  # old status kept
    assert rows[3][1].progress == "成立工作专班。"  # empty return did not wipe it
    assert ledger.items[1].task == "争取更多项目资金"  # the unit's edit of the task is not taken
    assert small_ledger.rows[0][1].progress == "正在积极包装项目。"  # input untouched

    assert [(f.unit, f.seq) for f in report.updated] == [
        ("区财政局", "1"), ("区财政局", "2"), ("区发改委", "2")]
    assert report.updated[0].detail == "进展情况、完成情况"
    assert [(f.unit, f.task) for f in report.not_returned] == [
        ("区统计局 区工信局", "强化企业上规入库"), ("未分配", "完善城乡低保制度")]
    assert [(f.unit, f.task) for f in report.altered_tasks] == [("区发改委", "争取更多项目资金")]
    assert "（已改）" in report.altered_tasks[0].detail
    assert [f.unit for f in report.bad_statuses] == ["区发改委"]
    assert "很好" in report.bad_statuses[0].detail
    assert [f.unit for f in report.kept_existing] == ["区应急局"]
    assert report.unchanged == 1  # 区应急局: nothing else changed
    assert not report.duplicates and not report.unmatched and not report.conflicts


def test_duplicate_and_unknown_returns(small_ledger: Ledger, forms: dict[str, Path],
                                       tmp_path: Path) -> None:
    copy = tmp_path / "区财政局（第二份）.xlsx"
    copy.write_bytes(forms["区财政局"].read_bytes())
    edit(forms["区财政局"], {(4, PROGRESS): "第一份。"})
    edit(copy, {(4, PROGRESS): "第二份。"})
    stray = tmp_path / "随便.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["工作任务"])
    book.save(stray)
    broken = tmp_path / "坏文件.xlsx"
    broken.write_bytes(b"not a zip")
    result = collect(small_ledger, [forms["区财政局"], copy, stray, broken])
    assert result.ledger.rows[0][1].progress == "第一份。"
    assert [(f.seq, f.file) for f in result.report.duplicates] == [
        ("1", copy.name), ("2", copy.name)]
    assert "区财政局.xlsx" in result.report.duplicates[0].detail
    assert [f.file for f in result.report.unmatched] == ["随便.xlsx"]
    assert [f.file for f in result.report.unreadable] == ["坏文件.xlsx"]


def test_ledger_changed_after_split_is_a_conflict(small_ledger: Ledger,
                                                  forms: dict[str, Path]) -> None:
    newer = small_ledger.model_copy(deep=True)
    newer.items[0].rows[0].progress = "督查室在下发后更新的进展。"
    edit(forms["区财政局"], {(4, PROGRESS): "单位报送的进展。"})
    result = collect(newer, [forms["区财政局"]])
    assert result.ledger.rows[0][1].progress == "督查室在下发后更新的进展。"
    assert [f.seq for f in result.report.conflicts] == ["1"]


def test_rows_added_by_a_unit_are_reported(small_ledger: Ledger, forms: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(forms["区发改委"])
    book.worksheets[0].protection.sheet = False
    book.worksheets[0].cell(6, TASK).value = "新增的任务"
    book.save(forms["区发改委"])
    report = collect(small_ledger, [forms["区发改委"]]).report
    assert [(f.row, f.task) for f in report.added] == [(6, "新增的任务")]  # kept, not merged
    assert "工作任务：新增的任务" in report.added[0].detail and not report.unmatched


def test_ledger_reordered_after_split_still_matches(small_ledger: Ledger,
                                                     forms: dict[str, Path]) -> None:
    moved = small_ledger.model_copy(deep=True)
    moved.items.reverse()
    edit(forms["区统计局"], {(4, PROGRESS): "入库20家。"})
    result = collect(moved, [forms["区统计局"]])
    assert result.ledger.items[1].rows[0].progress == "入库20家。"
    assert not result.report.unmatched


def _report() -> MergeReport:
    ledger = Ledger(title="t", items=[Item(seq="1", task="任务|一", rows=[UnitRow(unit="甲")])])
    report = MergeReport(files=["a.xlsx"])
    from reportgen.forms.report import Finding
    report.not_returned.append(Finding("甲", "1", ledger.items[0].task, detail="未收到报送"))
    return report


def test_write_report_markdown_and_xlsx(tmp_path: Path) -> None:
    report = _report()
    text = to_markdown(report)
    assert "## 未报送的任务（1）" in text and "任务\\|一" in text
    assert all(heading in text for heading in SECTIONS.values())
    write_report(report, tmp_path / "r.md")
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# 填报表合并报告")
    write_report(report, tmp_path / "r.xlsx")
    values = [c.value for row in openpyxl.load_workbook(tmp_path / "r.xlsx").active.iter_rows()
              for c in row]
    assert "未报送的任务（1）" in values and "任务|一" in values


def test_save_result_yaml_xlsx_and_report(small_ledger: Ledger, forms: dict[str, Path],
                                          tmp_path: Path) -> None:
    from reportgen.errors import OutputError
    from reportgen.forms.collect import save_result
    from reportgen.loaders import load_ledger

    edit(forms["区发改委"], {(4, PROGRESS): "下达资金。"})
    result = collect(small_ledger, [forms["区发改委"]])
    written = save_result(result, tmp_path / "新台账.yaml")
    assert [p.name for p in written] == ["新台账.yaml", "新台账_合并报告.md"]
    assert load_ledger(written[0]).ledger.rows[2][1].progress == "下达资金。"
    assert "## 未报送的任务（5）" in written[1].read_text(encoding="utf-8")
    xlsx = save_result(result, tmp_path / "新台账.xlsx")[0]
    assert openpyxl.load_workbook(xlsx)["台账"].cell(6, PROGRESS).value == "下达资金。"
    with pytest.raises(OutputError, match=r"\.yaml 或 \.xlsx"):
        save_result(result, tmp_path / "新台账.docx")
