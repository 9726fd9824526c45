"""Mistakes a clerk makes in the monthly cycle, and what the CLI says about them: the message
names the file or the name and what to do, the exit status is not 0 where nothing was done."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import SEED_002, run_cli

SEED = SEED_002


def test_rank_refuses_a_workbook_name_without_xlsx(workdir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """``-o 排名`` wrote an Excel file called 排名, which no double-click opens."""
    code, out, err = run_cli(["rank", SEED / "config.yaml", "-o", "排名"], capsys)
    assert code == 5 and "排名表应写成 Excel 文件（.xlsx），而不是 排名" in err
    assert not (workdir / "排名").exists() and "名次" not in out  # refused before any work
    code, out, _ = run_cli(["rank", SEED / "config.yaml", "-o", "排名.XLSX"], capsys)
    assert code == 0 and (workdir / "排名.XLSX").is_file() and "已生成 排名.XLSX" in out


def test_stats_warns_when_last_period_is_not_before_this_one(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Swapped arguments, or this month's ledger given twice, compared without a word before."""
    november = SEED / "history" / "2022年11月.yaml"
    code, out, err = run_cli(["stats", SEED / "台账.yaml", "--compare", november], capsys)
    assert code == 0 and "对比（2022年11月 → 2022年8-10月）" in out
    assert ("上期台账的期次“2022年11月”排在本期“2022年8-10月”之后：是否把本期与上期写反了？"
            in err), err
    code, out, err = run_cli(["stats", SEED / "台账.yaml", "--compare", SEED / "台账.yaml"], capsys)
    assert code == 0 and "上期台账与本期是同一期次（2022年8-10月），对比不出变化" in err, err
    code, out, err = run_cli(["stats", november, "--compare", SEED / "台账.yaml"], capsys)
    assert code == 0 and "写反" not in err and "同一期次" not in err


