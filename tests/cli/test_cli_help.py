"""Help texts: Chinese throughout, aligned and wrapped by terminal columns."""
from __future__ import annotations

import re
import unicodedata

import pytest
from support import run_cli

from reportgen.cli import cli

ENGLISH = ["Show this message", "[OPTIONS]", "COMMAND", "[ARGS]", "PATH", "TEXT", "INTEGER",
           "[default:", "[required]", "[x>=", "Usage:", "Options:", "LEDGER", "CONFIG", "FILE"]


def _columns(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("command", [[], *[[name] for name in sorted(cli.commands)]])
def test_help_is_chinese_and_fits_80_columns(command: list[str],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli([*command, "-h"], capsys)
    assert code == 0 and out.startswith("用法：reportgen")
    assert [word for word in ENGLISH if word in out] == []
    assert out.count("-h, --help") == 1  # one help option, not -h and --help apart
    assert "显示本帮助并退出。" in out
    assert all(_columns(line) <= 80 for line in out.splitlines()), out
    assert not any(re.match(r"\s+[，。、；：）]", line) for line in out.splitlines()), out


def test_option_texts_line_up_after_chinese_placeholders(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(["stats", "-h"], capsys)
    starts = {_columns(line[:line.index(text)]) for line in out.splitlines()
              for text in ("与上期台账对比", "另选一期", "以 JSON 输出") if text in line}
    assert len(starts) == 1, out


def test_command_list_shows_each_first_sentence(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run_cli(["-h"], capsys)
    rows = dict(line.split(None, 1) for line in out.split("命令：")[1].splitlines() if line.strip())
    assert set(rows) == set(cli.commands)
    assert rows["stats"].startswith("统计台账：任务数")  # was "..." when cut at spaces
    assert rows["init"] == "新建工作目录：示例配置与台账，可直接生成"
