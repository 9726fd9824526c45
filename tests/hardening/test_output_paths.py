"""A shared config writes only inside its own folder, under names it may use (exit 3 otherwise)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import run_cli

LEDGER = {"title": "台账", "items": [{"seq": 1, "task": "任务", "units": [
    {"unit": "区财政局", "person": "王惠平", "progress": "推进中。", "status": "积极"}]}]}
OLD = b"a file someone else made"


def _config(folder: Path, **changes: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "台账.yaml").write_text(yaml.safe_dump(LEDGER, allow_unicode=True), encoding="utf-8")
    data: dict[str, Any] = {"ledger": "台账.yaml", "office": "某区督查局", "date": "2022-11-12",
                            "documents": [{"kind": "attachment", "file": "附件",
                                           "formats": ["docx"]}]}
    data.update(changes)
    path = folder / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_output_dir_outside_the_config_folder_is_refused(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sibling = tmp_path / "别的科室"
    sibling.mkdir()
    (sibling / "附件.docx").write_bytes(OLD)
    config = _config(tmp_path / "work", output_dir="../别的科室")
    code, _, err = run_cli(["build", str(config)], capsys)
    assert code == 3
    assert "output_dir" in err and "-o" in err and "Traceback" not in err
    assert (sibling / "附件.docx").read_bytes() == OLD
    assert sorted(p.name for p in sibling.iterdir()) == ["附件.docx"]


@pytest.mark.parametrize("output_dir", ["ABSOLUTE", "输出/../../外面", "C:/输出", "LINK"])
def test_absolute_escaping_and_linked_output_dirs_are_config_errors(
        output_dir: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    outside = tmp_path / "外面"
    outside.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    if output_dir == "ABSOLUTE":
        output_dir = str(outside)
    elif output_dir == "LINK":
        (work / "输出").symlink_to(outside, target_is_directory=True)
        output_dir = "输出"
    code, _, err = run_cli(["build", str(_config(work, output_dir=output_dir))], capsys)
    assert code == 3 and "output_dir" in err
    assert list(outside.iterdir()) == []


def test_the_command_line_output_may_point_anywhere(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path / "work")
    elsewhere = tmp_path / "我的输出"
    code, _, err = run_cli(["build", str(config), "-o", str(elsewhere)], capsys)
    assert code == 0, err
    assert (elsewhere / "附件.docx").is_file()


BAD_NAMES = ["../附件", "子目录/附件", "子目录\\附件", "C:附件", "CON", "nul.txt", "Lpt1", "com3",
             "..", ".隐藏", "附件 .", "a:b", "附\x07件", ""]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_a_document_file_name_that_is_a_path_or_a_device_is_a_config_error(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path / "work", documents=[
        {"kind": "attachment", "file": name, "formats": ["docx"]}])
    code, _, err = run_cli(["build", str(config)], capsys)
    assert code == 3, err
    assert "documents[0].file" in err and "Traceback" not in err
    assert not (tmp_path / "work" / "输出").exists()
    assert not (tmp_path / "附件.docx").exists()


@pytest.mark.parametrize("name", ["../公开版", "CON", "a/b"])
def test_a_bad_publish_file_is_a_config_error(
        name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path / "work", publish={"file": name})
    code, _, err = run_cli(["build", str(config)], capsys)
    assert code == 3 and "publish.file" in err


def test_a_default_name_made_from_parameters_is_checked_too(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = _config(tmp_path / "work", documents=[
        {"kind": "attachment", "formats": ["docx"], "params": {"label": "../../附件"}}])
    code, _, err = run_cli(["build", str(config)], capsys)
    assert code == 3 and "documents[0].file" in err, err
    assert not (tmp_path / "附件.docx").exists()


def test_replacing_a_file_this_config_did_not_write_is_reported(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    work = tmp_path / "work"
    config = _config(work)
    (work / "输出").mkdir()
    (work / "输出" / "附件.docx").write_bytes(OLD)  # made by hand, not by reportgen
    code, out, err = run_cli(["build", str(config)], capsys)
    assert code == 0, err
    assert "已替换" in err and "附件.docx" in err and "不是由本配置生成" in err
    manifest = json.loads((work / "输出" / ".reportgen-manifest.json").read_text(encoding="utf-8"))
    assert manifest["configs"][str(config.resolve())] == ["附件.docx"]
    code, out, err = run_cli(["build", str(config)], capsys)  # its own file now: nothing to report
    assert code == 0 and "已替换" not in err
    other = _config(tmp_path / "work2", output_dir="输出")
    other.rename(work / "另一个配置.yaml")  # a second config in the same folder, same output
    code, out, err = run_cli(["build", str(work / "另一个配置.yaml")], capsys)
    assert code == 0 and "已替换" in err and "附件.docx" in err


@pytest.mark.parametrize("output_dir", ["输\x00出", "loop"])
def test_odd_output_dirs_are_config_errors_not_tracebacks(output_dir: str, tmp_path: Path) -> None:
    from reportgen.config import config_from_dict
    from reportgen.errors import ConfigError

    (tmp_path / "loop").symlink_to(tmp_path / "loop")  # a symlink that points at itself
    data = {"ledger": "台账.yaml", "output_dir": output_dir, "documents": [{"kind": "attachment"}]}
    with pytest.raises(ConfigError, match="output_dir"):
        config_from_dict(data, "config.yaml", tmp_path)


def test_a_build_never_writes_over_its_own_ledger(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from reportgen.loaders import load_ledger
    from reportgen.writers.xlsx import write_ledger

    work = tmp_path / "work"
    config = _config(work, ledger="台账.xlsx", output_dir=".", documents=[
        {"kind": "attachment", "file": "台账", "formats": ["xlsx"]}])
    write_ledger(load_ledger(work / "台账.yaml").ledger, work / "台账.xlsx")
    before = (work / "台账.xlsx").read_bytes()
    code, _, err = run_cli(["build", str(config)], capsys)
    assert code == 5 and "覆盖输入" in err and "台账.xlsx" in err, err
    assert (work / "台账.xlsx").read_bytes() == before
    code, _, err = run_cli(["build", str(config), "-o", str(tmp_path / "别处")], capsys)
    assert code == 0, err
    assert (tmp_path / "别处" / "台账.xlsx").is_file()
