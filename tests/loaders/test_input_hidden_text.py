"""Text that lies: bidi controls, zero-width and control characters leave every field with a
warning naming row and field; progress texts keep their words. Outputs never carry them."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from reportgen.errors import ProblemList
from reportgen.loaders import load_ledger
from reportgen.loaders.clean import clean_field, remove_controls

RLO, LRI, PDI, ZWSP, ZWJ, BOM = "\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff"
HIDDEN = [RLO, LRI, PDI, ZWSP, ZWJ, BOM, "\u200e", "\u200f", "\u202a", "\u2060", "\u00ad",
          "\x01", "\x1b", "\x7f", "\x9b", "\U000e0041", "\ufffe"]


@pytest.mark.parametrize("char", HIDDEN)
def test_each_hidden_character_goes_with_its_code_named(char: str) -> None:
    problems = ProblemList("台账.csv")
    assert clean_field("unit", f"区财{char}政局", problems, 7, "牵头单位") == "区财政局"
    (warning,) = problems.items
    assert warning.warning and (warning.row, warning.field) == (7, "牵头单位")
    assert f"U+{ord(char):04X}" in warning.message


def test_the_warning_names_the_kind_of_character() -> None:
    problems = ProblemList()
    clean_field("task", f"{RLO}务任{PDI}甲\x07{ZWSP}", problems, 3, "工作任务")
    message = problems.items[0].message
    assert "双向文字控制符 U+202E、U+2069" in message and "零宽或不可见字符 U+200B" in message
    assert "控制字符 U+0007" in message and "共 4 个" in message


def test_text_without_hidden_characters_is_returned_as_is() -> None:
    text = "已完成\t项目，争取资金 49.78 亿元。\n下一步：推进。"
    assert remove_controls(text) == (text, [])


def test_line_break_controls_become_line_breaks_not_warnings() -> None:
    problems = ProblemList()
    assert clean_field("progress", "第一段。\r\n第二段。\u2028第三段。\x0b第四段。", problems,
                       2) == "第一段。\n第二段。\n第三段。\n第四段。"
    assert problems.items == []


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as stream:
        csv.writer(stream).writerows(rows)
    return path


def test_a_ledger_with_lying_text_in_every_field(tmp_path: Path) -> None:
    """The unit name reads 区财政局 but is stored with a right-to-left override in it."""
    path = write_csv(tmp_path / "台账.csv", [
        [f"重点工作{ZWSP}台账"],
        ["序号", "工作任务", "牵头单位", "责任人", "进展情况", "完成情况"],
        ["1", f"招商{RLO}引资", f"区财{RLO}局政", f"王{ZWJ}五", f"已签约{LRI}两个{PDI}项目。", "积极"],
    ])
    result = load_ledger(path)
    ledger = result.ledger
    row = ledger.items[0].rows[0]
    assert ledger.title == "重点工作台账"
    assert (ledger.items[0].task, row.unit, row.person) == ("招商引资", "区财局政", "王五")
    assert row.progress == "已签约两个项目。"  # the words stay, the controls go
    assert sorted((w.row, w.field) for w in result.warnings) == [
        (1, "标题"), (3, "工作任务"), (3, "牵头单位"), (3, "责任人"), (3, "进展情况")]


def test_yaml_ledgers_warn_with_the_yaml_path(tmp_path: Path) -> None:
    path = tmp_path / "台账.yaml"
    path.write_text(f"title: 台账{RLO}\nitems:\n  - task: 甲\n    units:\n"
                    f"      - unit: 区财政局{BOM}\n        progress: 完成{ZWSP}。\n",
                    encoding="utf-8")
    result = load_ledger(path)
    assert result.ledger.items[0].rows[0].unit == "区财政局"
    where = sorted(str(w.row) for w in result.warnings)
    assert where == ["items[0].units[0].progress（第6行）", "items[0].units[0].unit（第5行）",
                     "title（第1行）"]


def test_validate_lists_what_was_removed_and_build_writes_none_of_it(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "台账.csv", [
        ["序号", "工作任务", "牵头单位", "进展情况", "完成情况"],
        ["1", f"任务{RLO}甲", "区财政局", f"完成{ZWSP}。", "积极"]])
    cli = [sys.executable, "-m", "reportgen"]
    checked = subprocess.run([*cli, "validate", path], capture_output=True, text=True,
                             check=False, env={"COLUMNS": "300", "PATH": "/usr/bin:/bin"})
    assert checked.returncode == 0, checked.stderr
    assert "第2行 字段“工作任务”：已删除双向文字控制符 U+202E" in checked.stderr
    assert "第2行 字段“进展情况”：已删除零宽或不可见字符 U+200B" in checked.stderr
    built = subprocess.run([*cli, "build", path, "-o", tmp_path / "out", "-f", "docx"],
                           capture_output=True, text=True, check=False,
                           env={"COLUMNS": "300", "PATH": "/usr/bin:/bin"})
    assert built.returncode == 0, built.stderr
    (document,) = (tmp_path / "out").glob("*.docx")
    text = "\n".join(p.text for p in docx.Document(str(document)).paragraphs) + "\n".join(
        c.text for t in docx.Document(str(document)).tables for r in t.rows for c in r.cells)
    assert "任务甲" in text and "完成。" in text
    assert not any(char in text for char in HIDDEN)
