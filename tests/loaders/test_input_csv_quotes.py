"""CSV read errors are not silent: an unclosed quote names its line; swallowed rows are counted."""
from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.errors import DataError
from reportgen.loaders import load_ledger
from reportgen.loaders.csv_file import open_quote_line

HEADER = "序号,工作任务,牵头单位,进展情况,完成情况\n"


def write(tmp_path: Path, text: str, name: str = "台账.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_unclosed_quote_names_the_line_it_opened_on(tmp_path: Path) -> None:
    text = (HEADER + "1,甲,区财政局,已完成。,积极\n2,乙,区发改委,\"正在推进，\n"
            + "".join(f"{n},任务{n},区局,进展,正常\n" for n in range(3, 40)))
    with pytest.raises(DataError) as info:
        load_ledger(write(tmp_path, text))
    message = info.value.message
    assert "文本第3行的引号没有闭合" in message and "文件末尾（第40行）" in message


def test_the_quote_may_open_on_a_later_line_of_a_record(tmp_path: Path) -> None:
    text = HEADER + "1,\"甲\n续\",区财政局,\"已完成，\n2,乙,区局,进展,正常\n"
    with pytest.raises(DataError) as info:
        load_ledger(write(tmp_path, text))
    assert "文本第3行的引号没有闭合" in info.value.message


def test_a_quote_closed_rows_later_is_counted_against_the_lines(tmp_path: Path) -> None:
    text = (HEADER + "1,甲,区财政局,\"已完成，\n2,乙,区发改委,进展,正常\n3,丙,区局,进展\",积极\n"
            "4,丁,区局,进展,滞后\n")
    result = load_ledger(write(tmp_path, text))
    assert [i.task for i in result.ledger.items] == ["甲", "丁"]
    (warning,) = result.warnings
    assert warning.row == 2
    assert "文件有 5 个文本行，读出 3 行记录" in warning.message
    assert "文本第2–4行被读成了一行" in warning.message


def test_ordinary_line_breaks_in_cells_are_not_reported(tmp_path: Path) -> None:
    text = HEADER + "1,甲,区财政局,\"第一段。\n第二段。\",积极\n2,乙,区局,进展,正常\n"
    result = load_ledger(write(tmp_path, text))
    assert result.ledger.items[0].rows[0].progress == "第一段。\n第二段。"
    assert result.warnings == []


def test_a_stray_quote_after_a_closed_one_is_an_error_with_its_line(tmp_path: Path) -> None:
    text = HEADER + "1,甲,区财政局,\"已完成\"（见附件）,积极\n"
    with pytest.raises(DataError) as info:
        load_ledger(write(tmp_path, text))
    assert "格式有误（文本第2行）：引号闭合后应紧跟分隔符或换行" in info.value.message


def test_tab_separated_files_too(tmp_path: Path) -> None:
    text = HEADER.replace(",", "\t") + "1\t甲\t区局\t\"进展\n2\t乙\t区局\t进展\t正常\n"
    with pytest.raises(DataError) as info:
        load_ledger(write(tmp_path, text, "台账.tsv"))
    assert "文本第2行的引号没有闭合" in info.value.message


@pytest.mark.parametrize(("text", "line"), [
    ('a,"b\nc', 1), ('a,"b""c",d\ne,"f', 2), ('a,b"c\n"d', 2), ('"a"\n"b"', None),
    ('x,y\n"a\n\nb', 2),
])
def test_open_quote_line(text: str, line: int | None) -> None:
    assert open_quote_line(text, 1, ",") == line
