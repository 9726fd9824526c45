"""click's own usage errors reach the user in Chinese: no English left in them."""
from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from support import run_cli

from reportgen.cli.click_zh import translate

ENGLISH = re.compile(r"\b(?:not|valid|range|does|match|formats?|one|Invalid|value|Missing|option|"
                     r"argument|Directory|File|exist|Choose|from|boolean|Did|mean|such|command|"
                     r"Error|requires|takes|extra|readable|integer|float)\b")


@pytest.mark.parametrize(("kind", "value", "chinese"), [
    (click.INT, "x", "“x”不是有效的整数。"),
    (click.FLOAT, "y", "“y”不是有效的数字。"),
    (click.IntRange(min=1), "0", "0 太小：至少为 1。"),
    (click.IntRange(max=9), "10", "10 太大：至多为 9。"),
    (click.IntRange(1, 9), "10", "10 不在 1 到 9 之间。"),
    (click.FloatRange(0, 1, min_open=True), "0", "0 不在 0 到 1 之间。"),
    (click.Choice(["pdf", "docx"]), "rtf", "“rtf”不是可选的值（pdf、docx）。"),
    (click.Choice(["pdf"]), "rtf", "“rtf”不是可选的值（pdf）。"),
    (click.BOOL, "maybe", "“maybe”不是有效的是非值"),
    (click.DateTime(["%Y-%m-%d"]), "2022-13-01", "“2022-13-01”不是有效的日期（格式 YYYY-MM-DD）。"),
])
def test_bad_values_in_chinese(kind: click.ParamType, value: str, chinese: str) -> None:
    with pytest.raises(click.BadParameter) as raised:
        kind.convert(value, None, None)
    message = translate(raised.value.format_message())
    assert chinese in message and not ENGLISH.search(message), message


def test_missing_and_unknown_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cases = [
        (["build", "-j", "x", "c.yaml"], "参数 -j/--jobs 的值无效：“x”不是有效的整数。"),
        (["build", "-j", "0", "c.yaml"], "参数 -j/--jobs 的值无效：0 太小：至少为 1。"),
        (["stats", "--date", "2022-13-01", "x.csv"], "不是有效的日期（格式 YYYY-MM-DD）"),
        (["serve", str(tmp_path / "无")], "文件夹“"),
        (["import", "x.docx"], "缺少选项 -o/--output。"),
        (["fontz"], "没有这个命令：fontz。是不是 fonts？"),
        (["stats", "--jsn", "x.csv"], "没有这个选项：--jsn。是不是 --json？"),
        (["build"], "缺少参数"),
        (["history", "--db"], "选项 --db 需要一个值。"),
    ]
    (tmp_path / "f.txt").write_text("x", encoding="utf-8")
    cases.append((["serve", str(tmp_path / "f.txt")], "是文件，应为文件夹。"))
    for args, chinese in cases:
        code, _, err = run_cli(args, capsys)
        assert code == 2, (args, err)
        assert chinese in err and not ENGLISH.search(err), (args, err)
