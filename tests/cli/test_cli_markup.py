"""Ledger texts, unit names and paths print as they are: never read as console markup."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from support import run_cli

HEAD = "序号,工作任务,牵头单位,责任人,进展情况,完成情况\n"
# A lagging unit and a task in brackets that rich would read as styles, or fail on ("[/b]"
# closes no tag: a MarkupError and a traceback before), and an item with no progress yet.
ROWS = ("1,完成[red]一号[/x]任务,区[bold]局,张三,已开工,滞后\n"
        "2,推进[bold]二号任务,区财政局,李四,,正常\n")


def ledger(folder: Path, name: str, rows: str = ROWS) -> Path:
    path = folder / name
    path.write_text(HEAD + rows, encoding="utf-8")
    return path


def test_stats_prints_bracketed_texts_literally(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    now = ledger(tmp_path, "本期.csv")
    before = ledger(tmp_path, "上期.csv")
    code, out, _ = run_cli(["stats", now, "--compare", before], capsys)
    assert code == 0
    assert "存在滞后事项的单位：区[bold]局" in out
    assert "推进[bold]二号任务" in out  # no progress yet
    assert "区[bold]局（2期）：完成[red]一号[/x]任务" in out  # lagging two periods running
    assert "区[bold]局" in out.split("对比")[1]  # the comparison table's cell


def test_history_and_check_print_bracketed_names(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "h.db"
    path = ledger(tmp_path, "2022年11月.csv")
    code, _, err = run_cli(["record", path, "--db", db, "--period", "2022年11月"], capsys)
    assert code == 0, err
    code, out, _ = run_cli(["history", "区[bold]局", "--db", db], capsys)
    assert code == 0
    assert "单位：区[bold]局" in out and "完成[red]一号" in out
    bad = tmp_path / "[red]坏.pdf"
    bad.write_bytes(b"%PDF-1.4 not really")
    code, out, err = run_cli(["check", bad], capsys)
    assert code != 0
    assert "[red]坏.pdf" in out + err


def test_build_failure_names_a_bracketed_target(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "[bold]配置.yaml"
    config.write_text("ledger: 不存在.csv\n", encoding="utf-8")
    code, _, err = run_cli(["build", config, "-o", tmp_path / "out"], capsys)
    assert code != 0
    assert "[bold]配置.yaml" in err


def test_unknown_option_is_reported_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_cli(["stats", "--jsn", "台账.csv"], capsys)
    assert code == 2
    assert "没有这个选项：--jsn。是不是 --json？" in err and "Did you mean" not in err


def test_stats_wraps_chinese_on_a_narrow_terminal(tmp_path: Path) -> None:
    """On a terminal, long lines wrap by Chinese rules: no line starts with closing
    punctuation, a continued streak line is indented, nothing is wider than the terminal."""
    task = "加快东环路南延、轻工路东延等道路拆迁工作，推动姚新路等尽快建成通车，" * 3
    rows = f"1,{task},区住建局,张三,已开工,滞后\n2,任务乙,区财政局,李四,已完成,正常\n"
    now, before = ledger(tmp_path, "本期.csv", rows), ledger(tmp_path, "上期.csv", rows)
    env = {**os.environ, "COLUMNS": "50", "FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    run = subprocess.run([sys.executable, "-m", "reportgen", "stats", str(now), "--compare",
                          str(before)], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = re.sub(r"\x1b\[[0-9;]*m", "", run.stdout).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("  区住建局（2期）："))
    streak = lines[start:start + 4]
    assert all(line.startswith("    ") for line in streak[1:]), streak
    for line in lines:
        width = sum(2 if ord(c) > 0x2E80 else 1 for c in line)
        assert width <= 50 or "━" in line or "─" in line, line
        assert not line.lstrip().startswith(("，", "。", "、")), line


def test_build_progress_on_a_terminal_shows_bracketed_names(tmp_path: Path) -> None:
    """The progress bar's columns quote the target's folder: text, not markup."""
    folder = tmp_path / "[red]工作"
    env = {**os.environ, "COLUMNS": "100", "FORCE_COLOR": "1", "NO_COLOR": "1", "TERM": "xterm"}
    command = [sys.executable, "-m", "reportgen"]
    init = subprocess.run([*command, "init", str(folder)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert init.returncode == 0, init.stderr
    run = subprocess.run([*command, "build", str(folder / "config.yaml"), "-f", "docx",
                          "-o", str(tmp_path / "out")], capture_output=True, text=True, env=env,
                         timeout=300)
    assert run.returncode == 0, run.stderr
    assert "[red]工作/config.yaml" in run.stderr and "Traceback" not in run.stderr
