"""The ``record`` and ``history`` commands: Chinese output, exit statuses, no tracebacks."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import ROOT, SEED_002, run_cli

SEED = SEED_002


def test_record_then_list_then_follow_a_unit(workdir: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(["record", str(SEED / "config.yaml")], capsys)
    # the seed config's unit_aliases and stats overrides are listed as warnings, nothing else
    assert code == 0 and all("警告" in line for line in err.splitlines())
    assert "已记录期次“2022年8-10月”：48 项任务，56 行单位进展" in out
    assert (workdir / "reportgen.db").is_file()
    code, out, _ = run_cli(["record", str(ROOT / "examples/pingdingshan-2020-04/台账.yaml")], capsys)
    assert code == 0 and "2020年4月" in out

    code, out, _ = run_cli(["history"], capsys)
    assert code == 0
    lines = [line for line in out.splitlines() if "2022年8-10月" in line or "2020年4月" in line]
    assert "2020年4月" in lines[0] and "2022年8-10月" in lines[1]  # period order, not record order
    assert "48" in lines[1] and "56" in lines[1] and "积极22" in lines[1]
    assert "共 2 期。" in out

    code, out, _ = run_cli(["history", "区财政局"], capsys)
    assert code == 0
    assert "单位：区财政局（共 2 期）" in out
    assert "（本期没有）" in out and "深化国有投融资公司改革" in out and "滞后" in out


def test_task_history_by_text(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["record", str(SEED / "台账.yaml")], capsys)
    code, out, _ = run_cli(["history", "专项债券"], capsys)
    assert code == 0
    assert "任务：专项债券" in out
    assert "区财政局" in out and "区发改委" in out and "区应急局" in out


def test_recording_twice_needs_replace(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run_cli(["record", str(SEED / "台账.yaml")], capsys)
    code, out, err = run_cli(["record", str(SEED / "台账.yaml")], capsys)
    assert code == 5 and "--replace" in err and "Traceback" not in err + out
    code, out, _ = run_cli(["record", str(SEED / "台账.yaml"), "--replace"], capsys)
    assert code == 0 and out.startswith("已替换期次“2022年8-10月”")


def test_period_flag_and_missing_period(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ledger = ROOT / "examples/sanmenxia-2021-05/台账.yaml"
    code, _, err = run_cli(["record", str(ledger)], capsys)
    assert code == 2 and "--period" in err
    code, out, _ = run_cli(["record", str(ledger), "--period", "2021年5月", "--db", "历史.db"], capsys)
    assert code == 0 and "2021年5月" in out and (workdir / "历史.db").is_file()
    code, out, _ = run_cli(["history", "--db", "历史.db"], capsys)
    assert "2021年5月" in out


def test_history_without_a_store_creates_nothing(workdir: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["history"], capsys)
    assert code == 0 and "还没有记录任何期次" in out
    code, _, err = run_cli(["history", "区财政局"], capsys)
    assert code == 5 and "reportgen record" in err
    assert list(workdir.iterdir()) == []


def test_bad_input_exits_with_chinese_messages(workdir: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["record", str(SEED / "台账.yaml"), "--db", "mysql://x/y"], capsys)
    assert code == 3 and "不支持的数据库" in err
    run_cli(["record", str(SEED / "台账.yaml")], capsys)
    code, _, err = run_cli(["history", "区不存在局"], capsys)
    assert code == 2 and "没有找到" in err
    (workdir / "junk.db").write_bytes(b"\x00junk" * 50)
    code, _, err = run_cli(["history", "--db", "junk.db"], capsys)
    assert code == 5 and "不是有效的" in err and "Traceback" not in err
    bad = workdir / "坏.csv"
    bad.write_text("序号,工作任务,牵头单位,完成情况\n1,任务甲,区财政局,良好\n", encoding="utf-8")
    code, _, err = run_cli(["record", str(bad), "--period", "2022年9月"], capsys)
    assert code == 2 and "完成情况" in err


def test_help_is_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(["record", "--help"], capsys)
    assert code == 0 and "期次" in out and "--replace" in out
    code, out, _ = run_cli(["history", "--help"], capsys)
    assert code == 0 and "任务或单位" in out


def test_config_db_key_is_used_by_record_and_history(workdir: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    import yaml

    data = yaml.safe_load((SEED / "config.yaml").read_text(encoding="utf-8"))
    data.update(ledger=str(SEED / "台账.yaml"), db="历史/湛河.db")
    config = workdir / "config.yaml"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, out, _ = run_cli(["record", str(config)], capsys)
    assert code == 0 and str(workdir / "历史" / "湛河.db") in out
    code, out, _ = run_cli(["history", "--config", str(config)], capsys)
    assert code == 0 and "2022年8-10月" in out and "共 1 期。" in out
    assert not (workdir / "reportgen.db").exists()
    data["db"] = "../别处.db"
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    code, _, err = run_cli(["record", str(config)], capsys)
    assert code == 3 and "不在配置所在的文件夹" in err


def test_the_three_example_periods_as_make_example_records_them(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for target in (SEED / "history" / "2022年6-7月.yaml", SEED / "config.yaml",
                   SEED / "history" / "config.yaml"):
        code, _, err = run_cli(["record", str(target), "--db", "输出/reportgen.db", "--replace"], capsys)
        assert code == 0, err
    code, out, _ = run_cli(["history", "--db", "输出/reportgen.db"], capsys)
    assert [line.split()[1] for line in out.splitlines() if line.startswith("│ 2022")] == \
        ["2022年6-7月", "2022年8-10月", "2022年11月"]
    code, out, _ = run_cli(["history", "大力发展现代物流业，支持泰顺达物流园发展壮大", "--db",
                            "输出/reportgen.db"], capsys)
    assert code == 0
    assert out.count("区发改委") == 3
    assert "注：2022年8-10月 的任务没有相同的任务ID或文字，与2022年11月的任务内容相似" in out
