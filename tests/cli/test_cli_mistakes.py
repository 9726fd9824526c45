"""Mistakes a clerk makes in the monthly cycle, and what the CLI says about them: the message
names the file or the name and what to do, the exit status is not 0 where nothing was done."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import SEED_002, run_cli

SEED = SEED_002


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_rank_refuses_a_workbook_name_without_xlsx(workdir: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """``-o 排名`` wrote an Excel file called 排名, which no double-click opens."""
    code, out, err = run_cli(["rank", SEED / "config.yaml", "-o", "排名"], capsys)
    assert code == 5 and "排名表应写成 Excel 文件（.xlsx），而不是 排名" in err
    assert not (workdir / "排名").exists() and "名次" not in out  # refused before any work
    code, out, _ = run_cli(["rank", SEED / "config.yaml", "-o", "排名.XLSX"], capsys)
    assert code == 0 and (workdir / "排名.XLSX").is_file() and "已生成 排名.XLSX" in out
