"""Cleaning of real extraction noise (from the seeds), unit aliases and warnings."""
from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path

import pytest
from ledger_samples import HEADER, TABLE, write_csv

from reportgen.errors import ProblemList
from reportgen.loaders import load_ledger
from reportgen.loaders.clean import (
    clean_field,
    clean_line,
    clean_multiline,
    clean_persons,
    clean_units,
    is_separator_row,
)

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
SEED_002 = SEEDS / "002_9c8157c5577b5d5c.txt"
MakeFile = Callable[[str, "str | bytes"], Path]


def test_paragraph_tags_become_line_breaks() -> None:
    # seed 002, item 5
    text = ("<p>1、湛河区城市更新规划设计标招标已于9月27日开标。</p> <p>2、针对火车站五栋楼涉及的"
            "拆迁安置问题，与武汉铁路局对接。</p>")
    assert clean_multiline(text) == ("1、湛河区城市更新规划设计标招标已于9月27日开标。\n"
                                     "2、针对火车站五栋楼涉及的拆迁安置问题，与武汉铁路局对接。")
    assert clean_multiline("甲<br>乙<br/>丙<BR />丁") == "甲\n乙\n丙\n丁"
    assert clean_line("<p>积极</p>") == "积极"


def test_task_broken_over_lines_is_one_line() -> None:
    assert clean_line("稳定和\n扩大社会\n就业工作") == "稳定和扩大社会就业工作"  # seed 000 item 5
    assert clean_line("Word\nExcel 2016") == "Word Excel 2016"


def test_bookmark_and_spaces() -> None:
    assert clean_units("[bookmark: _GoBack]市发改委") == "市发改委"  # seed 000 item 2
    assert clean_line("\u3000\u3000深化改革\u00a0 任务  ") == "深化改革 任务"
    assert clean_multiline("\u3000\u3000第一段。\n\n\n\u3000\u3000第二段。 ") == "第一段。\n第二段。"


def test_unit_names_broken_over_lines() -> None:
    assert clean_units("市农业\n农村局") == "市农业农村局"  # seed 000 item 4
    assert clean_units("区财政局\n区发改委") == "区财政局 区发改委"
    assert clean_units("区统计局  区工信局、区商务局，各乡（街道）") == "区统计局 区工信局 区商务局 各乡（街道）"
    assert clean_units(clean_units("市农业\n农村局 区财政局")) == "市农业农村局 区财政局"


def test_persons() -> None:
    assert clean_persons("樊星烁\n赵永强") == "樊星烁 赵永强"
    assert clean_persons("王\n惠平") == "王惠平"
    assert clean_persons("各乡（街道）行政\n负责人") == "各乡（街道）行政负责人"


def test_separator_rows() -> None:
    assert is_separator_row(["---", "---", "------", "-----", "--", "----"])
    assert is_separator_row(["----", None, ""])
    assert not is_separator_row(["", None])
    assert not is_separator_row(["1", "---"])


def test_control_characters_removed_with_a_warning() -> None:
    problems = ProblemList("台账.csv")
    assert clean_field("progress", "已完成\x07方案\x00。\t下一步", problems, 5, "进展情况") == \
        "已完成方案。 下一步"
    (warning,) = problems.items
    assert warning.warning and warning.row == 5 and warning.field == "进展情况"
    assert "U+0007" in warning.message and "U+0000" in warning.message


def test_control_characters_in_a_file_are_warnings(tmp_path: Path) -> None:
    rows = [list(r) for r in TABLE]
    rows[0][6] = "正在积极\x1b包装项目。"
    result = load_ledger(write_csv(tmp_path / "台账.csv", [HEADER, *rows]))
    assert result.ledger.items[0].rows[0].progress == "正在积极包装项目。"
    assert [(w.row, w.field) for w in result.warnings] == [(4, "进展情况")]


