"""The working folder as front ends list it, configs made from a form, errors as the CLI words them."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from reportgen.config import load_config
from reportgen.errors import ConfigError, DataError
from reportgen.pipeline import build, workspace

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "zhanhe-2022-08"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "w")
    return tmp_path / "w"


def test_lists_configs_and_ledgers_skipping_hidden_and_deep(folder: Path) -> None:
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "x.yaml").write_text("items: []\n", encoding="utf-8")
    deep = folder / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    (deep / "深.yaml").write_text("items: []\n", encoding="utf-8")
    (folder / "~$台账.xlsx").write_bytes(b"lock")
    def names(paths: list[Path]) -> list[str]:
        return [p.relative_to(folder).as_posix() for p in paths]

    assert names(workspace.list_configs(folder)) == ["config.yaml", "督办.yaml", "history/config.yaml"]
    ledgers = names(workspace.list_ledgers(folder))
    assert "台账.yaml" in ledgers and "history/2022年11月.yaml" in ledgers
    assert not any(n.startswith((".hidden", "a/b/c/d", "~$")) or "config" in n for n in ledgers)
    assert "history/matches.yaml" not in ledgers  # the comparison's matches file


def test_a_builds_outputs_are_not_offered_as_ledgers(folder: Path) -> None:
    """The Excel 台账 a build wrote is named in its folder's manifest: an output, not a ledger
    to build from; a workbook the clerk put beside it is still offered."""
    result = build(folder / "config.yaml", folder / "输出", formats=["xlsx"])
    (folder / "输出" / "各单位交回汇总.xlsx").write_bytes(result.outputs[0].read_bytes())
    ledgers = [p.relative_to(folder).as_posix() for p in workspace.list_ledgers(folder)]
    assert result.outputs[0].name.endswith(".xlsx") and f"输出/{result.outputs[0].name}" not in ledgers
    assert "输出/各单位交回汇总.xlsx" in ledgers


def test_free_name_never_overwrites(folder: Path) -> None:
    assert workspace.free_name(folder, "台账", ".yaml").name == "台账_2.yaml"
    assert workspace.free_name(folder, "../../x/y", ".yaml").parent == folder
    assert workspace.free_name(folder, "CON", ".yaml").name == "_CON.yaml"


def test_new_config_is_validated_then_written(folder: Path) -> None:
    new = workspace.NewConfig(ledger="台账.yaml", kind="bulletin", title="通报", issue_no=3,
                              date=dt.date(2022, 12, 1), office="督查局",
                              requirements=["一。", "二。"], formats=["docx", "pdf"],
                              file="通报第3期", publish=True)
    path = workspace.save_new_config(folder, new, "新配置")
    config = load_config(path)
    assert config.publish is not None and config.publish.file == "通报第3期（公开版）"
    assert config.documents[0].params["requirements"] == ["一。", "二。"]
    with pytest.raises(ConfigError) as missing:
        workspace.save_new_config(folder, workspace.NewConfig(ledger="台账.yaml", kind="bulletin"),
                                  "坏")
    assert [(p.field, p.message) for p in missing.value.problems] == [("issue_no", "缺少必填参数")]
    with pytest.raises(ConfigError, match="未知的文档类型"):
        workspace.save_new_config(folder, workspace.NewConfig(ledger="台账.yaml", kind="nope"),
                                  "坏")
    assert not (folder / "坏.yaml").exists()


def test_explain_words_errors_as_the_cli_does() -> None:
    failure = workspace.explain(DataError("台账有误", []))
    assert failure.lines() == ["错误：台账有误"] and failure.exit_code == 2
    io = workspace.explain(FileNotFoundError(2, "No such file or directory", "x.yaml"))
    assert io.message == "文件操作失败：No such file or directory（x.yaml）" and io.exit_code == 5


def test_kinds_and_suffixes_come_from_the_registries() -> None:
    assert workspace.kinds()["bulletin"] == "督查通报"
    assert ".yaml" in workspace.ledger_suffixes() and ".xlsx" in workspace.ledger_suffixes()
    assert workspace.output_formats() == ["docx", "pdf", "html", "xlsx"]


def test_duban_configs_are_told_apart(folder: Path) -> None:
    assert workspace.is_duban_config(folder / "督办.yaml")
    assert not workspace.is_duban_config(folder / "config.yaml")
    (folder / "坏.yaml").write_text("documents: [", encoding="utf-8")
    assert not workspace.is_duban_config(folder / "坏.yaml")  # unreadable: listed as a report
    assert workspace.kinds()["duban"].startswith("督办通知单")
