"""What a writer would refuse is found before rendering, with file, row and field; and the
small cases of issue 10: GBK or empty configs, unknown -f formats, duplicate 序号."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import run_cli

LEDGER = ("title: 重点工作台账\nitems:\n  - seq: 1\n    task: 任务甲\n    units:\n"
          "      - unit: 区财政局\n        progress: {progress}\n        status: 积极\n"
          "  - seq: {second_seq}\n    task: 任务乙\n    progress: 已完成。\n    status: 正常\n")
CONFIG = ("ledger: 台账.yaml\noffice: {office}\ndate: {date}\ndocuments:\n"
          "  - kind: attachment\n    file: 附件\n    formats: [docx]\n"
          "    params: {{title: 附件标题}}\n")


def folder(tmp_path: Path, progress: str = "已完成。", second_seq: str = "2",
           office: str = "某区督查局", date: str = "2022-11-12", encoding: str = "utf-8") -> Path:
    (tmp_path / "台账.yaml").write_text(LEDGER.format(progress=progress, second_seq=second_seq),
                                       encoding="utf-8")
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG.format(office=office, date=date), encoding=encoding)
    return config


def run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """The CLI's status, output and error, the error's lines joined by single spaces."""
    code, out, err = run_cli(args, capsys)
    return code, out, " ".join(err.split())


def built(tmp_path: Path) -> list[str]:
    out = tmp_path / "out"
    return sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) if out.exists() else []


def test_a_cell_over_the_excel_limit_is_a_data_error_before_rendering(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = folder(tmp_path, progress="进" * 40_000)
    code, _, err = run(capsys, "validate", tmp_path / "台账.yaml")
    assert code == 2
    assert "items[0].units[0].progress（第7行） 字段“progress”：有 40000 个字" in err
    assert "Excel 单元格上限 32767" in err
    code, _, _ = run(capsys, "build", config, "-o", tmp_path / "out")
    assert code == 2 and built(tmp_path) == []


def test_a_title_over_the_document_property_limit(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder(tmp_path)
    ledger = tmp_path / "台账.yaml"
    ledger.write_text(ledger.read_text(encoding="utf-8").replace("重点工作台账", "台" * 300),
                      encoding="utf-8")
    code, _, err = run(capsys, "validate", ledger)
    assert code == 2 and "title（第1行） 字段“title”：有 300 个字，超过Word/Excel 文档属性上限 255" in err


@pytest.mark.parametrize(("office", "phrase"), [
    ("某" * 300, "office：有 300 个字，超过 Word/Excel 文档属性上限 255 个字"),
    ("某区\u202e局察督", "office：含有双向文字控制符 U+202E"),
    ("某区\x1b督查局", "office：含有控制字符 U+001B"),
])
def test_config_texts_writers_would_refuse(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                           office: str, phrase: str) -> None:
    quoted = '"' + office.replace("\x1b", "\\e") + '"'
    config = folder(tmp_path, office=quoted)
    code, _, err = run(capsys, "build", config, "-o", tmp_path / "out")
    assert code == 3 and phrase in err, err
    assert built(tmp_path) == []


@pytest.mark.parametrize(("date", "phrase"), [
    ("2022-02-30", "第3行：日期“2022-02-30”不存在"),
    ("'2022-02-30'", "date：应是日期，写成 2022-11-12 的形式（得到 '2022-02-30'）"),
    ("2022-13-01", "第3行：日期“2022-13-01”不存在"),
])
def test_impossible_dates_in_a_config(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                      date: str, phrase: str) -> None:
    config = folder(tmp_path, date=date)
    code, _, err = run(capsys, "build", config, "-o", tmp_path / "out")
    assert code == 3 and phrase in err, err
    assert built(tmp_path) == []


def test_a_gbk_config_is_read_as_a_config_and_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = folder(tmp_path, office="某区督查局", encoding="gbk")
    code, out, err = run(capsys, "build", config, "-o", tmp_path / "out")
    assert code == 0, err
    assert "配置文件不是 UTF-8 编码，已按 GBK/GB18030 读取" in err
    assert built(tmp_path) == ["附件.docx"] and "附件.docx" in out


@pytest.mark.parametrize("content", [b"", b"\n\n", b"# only a comment\n", b"\xef\xbb\xbf\n"])
def test_an_empty_config_is_an_empty_config(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            content: bytes) -> None:
    (tmp_path / "config.yaml").write_bytes(content)
    code, _, err = run(capsys, "build", tmp_path / "config.yaml", "-o", tmp_path / "out")
    assert code == 3 and "配置文件" in err and "是空的" in err and "台账文件" not in err
    assert built(tmp_path) == []


@pytest.mark.parametrize(("formats", "phrase"), [
    (["PDF"], "不支持的输出格式“PDF”（“PDF”应写作小写 pdf）"),
    (["docx", "doc"], "不支持的输出格式“doc”；可用的格式：docx、pdf、html、xlsx"),
    (["xlsx"], "没有文档要生成 xlsx 格式，未生成任何文件"),
])
def test_format_names_that_would_write_nothing_are_errors(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], formats: list[str],
        phrase: str) -> None:
    config = folder(tmp_path)
    options = [part for fmt in formats for part in ("-f", fmt)]
    code, _, err = run(capsys, "build", config, "-o", tmp_path / "out", *options)
    assert code == 3 and phrase in err, err
    assert built(tmp_path) == []


def test_a_duplicate_seq_warns_naming_both_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder(tmp_path, second_seq="1")
    code, _, err = run(capsys, "validate", tmp_path / "台账.yaml")
    assert code == 0
    assert "items[1].seq（第9行） 字段“seq”：序号“1”重复（已用于 items[0].seq（第3行））" in err


def test_a_duplicate_seq_in_a_table_names_both_spreadsheet_rows(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "台账.csv"
    path.write_text("序号,工作任务,完成情况\n1,甲,积极\n2,乙,正常\n1,丙,滞后\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", path)
    assert code == 0 and "第4行 字段“序号”：序号“1”重复（已用于 第2行）" in err


def test_unique_seq_makes_a_duplicate_an_error(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    config = folder(tmp_path, second_seq="1")
    config.write_text(config.read_text(encoding="utf-8") + "unique_seq: true\n", encoding="utf-8")
    code, _, err = run(capsys, "build", config, "-o", tmp_path / "out")
    assert code == 2 and "序号“1”重复" in err and built(tmp_path) == []