def test_history_of_a_misspelled_unit_names_the_close_ones(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_cli(["record", SEED / "config.yaml"], capsys)[0] == 0
    code, out, err = run_cli(["history", "区发该委"], capsys)
    assert code == 2 and "历史中没有找到任务或单位“区发该委”" in err
    assert "相近的单位名称：区发改委" in err, err
    code, out, err = run_cli(["history", "全然无关的一句话"], capsys)
    assert code == 2 and "相近的单位名称" not in err


def test_split_into_last_months_folder_names_the_forms_it_did_not_write(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Last month's form of a unit with no task this month (区教体局) stayed among this month's,
    and the clerk sends the whole folder."""
    code, out, _ = run_cli(["split", SEED / "台账.yaml", "-o", "填报表"], capsys)
    assert code == 0 and (workdir / "填报表" / "区教体局.xlsx").is_file()
    code, out, err = run_cli(["split", SEED / "history" / "2022年11月.yaml", "-o", "填报表"], capsys)
    assert code == 0 and "已为 23 个单位生成填报表" in out
    assert "填报表 中还有 1 个文件不是本次生成的：区教体局.xlsx" in err, err
    assert "发送前请移走" in err
    assert (workdir / "填报表" / "区教体局.xlsx").is_file()  # nothing of the clerk's is deleted
    code, out, err = run_cli(["split", SEED / "history" / "2022年11月.yaml", "-o", "新表"], capsys)
    assert code == 0 and "不是本次生成的" not in err


def test_split_and_collect_given_the_config_name_its_ledger(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate, stats, record and rank take the config; split and collect read it as a ledger
    and listed seven 未知的键 errors about ledger:, office:, documents: …"""
    code, out, err = run_cli(["split", SEED / "config.yaml", "-o", "填报表"], capsys)
    assert code == 2 and "未知的键" not in err and not (workdir / "填报表").exists()
    assert "是报告配置，不是台账" in err and f"请给台账文件 {SEED / '台账.yaml'}" in err, err
    code, out, err = run_cli(["collect", SEED / "config.yaml", SEED / "台账.yaml", "-o", "新.yaml"],
                             capsys)
    assert code == 2 and "是报告配置，不是台账" in err and not (workdir / "新.yaml").exists()


def test_collect_with_a_mistyped_form_path_writes_nothing(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A path that does not exist is a typo, not a unit's broken form: it merged the others,
    wrote the new ledger and exited 0, with 无法读取的文件 1 项 in the summary line."""
    code, out, err = run_cli(["collect", SEED / "台账.yaml", "区财政局.xlsx", "-o", "新.yaml"],
                             capsys)
    assert code == 2 and "区财政局.xlsx" in err and "不存在" in err, err
    assert not (workdir / "新.yaml").exists() and not (workdir / "新_合并报告.md").exists()


REPORT = "重点工作完成情况\n\n一、加快发展\n1.推进项目建设。\n落实情况：已开工。\n2.优化营商环境。\n落实情况：已完成评价。\n"


def test_import_does_not_write_its_config_over_a_hand_written_one(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """``import … --config config.yaml`` in a folder made by ``init`` replaced the clerk's own
    config (office, date, requirements) with a rebuild config, without a word."""
    (workdir / "报告.txt").write_text(REPORT, encoding="utf-8")
    assert run_cli(["init", "."], capsys)[0] == 0
    own = (workdir / "config.yaml").read_bytes()
    code, out, err = run_cli(["import", "报告.txt", "-o", "导入.yaml", "--config", "config.yaml"],
                             capsys)
    assert code == 5 and "config.yaml 已存在，不是 reportgen import 写出的配置" in err, err
    assert (workdir / "config.yaml").read_bytes() == own and not (workdir / "导入.yaml").exists()
    # a config the import wrote itself is rewritten, as every month
    assert run_cli(["import", "报告.txt", "-o", "导入.yaml", "--config", "重建.yaml"], capsys)[0] == 0
    code, out, _ = run_cli(["import", "报告.txt", "-o", "导入.yaml", "--config", "重建.yaml"], capsys)
    assert code == 0 and "已生成 重建.yaml" in out


def test_import_refuses_to_write_over_the_file_it_reads(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "台账.yaml").write_bytes((SEED / "台账.yaml").read_bytes())
    code, out, err = run_cli(["import", "台账.yaml", "-o", "台账.yaml"], capsys)
    assert code == 5 and "就是输入文件" in err, err
    assert (workdir / "台账.yaml").read_bytes() == (SEED / "台账.yaml").read_bytes()


def test_build_over_its_own_ledger_names_a_way_out_it_has(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The refusal said 确要覆盖时加 --force; build has no --force (click: 没有这个选项)."""
    (workdir / "台账.yaml").write_bytes((SEED / "台账.yaml").read_bytes())
    assert run_cli(["build", "台账.yaml", "-o", "."], capsys)[0] == 0  # writes 台账.xlsx here
    code, out, err = run_cli(["build", "台账.xlsx", "-o", "."], capsys)
    assert code == 5 and "就是输入文件" in err and "--force" not in err, err
    assert "请用 -o 另选输出文件夹" in err


def test_a_forms_command_points_to_split_and_collect(capsys: pytest.CaptureFixture[str]) -> None:
    """``reportgen forms`` (填报表) was answered 是不是 fonts？"""
    code, out, err = run_cli(["forms", "split"], capsys)
    assert code == 2 and "fonts" not in err
    assert "没有这个命令：forms。填报表用 reportgen split（按牵头单位拆分）与 reportgen collect" in err
    code, out, err = run_cli(["biuld"], capsys)
    assert code == 2 and "是不是 build？" in err  # click's own suggestion otherwise


def test_duban_into_last_months_folder_names_the_notices_it_replaced(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The folder of notices is replaced whole (no stale notice beside the new ones), which
    deleted last month's notices without a word."""
    folder = workdir / "督办" / "督办通知单"
    folder.mkdir(parents=True)
    (folder / "督办〔2022〕1号_区住建局（10月）.docx").write_bytes(b"last month")
    code, out, err = run_cli(["duban", SEED / "督办.yaml", "-o", "督办", "--db", "h.db"], capsys)
    assert code == 0 and "督办〔2022〕8号" in out
    assert "督办通知单 中上次生成的 1 个文件已被本次替换：督办〔2022〕1号_区住建局（10月）.docx" in err, err
    assert not (folder / "督办〔2022〕1号_区住建局（10月）.docx").exists()
    code, out, err = run_cli(["duban", SEED / "督办.yaml", "-o", "督办", "--db", "h.db"], capsys)
    assert code == 0 and "已被本次替换" not in err  # the same notices again: nothing lost


def test_record_under_a_period_other_than_the_ledgers_own_is_pointed_out(
        workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    november = SEED / "history" / "2022年11月.yaml"
    code, out, err = run_cli(["record", november, "--period", "2022年8-10月"], capsys)
    assert code == 0 and "已记录期次“2022年8-10月”" in out
    assert "台账中写的期次是“2022年11月”，本次按 --period 记为“2022年8-10月”" in err, err
    code, out, err = run_cli(["record", november, "--period", "2022年11月份"], capsys)
    assert code == 0 and "台账中写的期次" not in err  # the same month written another way
