"""The comparison room of the pipeline: the matches file (hostile input too), builds, stats."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import docx
import openpyxl
import pytest
import yaml
from support import SEED_002, run_cli

from reportgen.analysis.matching import Decisions
from reportgen.errors import ConfigError, DataError
from reportgen.pipeline import build
from reportgen.pipeline.compare import (
    MATCHES_LIMIT,
    compare_files,
    period_report,
    read_matches,
)

SEED = SEED_002
HISTORY = SEED / "history"
PARAGRAPH = ("与上期相比，新增滞后1项，2项由滞后转为正常，3项由滞后转为一般，状态好转5项、下滑2项，"
             "新列入任务1项，不再列入任务1项；区住建局、区机关事务服务中心连续3期滞后，"
             "区财政局、区企业发展服务中心连续2期滞后；2项连续两期无新进展。")


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A copy of the example folder, so tests may let reportgen rewrite the matches file."""
    folder = tmp_path / "zhanhe-2022-08"
    shutil.copytree(SEED, folder)
    return folder


# --- the matches file: hostile and careless input -------------------------------------------

@pytest.mark.parametrize(("content", "message"), [
    (b"matches: {accepted: [&a {previous: x, current: y}, *a]}", "别名"),
    (b"a: &x [1]\nb: [*x, *x, *x]", "别名"),
    (b"\xff\xfe\x00junk\x00", "无法读取"),
    (b"matches: [unclosed", "不是有效的 YAML"),
    (b"matches:\n  accepted: 5", "accepted 应是列表"),
    (b"- just\n- a list", "映射"),
    (b"!!python/object:os.system {}", "不是有效的 YAML"),
])
def test_bad_matches_files_are_config_errors(tmp_path: Path, content: bytes,
                                             message: str) -> None:
    path = tmp_path / "matches.yaml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=message):
        read_matches(path)


def test_an_oversized_matches_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "matches.yaml"
    with path.open("wb") as handle:
        handle.truncate(MATCHES_LIMIT + 1)
    with pytest.raises(ConfigError, match="超过"):
        read_matches(path)


def test_a_missing_matches_file_means_no_decisions(tmp_path: Path) -> None:
    assert read_matches(tmp_path / "none.yaml") == Decisions()


def test_pending_pairs_are_written_and_decisions_kept(work: Path) -> None:
    matches = work / "history" / "matches.yaml"
    matches.write_text("matches:\n  rejected:\n  - previous: 甲\n    current: 乙\n",
                       encoding="utf-8")
    analysis, report = period_report(work / "history" / "2022年11月.yaml",
                                     previous=work / "台账.yaml", matches=matches)
    data = yaml.safe_load(matches.read_text(encoding="utf-8"))["matches"]
    assert data["rejected"] == [{"previous": "甲", "current": "乙"}]
    assert data["accepted"] == []
    assert [(p["previous"], p["current"], p["reason"]) for p in data["pending"]] == [
        ("统筹推进老城更新，完善区管背街小巷整治和老旧小区改造工作方案，建立工作台账，加快整治提升进度",
         "加快老旧小区改造，完善改造工作方案，加快整治提升进度", "疑似拆分"),
        ("非法集资处置", "防范和处置非法集资", "措辞改动较大")]
    assert any("有 2 对任务无法确定" in p.message for p in report.warnings)
    assert any("在台账中找不到" in p.message for p in report.warnings)
    # The user moves both pending pairs to accepted: the comparison then counts the split.
    data["accepted"], data["pending"] = data["pending"], []
    for pair in data["accepted"]:
        del pair["score"], pair["reason"]
    matches.write_text(yaml.safe_dump({"matches": data}, allow_unicode=True), encoding="utf-8")
    _, again = period_report(work / "history" / "2022年11月.yaml", previous=work / "台账.yaml",
                             matches=matches)
    assert again.comparison is not None and again.comparison.pending == []
    assert "3项由滞后转为一般" in again.comparison.paragraph


