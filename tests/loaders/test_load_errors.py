"""Bad ledgers: every problem is a DataError naming the file, the row (or YAML path) and field."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from ledger_samples import HEADER, TABLE, YAML_EN, write_csv

from reportgen.errors import DataError
from reportgen.loaders import load_ledger
from reportgen.model import Status, StatusScale

MakeFile = Callable[[str, "str | bytes"], Path]


def error_of(path: Path, **options: object) -> DataError:
    with pytest.raises(DataError) as info:
        load_ledger(path, **options)  # type: ignore[arg-type]
    assert info.value.exit_code == 2
    assert str(path) in str(info.value)
    return info.value


def one_problem(error: DataError) -> tuple[object, str | None, str]:
    errors = [p for p in error.problems if not p.warning]
    assert len(errors) == 1, [str(p) for p in errors]
    return errors[0].row, errors[0].field, errors[0].message


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line number of the nth line containing ``needle``."""
    lines = [i for i, line in enumerate(text.splitlines(), 1) if needle in line]
    return lines[nth - 1]


def csv_with(tmp_path: Path, changes: dict[tuple[int, int], str]) -> Path:
    rows = [list(r) for r in TABLE]
    for (r, c), value in changes.items():
        rows[r][c] = value
    return write_csv(tmp_path / "台账.csv", [HEADER, *rows])


# ------------------------------------------------------------------ statuses


def test_unknown_status_yaml_names_path_line_and_allowed(make_file: MakeFile) -> None:
    text = YAML_EN.replace("status: 一般", "status: 良好")
    row, field, message = one_problem(error_of(make_file("台账.yaml", text)))
    assert row == f"items[1].units[2].status（第{line_of(text, '良好')}行）"
    assert field == "status"
    assert "良好" in message and "积极、正常、一般、滞后" in message


def test_unknown_status_csv_names_row_and_column(tmp_path: Path) -> None:
    error = error_of(csv_with(tmp_path, {(3, 7): "完成"}))
    # rows 1-2 title and period, row 3 header, TABLE[3] is file row 7
    assert one_problem(error)[:2] == (7, "完成情况")
    assert "第7行 字段“完成情况”" in str(error)


def test_empty_status_is_allowed(tmp_path: Path) -> None:
    ledger = load_ledger(csv_with(tmp_path, {(3, 7): ""})).ledger
    assert ledger.items[1].rows[2].status is None


def test_scale_from_config_overrides_the_default(tmp_path: Path) -> None:
    scale = StatusScale(statuses=(Status(name="已完成"), Status(name="滞后", lagging=True)))
    error = error_of(csv_with(tmp_path, {}), scale=scale)
    assert {p.row for p in error.problems} == {4, 5, 6, 7}  # 正常, 积极, 积极, 一般
    assert all("已完成、滞后" in p.message for p in error.problems)


def test_scale_in_the_yaml_file(make_file: MakeFile) -> None:
    text = "status_scale: [已完成, 序时推进, 滞后, 未启动]\n" + YAML_EN
    error = error_of(make_file("台账.yaml", text))
    assert len(error.problems) == 4  # all but 滞后
    assert "已完成、序时推进、滞后、未启动" in error.problems[0].message


# ------------------------------------------------------------------ tasks, rows, seq


def test_missing_task_csv(tmp_path: Path) -> None:
    assert one_problem(error_of(csv_with(tmp_path, {(4, 2): ""})))[:2] == (8, "工作任务")


def test_missing_task_yaml(make_file: MakeFile) -> None:
    text = YAML_EN.replace("    task: 强化企业上规入库\n", "")
    row, field, message = one_problem(error_of(make_file("台账.yaml", text)))
    assert row == f"items[2]（第{line_of(text, 'seq: 3')}行）"
    assert field == "task" and "工作任务" in message


def test_unit_entry_with_nothing_is_an_error(make_file: MakeFile) -> None:
    text = YAML_EN.replace("      - unit: 区发改委\n        person: 裴永乐\n", "      - person: 裴永乐\n")
    text = text.replace("        progress: 申请中央预算内资金。\n        status: 积极\n", "")
    row, field, _ = one_problem(error_of(make_file("台账.yaml", text)))
    assert row == f"items[1].units[1]（第{line_of(text, '- person: 裴永乐')}行）"
    assert field == "责任单位"


def test_item_without_progress_is_valid_and_kept(make_file: MakeFile) -> None:
    ledger = load_ledger(make_file("台账.yaml", YAML_EN)).ledger
    last = ledger.items[-1]
    assert last.task == "完善城乡低保制度" and not last.has_progress and len(last.rows) == 1


def test_duplicate_seq_only_when_unique_seq(tmp_path: Path) -> None:
    path = csv_with(tmp_path, {(5, 0): "1"})
    assert len(load_ledger(path).ledger.items) == 4
    row, field, message = one_problem(error_of(path, unique_seq=True))
    assert (row, field) == (9, "序号") and "第4行" in message