def test_aliases_apply_inside_joint_cells(tmp_path: Path) -> None:
    rows = [list(r) for r in TABLE]
    rows[0][4] = "区交通运输局"
    rows[4][4] = "漯河新区指挥部、区交通运输局"
    path = write_csv(tmp_path / "台账.csv", [HEADER, *rows])
    aliases = {"区交通运输局": "区交通局", "漯河新区指挥部": "湛河新区指挥部"}
    result = load_ledger(path, aliases=aliases)
    ledger = result.ledger
    assert ledger.items[0].rows[0].unit == "区交通局"
    assert ledger.items[2].rows[0].unit == "湛河新区指挥部 区交通局"
    assert ledger.items[2].lead_unit == "湛河新区指挥部"
    # nothing is renamed silently: each rewrite is a warning naming the row and both names
    rewrites = [str(w) for w in result.warnings if "unit_aliases" in w.message]
    assert len(rewrites) == 2
    assert "“区交通运输局” → “区交通局”" in rewrites[0] and "第4行" in rewrites[0]
    assert "“漯河新区指挥部 区交通运输局” → “湛河新区指挥部 区交通局”" in rewrites[1]


def test_yaml_values_stay_text(make_file: MakeFile) -> None:
    """YAML 1.1 would read no/on/yes as booleans, dates as dates and 1.10 as 1.1."""
    text = ("status_scale: [yes, no, on, off]\nitems:\n"
            "  - seq: 1.10\n    task: on\n    deadline: 2022-12-31\n    notes: off\n"
            "    units:\n      - unit: y\n        person: n\n        progress: 1.0\n"
            "        status: no\n      - unit: NO\n        status: on\n")
    ledger = load_ledger(make_file("台账.yaml", text)).ledger
    item = ledger.items[0]
    assert (item.seq, item.task, item.deadline, item.notes) == ("1.10", "on", "2022-12-31", "off")
    assert [(r.unit, r.person, r.progress, r.status) for r in item.rows] == [
        ("y", "n", "1.0", "no"), ("NO", None, None, "on")]
    assert ledger.scale.names == ["yes", "no", "on", "off"]


def test_yaml_date_and_status_scale_mapping(make_file: MakeFile) -> None:
    text = ("title: 台账\ndate: 2022年11月12日\nstatus_scale:\n"
            "  - {name: 已完成, color: '#006100'}\n  - {name: 滞后, lagging: yes, weak: yes}\n"
            "items:\n  - task: 甲\n    status: 滞后\n")
    ledger = load_ledger(make_file("台账.yaml", text)).ledger
    assert str(ledger.date) == "2022-11-12"
    lagging = ledger.scale.get("滞后")
    assert lagging is not None and lagging.lagging and lagging.weak
    assert ledger.items[0].rows[0].status == "滞后" and ledger.items[0].rows[0].unit is None


def test_title_defaults_to_the_file_name(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "湛河区重点工作台账.csv", [HEADER, *TABLE], title=False)
    ledger = load_ledger(path).ledger
    assert ledger.title == "湛河区重点工作台账" and ledger.period is None


@pytest.mark.skipif(not SEED_002.is_file(), reason="shared seeds not present")
def test_seed_002_table_as_tsv_gives_the_seed_numbers(tmp_path: Path) -> None:
    """The real 台账 of seed 002, tags, ---- rows and all, read as a tab-separated file."""
    lines = SEED_002.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("序号\t工作任务"))
    # One cell of item 28 lost a column in the extraction: put its text back under 进展情况.
    table = [("\t" + line) if line.startswith("\t\t\t<p>备") else line for line in lines[start - 2:]]
    path = tmp_path / "台账.tsv"
    path.write_text("\n".join(table), encoding="utf-8")
    result = load_ledger(path)
    ledger = result.ledger
    assert ledger.title == "湛河区 2022 年重点工作任务 8-10 月份推进情况台账"
    assert [item.seq for item in ledger.items] == [str(n) for n in range(1, 49)]
    assert len(ledger.rows) == 56
    assert Counter(row.status for _, row in ledger.rows) == {"积极": 22, "正常": 18, "一般": 6,
                                                              "滞后": 10}
    texts = [t for item, row in ledger.rows for t in (item.task, row.unit or "", row.progress or "")]
    assert not any("<p>" in t or "</p>" in t or "----" in t for t in texts)
    assert ledger.items[1].rows[0].progress.count("\n") == 1  # type: ignore[union-attr]
    assert ledger.items[8].rows[0].unit == "区统计局 区工信局 区商务局 区发改委 区住建局 各乡（街道）"
    assert ledger.items[8].lead_unit == "区统计局"
    assert [w.row for w in result.warnings] == [69]  # the page-broken cell, joined to row 66
    assert "地毯式排查" in (ledger.items[27].rows[0].progress or "")