def test_a_missing_previous_ledger_names_it(tmp_path: Path) -> None:
    from reportgen.loaders import load_ledger

    current = load_ledger(HISTORY / "2022年11月.yaml").ledger
    with pytest.raises(DataError, match="上期台账"):
        compare_files(current, tmp_path / "没有.yaml")


# --- builds and stats ------------------------------------------------------------------------

def test_the_example_bulletin_carries_the_comparison(work: Path, tmp_path: Path) -> None:
    result = build(work / "history" / "config.yaml", tmp_path / "out", formats=["docx", "xlsx"])
    names = sorted(p.name for p in result.outputs)
    assert names == ["督查通报第9期.docx", "督查通报第9期.xlsx"]
    paragraphs = [p.text for p in docx.Document(str(tmp_path / "out" / names[0])).paragraphs]
    index = paragraphs.index(PARAGRAPH)
    assert paragraphs[index - 1].startswith("2022年我区重点推进的49大项共计57项工作任务")
    assert paragraphs[index + 1] == "二、工作要求"
    book = openpyxl.load_workbook(tmp_path / "out" / names[1])
    assert book.sheetnames == ["台账", "统计", "对比"]
    ledger_rows = list(book["台账"].iter_rows(values_only=True))
    header = next(r for r in ledger_rows if r[0] == "序号")
    assert header[-1] == "预警"
    lights = [r[-1] for r in ledger_rows[ledger_rows.index(header) + 1:]]
    assert (lights.count("红"), lights.count("黄"), lights.count("绿")) == (5, 14, 38)
    messages = [p.message for p in result.warnings]
    assert "时限“汛期前”无法识别，不参与预警" in messages
    assert any(m.startswith("1 项任务未填时限，已从任务文字中取得时限") for m in messages)


def test_the_paragraph_can_be_turned_off_and_is_absent_without_a_previous_period(
        work: Path, tmp_path: Path) -> None:
    config = work / "history" / "config.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["documents"][0]["params"]["compare_paragraph"] = False
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(config, tmp_path / "off", formats=["docx"])
    text = [p.text for p in docx.Document(str(tmp_path / "off" / "督查通报第9期.docx")).paragraphs]
    assert not any(t.startswith("与上期相比") for t in text)
    del data["compare"]
    data["documents"][0]["params"]["compare_paragraph"] = True
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = build(config, tmp_path / "none", formats=["docx", "xlsx"])
    text = [p.text for p in docx.Document(str(tmp_path / "none" / "督查通报第9期.docx")).paragraphs]
    assert not any(t.startswith("与上期相比") for t in text)
    assert openpyxl.load_workbook(result.outputs[1]).sheetnames == ["台账", "统计"]


def test_the_attachment_can_show_a_light_column(work: Path, tmp_path: Path) -> None:
    config = work / "history" / "config.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["documents"] = [{"kind": "attachment", "file": "附件", "formats": ["docx"],
                          "columns": ["seq", "task", "unit", "progress", "light"]}]
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(config, tmp_path / "out")
    # one Word table per page of the table, its header row repeated (writers/docx/tables.py)
    tables = docx.Document(str(tmp_path / "out" / "附件.docx")).tables
    for table in tables:
        assert [c.text for c in table.rows[0].cells] == ["序号", "事项名称", "责任单位",
                                                         "各项工作进展情况", "预警"]
    column = [row.cells[4].text for table in tables for row in table.rows[1:]]
    assert (column.count("红"), column.count("黄"), column.count("绿")) == (5, 14, 38)