def test_duplicate_seq_yaml(make_file: MakeFile) -> None:
    text = YAML_EN.replace("seq: 3", "seq: 2")
    row, field, message = one_problem(error_of(make_file("台账.yaml", text), unique_seq=True))
    assert row == f"items[2].seq（第{line_of(text, 'seq: 2', 2)}行）" and field == "seq"
    assert f"items[1].seq（第{line_of(text, 'seq: 2')}行）" in message


def test_all_errors_of_a_file_come_at_once(tmp_path: Path) -> None:
    path = csv_with(tmp_path, {(0, 7): "好", (4, 2): "", (5, 7): "差"})
    error = error_of(path, unique_seq=True)
    assert [(p.row, p.field) for p in error.problems] == [
        (4, "完成情况"), (8, "工作任务"), (9, "完成情况")]
    assert "3 处错误" in error.message
    assert str(error).count("\n  - ") == 3


# ------------------------------------------------------------------ files


@pytest.mark.parametrize("name,content", [
    ("空.yaml", ""), ("空.yaml", "# 只有注释\n"), ("空.csv", ""), ("空.csv", "\ufeff\r\n"),
    ("空.xlsx", b""),
])
def test_empty_file(make_file: MakeFile, name: str, content: str | bytes) -> None:
    assert "是空的" in error_of(make_file(name, content)).message


def test_no_items(make_file: MakeFile, tmp_path: Path) -> None:
    assert "没有任何事项" in str(error_of(make_file("台账.yaml", "title: 台账\nitems: []\n")))
    assert "没有任何事项" in str(error_of(write_csv(tmp_path / "台账.csv", [HEADER])))


def test_empty_workbook(tmp_path: Path) -> None:
    path = tmp_path / "空.xlsx"
    openpyxl.Workbook().save(path)
    assert "是空的" in error_of(path).message


def test_missing_file_and_unknown_suffix(tmp_path: Path) -> None:
    assert "找不到" in error_of(tmp_path / "无.yaml").message
    assert "找不到" in error_of(tmp_path / "无.xlsx").message
    assert "找不到" in error_of(tmp_path / "无.docx").message
    with pytest.raises(DataError) as info:
        load_ledger(tmp_path / "台账.pages")
    for suffix in (".csv", ".xlsx", ".yaml", ".docx", ".txt", ".xls", ".doc", ".wps", ".et"):
        assert suffix in info.value.message


def test_wrong_header_names_the_headers_found(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "台账.csv", [["编号", "名称", "单位", "进度"], ["1", "甲", "乙", "丙"]],
                     title=False)
    error = error_of(path)
    assert "工作任务" in error.message and "编号、名称、单位、进度" in error.message


def test_wrong_header_in_xlsx(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["项目", "金额"])
    ws.append(["道路", 12])
    wb.save(tmp_path / "台账.xlsx")
    assert "项目、金额" in error_of(tmp_path / "台账.xlsx").message


def test_binary_file_named_csv(make_file: MakeFile, tmp_path: Path) -> None:
    assert "二进制" in error_of(make_file("台账.csv", b"\x00\x01\x02garbage\x00")).message
    book = tmp_path / "book.xlsx"
    openpyxl.Workbook().save(book)
    message = error_of(make_file("台账.csv", book.read_bytes())).message
    assert ".xlsx" in message


def test_not_an_xlsx(make_file: MakeFile) -> None:
    assert "不是有效的 .xlsx" in error_of(make_file("台账.xlsx", "序号,工作任务\n1,甲\n")).message


def test_undecodable_encoding(make_file: MakeFile) -> None:
    message = error_of(make_file("台账.csv", "序号,工作任务\n1,".encode() + b"\x80\xff\x80\n")).message
    assert "编码" in message and "UTF-8" in message and "GBK" in message


def test_yaml_syntax_error_names_line(make_file: MakeFile) -> None:
    path = make_file("台账.yaml", "title: 台账\nitems:\n  - task: 甲\n   unit: [乙\n")
    error = error_of(path)
    assert "不是有效的 YAML：第4行第4列：" in error.message
    assert [(p.row, p.file) for p in error.problems] == [(4, str(path))]


def test_unknown_yaml_key_is_named(make_file: MakeFile) -> None:
    text = YAML_EN.replace("person: 李会卿", "persn: 李会卿")
    row, field, message = one_problem(error_of(make_file("台账.yaml", text)))
    assert row == f"items[0].units[0].persn（第{line_of(text, 'persn')}行）" and field == "persn"
    assert "责任人" in message


def test_text_expected_not_a_mapping(make_file: MakeFile) -> None:
    path = make_file("台账.yaml", "items:\n  - task: {a: b}\n")
    assert one_problem(error_of(path))[:2] == ("items[0].task（第2行）", "task")


def test_bad_date(make_file: MakeFile) -> None:
    path = make_file("台账.yaml", "date: 2022-13-45\n" + YAML_EN)
    assert one_problem(error_of(path))[:2] == ("date（第1行）", "date")
