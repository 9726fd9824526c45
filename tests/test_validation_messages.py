"""What pydantic finds wrong in a config, a document's parameters, a style profile or the
ranking weights is told in Chinese, with the key path and the value given — never pydantic's
English ("Input should be a valid integer"); so is a YAML syntax error in a config or a ledger,
with its line — never PyYAML's ("mapping values are not allowed here")."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from support import run_cli

from reportgen.errors import _VALIDATION, validation_message

LEDGER = ("title: 重点工作台账\nitems:\n  - seq: 1\n    task: 任务甲\n    unit: 区财政局\n"
          "    progress: 已完成。\n    status: 积极\n")
DOCUMENT = "  - kind: bulletin\n    file: 通报\n    formats: [docx]\n    params: {params}\n"
ENGLISH = re.compile(r"Input should|should be|Field required|Extra inputs|valid (date|integer)")


def _run(tmp_path: Path, capsys: pytest.CaptureFixture[str], config: str,
         command: str = "build") -> tuple[int, str]:
    (tmp_path / "台账.yaml").write_text(LEDGER, encoding="utf-8")
    (tmp_path / "config.yaml").write_text("ledger: 台账.yaml\n" + config, encoding="utf-8")
    args = [command, tmp_path / "config.yaml"] + (["-o", tmp_path / "out"]
                                                   if command == "build" else [])
    code, _, err = run_cli(args, capsys)
    return code, " ".join(err.split())


@pytest.mark.parametrize(("config", "phrases"), [
    ("date: 2024年4月10日\ndocuments:\n" + DOCUMENT.format(params="{issue_no: 1}"),
     ["date：应是日期，写成 2022-11-12 的形式（得到 '2024年4月10日'）"]),
    ("documents:\n" + DOCUMENT.format(params="{issue_no: 一}"),
     ["issue_no", "应是整数（如 8）（得到 '一'）"]),
    ("documents:\n" + DOCUMENT.format(params="{issue_no: 1.5}"),
     ["issue_no", "应是整数，不能带小数（得到 1.5）"]),
    ("documents: 通报\n", ["documents：应是列表（每项一行，以“- ”开头）（得到 '通报'）"]),
    ("sealed: 也许\ndocuments:\n" + DOCUMENT.format(params="{issue_no: 1}"),
     ["sealed：应是 true 或 false（得到 '也许'）"]),
    ("publish: 公开版\ndocuments:\n" + DOCUMENT.format(params="{issue_no: 1}"),
     ["publish：应是“键: 值”形式的映射（得到 '公开版'）"]),
    ("ofice: 某局\ndocuments:\n" + DOCUMENT.format(params="{issue_no: 1}"),
     ["ofice：未知的键（请检查拼写）（得到 '某局'）"]),
])
def test_config_mistakes_are_told_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                             config: str, phrases: list[str]) -> None:
    code, err = _run(tmp_path, capsys, config)
    assert code == 3, err
    for phrase in phrases:
        assert phrase in err, err
    assert not ENGLISH.search(err), err
    assert not (tmp_path / "out").exists()


def test_ranking_weights_are_told_in_chinese(tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    config = ("ranking:\n  weights: {good: 很多}\ndocuments:\n"
              + DOCUMENT.format(params="{issue_no: 1}"))
    code, err = _run(tmp_path, capsys, config, "rank")
    assert code == 3 and "ranking.weights.good" in err and "应是数字（如 1.5）（得到 '很多'）" in err
    assert not ENGLISH.search(err), err


def test_a_style_profile_mistake_is_told_in_chinese(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.resources import data_dir

    shipped = (data_dir("configs") / "profiles" / "gbt9704.yaml").read_text(encoding="utf-8")
    broken = shipped.replace("chars: 28", "chars: 二十八", 1)
    assert broken != shipped
    (tmp_path / "profiles").mkdir()
    (tmp_path / "profiles" / "mine.yaml").write_text(broken, encoding="utf-8")
    config = "profile: mine\ndocuments:\n" + DOCUMENT.format(params="{issue_no: 1}")
    code, err = _run(tmp_path, capsys, config)
    assert code == 3 and "mine.yaml" in err and "应是整数（如 8）（得到 '二十八'）" in err, err
    assert not ENGLISH.search(err), err


@pytest.mark.parametrize("kind", sorted(_VALIDATION))
def test_every_known_error_type_reads_as_chinese(kind: str) -> None:
    context = {"expected": "'a', 'b' or 'c'", "gt": 1, "ge": 1, "lt": 9, "le": 9,
               "multiple_of": 2, "min_length": 1, "max_length": 3, "pattern": "^x$"}
    text = validation_message({"type": kind, "msg": "Input should be something",
                               "ctx": context, "input": "值"})
    assert not ENGLISH.search(text) and re.search(r"[\u4e00-\u9fff]", text)
    assert text.endswith("（得到 '值'）") or kind == "missing"


def test_our_own_messages_and_unknown_types_pass_through() -> None:
    own = {"type": "value_error", "msg": "Value error, 状态等级不能重复", "input": ["积极"]}
    assert validation_message(own) == "状态等级不能重复（得到 ['积极']）"
    long = {"type": "new_kind", "msg": "Something new", "input": "长" * 100}
    assert validation_message(long) == "Something new（得到 '" + "长" * 59 + "…）"


YAML_ENGLISH = re.compile(r"mapping values|cannot start|expected|found|alias|stream")


@pytest.mark.parametrize(("where", "text", "phrase"), [
    ("config", "ledger: 台账.yaml\ndocuments:\n\t- kind: bulletin\n",
     "第3行：有制表符（Tab）：YAML 只能用空格缩进，请把 Tab 换成空格"),
    ("config", "ledger: 台账.yaml\noffice: \"某区督查局\ndocuments: []\n", "引号没有闭合，文件就结束了"),
    ("config", "ledger: 台账.yaml\ndocuments: [{kind: bulletin}\n",
     "方括号 [ ] 列表没有正确结束（缺少逗号或“]”）"),
    ("ledger", "title: 台账\nitems:\n  - seq: 1\n    task: 要求: 按期完成\n",
     "第4行第13列：此处不能再有“键: 值”"),
    ("ledger", "title: 台账\nitems:\n  - seq: 1\n   task: 任务\n",
     "缩进不齐或少了冒号（同一层的键、同一列表的“- ”应对齐）"),
])
def test_yaml_syntax_errors_are_told_in_chinese(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                where: str, text: str, phrase: str) -> None:
    path = tmp_path / ("config.yaml" if where == "config" else "台账.yaml")
    path.write_text(text, encoding="utf-8")
    code, _, err = run_cli(["validate", path], capsys)
    err = " ".join(err.split())
    assert code == (3 if where == "config" else 2), err
    assert phrase in err and "不是有效的 YAML" in err, err
    assert not YAML_ENGLISH.search(err), err
