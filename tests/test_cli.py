"""The command line: figures as JSON, Chinese errors without tracebacks, init → build."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from support import SEED_002, run_cli


def test_stats_json_reproduces_the_seed_002_figures(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["stats", str(SEED_002 / "config.yaml"), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["items"] == 48
    assert data["unit_rows"] == 56
    assert data["units"] == 35
    shares = {s["status"]: (s["count"], s["share"]) for s in data["by_status"]}
    assert shares == {"积极": (22, 39), "正常": (18, 32), "一般": (6, 11), "滞后": (10, 18)}


def test_stats_json_on_a_bare_ledger_counts_lead_units(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["stats", str(SEED_002 / "台账.yaml"), "--json"], capsys)
    data = json.loads(out)
    assert code == 0
    assert isinstance(data["units"], int) and data["units"] == len(data["unit_names"])
    assert data["unit_rows"] == 56


def test_stats_table_is_readable(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["stats", str(SEED_002 / "config.yaml")], capsys)
    assert code == 0
    assert "任务 48 项" in out and "39%" in out and "滞后" in out


BAD_CSV = "序号,工作任务,牵头单位,责任人,进展情况,完成情况\n1,任务甲,区财政局,张三,已完成,良好\n"


@pytest.mark.parametrize("command", ["validate", "stats", "build"])
def test_bad_ledger_exits_2_with_row_and_field(command: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_text(BAD_CSV, encoding="utf-8")
    code, _, err = run_cli([command, str(ledger)], capsys)
    assert code == 2
    assert "第2行" in err and "完成情况" in err and "良好" in err
    assert "Traceback" not in err
    assert not (tmp_path / "输出").exists() or not any((tmp_path / "输出").iterdir())


def test_missing_file_and_usage_errors_are_chinese(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["validate", str(tmp_path / "没有.yaml")], capsys)
    assert code == 2 and "没有.yaml" in err and "Traceback" not in err
    code, _, err = run_cli(["stats"], capsys)
    assert code == 2 and "缺少参数" in err
    code, _, err = run_cli(["nonsense"], capsys)
    assert code == 2 and "没有这个命令" in err


def test_every_command_has_chinese_help(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ["validate", "stats", "build", "init", "split", "collect", "fonts"]:
        code, out, _ = run_cli([command, "--help"], capsys)
        assert code == 0 and "用法：" in out and "选项" in out, command
    code, out, _ = run_cli(["--help"], capsys)
    assert "命令" in out and "build" in out


def test_validate_warns_about_similar_unit_names(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_text("序号,工作任务,牵头单位,进展情况,完成情况\n"
                      "1,任务甲,湛河新区指挥部,推进中,正常\n2,任务乙,漯河新区指挥部,推进中,正常\n",
                      encoding="utf-8")
    code, out, err = run_cli(["validate", str(ledger)], capsys)
    assert code == 0 and "有效" in out
    assert "湛河新区指挥部" in err and "漯河新区指挥部" in err


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    ledger = tmp_path / "坏.yaml"
    ledger.write_text("items: [\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "reportgen", "validate", str(ledger)],
                          capture_output=True, text=True)
    assert done.returncode == 2
    assert "坏.yaml" in done.stderr and "Traceback" not in done.stderr


def test_init_then_build_produces_the_documents(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "督查"
    code, _, err = run_cli(["init", str(work)], capsys)
    assert code == 0, err
    code, out, err = run_cli(["build", str(work / "config.yaml"), "-f", "docx", "-f", "xlsx"], capsys)
    assert code == 0, err
    names = sorted(p.name for p in (work / "输出").iterdir() if not p.name.startswith("."))
    assert names == ["督查通报第1期.docx", "督查通报第1期.xlsx", "重点工作完成情况.docx"]
    code, _, err = run_cli(["init", str(work)], capsys)
    assert code == 5 and "已有同名文件" in err


def test_build_accepts_a_bare_ledger(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = tmp_path / "台账.csv"
    ledger.write_text("序号,工作任务,牵头单位,责任人,进展情况,完成情况\n"
                      "1,任务甲,区财政局,张三,已完成方案,正常\n,,区发改委,李四,推进中,一般\n",
                      encoding="gbk")
    code, _, err = run_cli(["build", str(ledger), "-o", str(tmp_path / "out"), "-f", "docx",
                        "-f", "xlsx"], capsys)
    assert code == 0, err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        ".reportgen-manifest.json", "台账.xlsx", "附件.docx"]


def test_split_then_collect_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from openpyxl import load_workbook

    forms = tmp_path / "填报表"
    code, out, err = run_cli(["split", str(SEED_002 / "台账.yaml"), "-o", str(forms)], capsys)
    assert code == 0, err
    returned = sorted(p for p in forms.glob("*.xlsx") if p.name != "发送清单.xlsx")
    assert len(returned) >= 20 and "个单位生成填报表" in out
    finance = next(p for p in returned if p.stem.startswith("区财政局"))
    book = load_workbook(finance)
    sheet = book.worksheets[0]
    header = next(r for r in sheet.iter_rows() if any(c.value == "进展情况" for c in r))
    column = next(c.column for c in header if c.value == "进展情况")
    sheet.cell(header[0].row + 1, column).value = "本月新进展：已完成评级材料报送。"
    book.save(finance)
    new = tmp_path / "新台账.yaml"
    code, out, err = run_cli(["collect", str(SEED_002 / "台账.yaml"), str(finance), "-o", str(new)],
                         capsys)
    assert code == 0, err
    assert "本月新进展：已完成评级材料报送。" in new.read_text(encoding="utf-8")
    assert any(p.name.endswith("_合并报告.md") for p in tmp_path.iterdir())