def test_stats_compare_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["stats", str(HISTORY / "config.yaml"), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["lights"] == {"date": "2022-12-10", "counts": {"红": 5, "黄": 14, "绿": 38}}
    assert data["compare"]["paragraph"] == PARAGRAPH
    assert data["compare"]["lagging_units"][:2] == [{"unit": "区住建局", "periods": 3},
                                                    {"unit": "区机关事务服务中心", "periods": 3}]
    code, out, _ = run_cli(["stats", str(HISTORY / "config.yaml"), "--json", "--lag", "3",
                            "--date", "2022-11-01", "--warn-days", "0"], capsys)
    data = json.loads(out)
    assert [u["unit"] for u in data["compare"]["lagging_units"]] == ["区住建局", "区机关事务服务中心"]
    # On 1 November the 三季度 and 10月底 tasks are overdue, the 11月底 one not yet.
    assert data["lights"]["counts"]["红"] == 4


def test_stats_compare_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["stats", str(HISTORY / "2022年11月.yaml"), "--compare",
                              str(SEED / "台账.yaml"), "--history", str(HISTORY / "2022年6-7月.yaml")],
                             capsys)
    assert code == 0
    assert "预警（2022-12-10）：红 5 行，黄 14 行，绿 38 行" in out
    assert "对比（2022年6-7月 → 2022年8-10月 → 2022年11月）" in out
    assert "有 2 对任务无法确定是否为同一任务" in err


def test_history_without_compare_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["stats", str(SEED / "台账.yaml"), "--history", str(SEED / "台账.yaml")],
                           capsys)
    assert code == 3
    assert "须与 --compare" in err
    assert "Traceback" not in err


def test_a_config_compare_section_with_unknown_keys_is_a_config_error(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = work / "history" / "config.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["compare"]["lag"] = 3
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = run_cli(["stats", str(config)], capsys)
    assert code == 3
    assert "compare.lag" in err


@pytest.mark.parametrize("target", ["../outside.yaml", "/tmp/reportgen-matches.yaml",
                                    "matches.txt"])
def test_a_config_cannot_make_stats_write_outside_its_folder(
        work: Path, target: str, capsys: pytest.CaptureFixture[str]) -> None:
    config = work / "history" / "config.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["compare"]["matches"] = target
    (work / "history" / "matches.yaml").unlink()
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = run_cli(["stats", str(config)], capsys)
    assert code == 3
    assert "compare.matches" in err
    assert not (work / "outside.yaml").exists()
    assert not Path("/tmp/reportgen-matches.yaml").exists()


def test_a_ledger_named_as_matches_file_is_neither_read_nor_overwritten(
        work: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = work / "台账.yaml"
    before = ledger.read_bytes()
    code, _, err = run_cli(["stats", str(work / "history" / "2022年11月.yaml"), "--compare",
                            str(ledger), "--matches", str(ledger)], capsys)
    assert code == 3
    assert "不是匹配文件" in err
    assert ledger.read_bytes() == before


def test_validate_names_unreadable_deadlines(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", str(HISTORY / "2022年11月.yaml")], capsys)
    assert code == 0
    assert "序号26" in err and "时限“汛期前”无法识别，不参与预警" in err
    assert "1 项任务未填时限，已从任务文字中取得时限" in err and "“10月底前” → 2022-10-31" in err


def test_a_user_template_reads_compare_and_lights(work: Path, tmp_path: Path) -> None:
    folder = work / "history"
    (folder / "templates").mkdir()
    (folder / "templates" / "attachment.html.j2").write_text(
        '{% extends "_base.html.j2" %}{% block body %}<section class="portrait">'
        '<p>{{ compare.labels|join("、") }}</p>'
        '<p>红{{ lights.counts["红"] }}黄{{ lights.counts["黄"] }}</p>'
        '<p>{% for s in compare.lagging_units %}{{ s.unit }}{{ s.periods }}{% endfor %}</p>'
        '</section>{% endblock %}', encoding="utf-8")
    config = folder / "config.yaml"
    data = yaml.safe_load(config.read_text(encoding="utf-8"))
    data["documents"] = [{"kind": "attachment", "file": "自定义", "formats": ["docx"]}]
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    build(config, tmp_path / "out")
    text = [p.text for p in docx.Document(str(tmp_path / "out" / "自定义.docx")).paragraphs]
    assert text == ["2022年6-7月、2022年8-10月、2022年11月", "红5黄14",
                    "区住建局3区机关事务服务中心3区财政局2区企业发展服务中心2"]
