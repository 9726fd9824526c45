"""Batch builds: many configs in worker processes; a failing one is reported and spares the rest."""
from __future__ import annotations

from pathlib import Path

import docx
import openpyxl
import pytest
from support import SEED_002, run_cli

TITLE = "关于2022年重点工作任务最新进展情况通报"
BAD_CSV = "序号,工作任务,牵头单位,责任人,进展情况,完成情况\n1,任务甲,区财政局,张三,已完成,良好\n"


def seed_config(folder: Path, ledger: Path) -> Path:
    """The seed-002 config, reading ``ledger`` and writing into ``folder``/输出."""
    folder.mkdir(parents=True)
    text = (SEED_002 / "config.yaml").read_text(encoding="utf-8")
    text = text.replace("ledger: 台账.yaml", f"ledger: {ledger}\noutput_dir: 输出")
    config = folder / "config.yaml"
    config.write_text(text, encoding="utf-8")
    return config


def assert_seed_outputs(out_dir: Path) -> None:
    body = "\n".join(p.text for p in docx.Document(str(out_dir / "督查通报第8期.docx")).paragraphs)
    assert TITLE in body
    assert "39%" in body  # 积极 22 of 56 rows, computed, not typed
    sheet = openpyxl.load_workbook(out_dir / "督查通报第8期.xlsx").worksheets[0]
    texts = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
    assert "区财政局" in texts


@pytest.mark.parametrize("jobs", ["2", "1"])
def test_a_failing_config_spares_the_others(jobs: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    bad_ledger = tmp_path / "坏台账.csv"
    bad_ledger.write_text(BAD_CSV, encoding="utf-8")
    first = seed_config(tmp_path / "甲", SEED_002 / "台账.yaml")
    broken = seed_config(tmp_path / "乙", bad_ledger)
    third = seed_config(tmp_path / "丙", SEED_002 / "台账.yaml")

    code, out, err = run_cli(["build", str(first), str(broken), str(third), "-j", jobs,
                              "-f", "docx", "-f", "xlsx"], capsys)

    assert code == 2  # the data error's exit status, given at the end
    assert str(broken) in err and "良好" in err and "第2行" in err
    assert "3 个配置中 1 个生成失败" in err
    assert "Traceback" not in err
    for good in (first, third):
        assert_seed_outputs(good.parent / "输出")
        assert f"已生成 {good.parent / '输出' / '督查通报第8期.docx'}" in out
    # The failed build left nothing behind: no outputs, no staging folder.
    assert not (broken.parent / "输出").exists() or not any((broken.parent / "输出").iterdir())


def test_all_good_configs_in_parallel_exit_zero(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    configs = [seed_config(tmp_path / name, SEED_002 / "台账.yaml") for name in ("一", "二", "三")]
    code, out, err = run_cli(["build", *map(str, configs), "-f", "docx", "-f", "xlsx"], capsys)
    assert code == 0, err
    for config in configs:
        assert_seed_outputs(config.parent / "输出")
    assert out.count("已生成") == 6


def test_output_folder_is_refused_with_several_configs(tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    configs = [seed_config(tmp_path / name, SEED_002 / "台账.yaml") for name in ("一", "二")]
    code, _, err = run_cli(["build", *map(str, configs), "-o", str(tmp_path / "x")], capsys)
    assert code == 2 and "不能用 -o" in err
