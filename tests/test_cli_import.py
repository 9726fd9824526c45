"""The import and kinds commands, and imported documents given straight to build/validate/stats."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import docx
import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent / "loaders"))
from import_docs import (  # noqa: E402
    INTRO_BEFORE_TITLE,
    RESULT_ON_TASK_LINE,
    write_docx,
    write_table_docx,
)
from support import run_cli


def test_import_writes_the_ledger_and_prints_the_summary(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_table_docx(tmp_path / "附件.docx")
    code, out, err = run_cli(["import", str(source), "-o", str(tmp_path / "台账.yaml")], capsys)
    assert code == 0, err
    assert "表格，由 2 张表格接续而成" in out
    assert "任务 4 项，单位进展 5 行，无进展的任务 1 项：3" in out
    assert "状态：滞后 1，积极 1，一般 1，正常 1（其中 4 个来自单元格颜色）" in out
    assert "未能归类 3 处" in out and "“注：以上数据截至5月31日。”" in out
    data = yaml.safe_load((tmp_path / "台账.yaml").read_text(encoding="utf-8"))
    assert [item["id"] for item in data["items"]] == ["1", "2", "3", "4"]
    assert data["notes"] == ["注：以上数据截至5月31日。"]


def test_several_files_make_one_ledger_and_a_rebuild_config(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write_docx(tmp_path / "上半年.docx", INTRO_BEFORE_TITLE)
    second = write_docx(tmp_path / "补充.docx", RESULT_ON_TASK_LINE)
    code, out, _ = run_cli(["import", str(first), str(second), "-o", str(tmp_path / "台账.yaml"),
                            "--config", str(tmp_path / "config.yaml")], capsys)
    assert code == 0
    assert "共 10 项任务" in out
    data = yaml.safe_load((tmp_path / "台账.yaml").read_text(encoding="utf-8"))
    ids = [item["id"] for item in data["items"]]
    assert len(set(ids)) == 10 and ids[6] == "1-2"
    config = yaml.safe_load((tmp_path / "config.yaml").read_text(encoding="utf-8"))
    assert config["ledger"] == "台账.yaml"
    assert config["documents"][0]["kind"] == "progress_report"
    assert config["documents"][0]["params"]["intro"] == "市政府办公室："


def test_build_validate_and_stats_take_a_word_file(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_docx(tmp_path / "报告.docx", INTRO_BEFORE_TITLE)
    code, out, _ = run_cli(["validate", str(source)], capsys)
    assert code == 0 and "6 项任务" in out and "牵头单位" not in out
    code, out, _ = run_cli(["stats", str(source)], capsys)
    assert code == 0 and "不分责任单位" in out and "没有完成情况" in out and "0%" not in out
    code, out, _ = run_cli(["stats", str(source), "--json"], capsys)
    assert json.loads(out)["items"] == 6
    code, out, err = run_cli(["build", str(source), "-o", str(tmp_path / "out"), "-f", "docx"],
                             capsys)
    assert code == 0, err
    table = docx.Document(str(tmp_path / "out" / "附件.docx")).tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "事项名称", "各项工作进展情况"]


def test_import_errors_are_named_without_traceback(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "乱码.txt"
    junk.write_bytes(bytes(range(256)) * 8)
    code, _, err = run_cli(["import", str(junk), "-o", str(tmp_path / "台账.yaml")], capsys)
    assert code == 2 and "二进制" in err and "Traceback" not in err
    assert not (tmp_path / "台账.yaml").exists()


def test_kinds_lists_the_progress_report_params(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["kinds", "progress_report"], capsys)
    assert code == 0
    for name in ("intro", "show_title", "seq_style", "progress_label", "progress_inline",
                 "summary", "no_progress_marker"):
        assert name in out
    code, _, err = run_cli(["kinds", "nope"], capsys)
    assert code == 3 and "progress_report" in err


def test_unknown_param_lists_the_valid_ones(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    ledger = write_docx(tmp_path / "报告.docx", INTRO_BEFORE_TITLE)
    config = tmp_path / "config.yaml"
    config.write_text(yaml.safe_dump({"ledger": ledger.name, "documents": [
        {"kind": "progress_report", "params": {"progress_lable": "进展："}}]},
        allow_unicode=True), encoding="utf-8")
    code, _, err = run_cli(["build", str(config), "-o", str(tmp_path / "out")], capsys)
    assert code == 3
    assert "progress_lable" in err and "progress_label" in err and "seq_style" in err


def test_no_ids_leaves_the_items_without_id(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    source = write_docx(tmp_path / "报告.docx", INTRO_BEFORE_TITLE)
    code, _, _ = run_cli(["import", str(source), "-o", str(tmp_path / "台账.yaml"), "--no-ids"],
                         capsys)
    data = yaml.safe_load((tmp_path / "台账.yaml").read_text(encoding="utf-8"))
    assert code == 0 and all("id" not in item for item in data["items"])
